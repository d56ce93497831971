import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { beforeAll, describe, expect, it } from "vitest";
import { initI18n } from "@/shared/i18n";
import { fakeClient } from "@/test/fakeClient";
import { usePromptTool } from "./usePromptTool";

/** A server whose imagePromptTool starts generation G1 (or refuses), and whose stream ends it at once. */
function setup(refusal?: { field: string[]; code: string; message: string }) {
  const fake = fakeClient((op) => {
    if (op.kind === "mutation")
      return {
        data: {
          imagePromptTool: {
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
          delta: "A lighthouse",
          status: "COMPLETE",
          errorCode: null,
          generation: {
            __typename: "Generation",
            id: "G1",
            status: "COMPLETE",
            text: "A lighthouse in a storm",
            error: null,
          },
        },
      },
    };
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Provider value={fake.client}>{children}</Provider>
  );
  return { ...renderHook(() => usePromptTool(), { wrapper }), operations: fake.operations };
}

describe("usePromptTool", () => {
  beforeAll(() => {
    localStorage.setItem("aiproxy.language", "en");
    initI18n({});
  });

  it("runs imagePromptTool with the tool's input and resolves to the streamed text", async () => {
    const { result, operations } = setup();
    let text: string | null = null;
    await act(async () => {
      text = await result.current.run(
        { tool: "TRANSLATE", text: "ein Leuchtturm", composition: "auto", enhance: "AUTO" },
        "prompt",
      );
    });
    expect(text).toBe("A lighthouse in a storm");
    expect(operations[0].kind).toBe("mutation");
    expect(operations[0].variables).toEqual({
      input: { tool: "TRANSLATE", text: "ein Leuchtturm", composition: "auto", enhance: "AUTO" },
    });
    expect(operations[1].variables).toEqual({ id: "G1" });
    await waitFor(() => expect(result.current.phase).toBe("done"));
    expect(result.current.target).toBe("prompt");
  });

  it("fails with the userError's text", async () => {
    const { result } = setup({ field: ["input", "text"], code: "REQUIRED", message: "Text is required." });
    let text: string | null = "";
    await act(async () => {
      text = await result.current.run({ tool: "ENHANCE", text: " " }, "prompt");
    });
    expect(text).toBeNull();
    expect(result.current.phase).toBe("failed");
    expect(result.current.error).toBe("Text is required.");
  });
});
