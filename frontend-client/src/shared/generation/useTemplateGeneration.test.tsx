import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Client, makeResult, Provider, type Exchange, type Operation } from "urql";
import { beforeAll, describe, expect, it } from "vitest";
import { delay, filter, fromArray, fromValue, mergeMap, pipe } from "wonka";
import { initI18n } from "@/shared/i18n";
import { useTemplateGeneration } from "./useTemplateGeneration";

type Step = { delta: string; status: string; text?: string; error?: string };

/** A fake server: templateGenerate answers `start`, generationStream sends `steps` 5 ms apart. */
function setup(start: Record<string, unknown>, steps: Step[]) {
  const operations: Operation[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      mergeMap((op) => {
        operations.push(op);
        if (op.kind === "mutation") return pipe(fromValue(makeResult(op, { data: start })), delay(1));
        const events = steps.map((step) =>
          makeResult(op, {
            data: {
              generationStream: {
                __typename: "GenerationStreamEvent",
                delta: step.delta,
                status: step.status,
                errorCode: step.error ? "PROVIDER_ERROR" : null,
                generation:
                  step.status === "STREAMING"
                    ? null
                    : {
                        __typename: "Generation",
                        id: "G1",
                        status: step.status,
                        text: step.text ?? "",
                        error: step.error
                          ? { __typename: "MessageError", code: "X", message: step.error }
                          : null,
                      },
              },
            },
          }),
        );
        return pipe(
          fromArray(events.map((e, i) => ({ e, i }))),
          mergeMap(({ e, i }) => pipe(fromValue(e), delay(5 * (i + 1)))),
        );
      }),
    );
  const client = new Client({ url: "/graphql", exchanges: [exchange] });
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  const seen: string[] = []; // the text of every render, to see it grow
  const hook = renderHook(
    () => {
      const generation = useTemplateGeneration();
      if (seen[seen.length - 1] !== generation.text) seen.push(generation.text);
      return generation;
    },
    { wrapper },
  );
  return { ...hook, operations, seen };
}

const STARTED = {
  templateGenerate: {
    __typename: "GenerationPayload",
    generation: { __typename: "Generation", id: "G1", status: "STREAMING", text: "" },
    userErrors: [],
  },
};
const REQUEST = { category: "titel", action: "generate", inputText: "rain" };

describe("useTemplateGeneration", () => {
  beforeAll(() => {
    localStorage.setItem("aiproxy.language", "en");
    initI18n({});
  });

  it("streams the text and resolves to the stored final text", async () => {
    const { result, operations, seen } = setup(STARTED, [
      { delta: "Neon ", status: "STREAMING" },
      { delta: "Rain", status: "STREAMING" },
      { delta: "", status: "COMPLETE", text: "Neon Rain" },
    ]);
    let done!: Promise<string | null>;
    act(() => {
      done = result.current.run(REQUEST, "title");
    });
    expect(result.current.running).toBe(true);
    expect(result.current.target).toBe("title");
    await expect(done).resolves.toBe("Neon Rain");
    await waitFor(() => expect(result.current.phase).toBe("done"));
    expect(seen).toEqual(["", "Neon ", "Neon Rain"]);
    expect(operations.map((o) => o.kind)).toEqual(["mutation", "subscription"]);
    expect(operations[0].variables).toEqual({ input: { ...REQUEST, userInstructions: null } });
    expect(operations[1].variables).toEqual({ id: "G1" });
  });

  it("says why it failed: a user error, or the provider's message", async () => {
    const refused = setup(
      {
        templateGenerate: {
          __typename: "GenerationPayload",
          generation: null,
          userErrors: [
            {
              __typename: "UserError",
              field: ["input", "action"],
              message: "Template x/y is deactivated.",
              code: "INVALID",
            },
          ],
        },
      },
      [],
    );
    let done!: Promise<string | null>;
    act(() => {
      done = refused.result.current.run(REQUEST);
    });
    await expect(done).resolves.toBeNull();
    await waitFor(() => expect(refused.result.current.phase).toBe("failed"));
    expect(refused.result.current.error).toBe("Template x/y is deactivated.");

    const broken = setup(STARTED, [
      { delta: "Ha", status: "STREAMING" },
      { delta: "", status: "FAILED", text: "Ha", error: "The model is not available." },
    ]);
    act(() => {
      done = broken.result.current.run(REQUEST);
    });
    await expect(done).resolves.toBeNull();
    await waitFor(() => expect(broken.result.current.phase).toBe("failed"));
    expect(broken.result.current.error).toBe("The model is not available.");
  });

  it("drops a cancelled run's result", async () => {
    const { result } = setup(STARTED, [
      { delta: "Late", status: "STREAMING" },
      { delta: "", status: "COMPLETE", text: "Late" },
    ]);
    let done!: Promise<string | null>;
    act(() => {
      done = result.current.run(REQUEST, "title");
    });
    act(() => result.current.cancel());
    await expect(done).resolves.toBeNull();
    expect(result.current.phase).toBe("cancelled");
    expect(result.current.running).toBe(false);
    await new Promise((r) => setTimeout(r, 40));
    expect(result.current.phase).toBe("cancelled");
    expect(result.current.text).toBe("");
  });
});
