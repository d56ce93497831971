import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { beforeAll, describe, expect, it } from "vitest";
import { initI18n } from "@/shared/i18n";
import { fakeClient } from "@/test/fakeClient";
import { useLyricsAi, useStyleAi } from "./useAiTools";

/** A server whose mutation (`field`) starts generation G1 (or refuses), and whose stream ends it at once. */
function setup<T>(
  hook: () => T,
  field: string,
  refusal?: { field: string[]; code: string; message: string },
) {
  const fake = fakeClient((op) => {
    if (op.kind === "mutation")
      return {
        data: {
          [field]: {
            __typename: "GenerationPayload",
            generation: refusal
              ? null
              : { __typename: "Generation", id: "G1", status: "STREAMING", text: "" },
            userErrors: refusal ? [{ __typename: "UserError", ...refusal }] : [],
          },
        },
      };
    return {
      data: {
        generationStream: {
          __typename: "GenerationStreamEvent",
          delta: "We burn",
          status: "COMPLETE",
          errorCode: null,
          generation: {
            __typename: "Generation",
            id: "G1",
            status: "COMPLETE",
            text: "We burn like fire",
            error: null,
          },
        },
      },
    };
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Provider value={fake.client}>{children}</Provider>
  );
  return { ...renderHook(hook, { wrapper }), operations: fake.operations };
}

describe("the songwriting AI tools", () => {
  beforeAll(() => {
    localStorage.setItem("aiproxy.language", "en");
    initI18n({});
  });

  it("runs a section tool with its input and resolves to the streamed text", async () => {
    const { result, operations } = setup(useLyricsAi, "lyricsSectionTool");
    let text: string | null = null;
    const input = { tool: "EXTEND" as const, song: "**CHORUS**\nWe burn", section: 0, lines: 2 };
    await act(async () => {
      text = await result.current.sectionTool(input, "lyrics");
    });
    expect(text).toBe("We burn like fire");
    expect(operations[0].kind).toBe("mutation");
    expect(operations[0].variables).toEqual({ input });
    expect(operations[1].variables).toEqual({ id: "G1" });
    await waitFor(() => expect(result.current.phase).toBe("done"));
  });

  it("writes lyrics from an idea through lyricsGenerate", async () => {
    const { result, operations } = setup(useLyricsAi, "lyricsGenerate");
    const input = { text: "a night drive", structure: { sections: ["VERSE" as const, "CHORUS" as const] } };
    await act(async () => {
      await result.current.generate(input, "lyrics");
    });
    expect(operations[0].variables).toEqual({ input });
    expect(result.current.text).toBe("We burn like fire");
  });

  it("fails a style tool with the userError's text", async () => {
    const { result } = setup(useStyleAi, "musicStylePromptTool", {
      field: ["input", "text"],
      code: "REQUIRED",
      message: "Text is required.",
    });
    let text: string | null = "";
    await act(async () => {
      text = await result.current.run({ tool: "ENHANCE", text: " " }, "prompt");
    });
    expect(text).toBeNull();
    expect(result.current.phase).toBe("failed");
    expect(result.current.error).toBe("Text is required.");
  });
});
