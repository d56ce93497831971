import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, type Client, type CombinedError } from "urql";
import { describeError, userErrorText, type UserErrorLike } from "../graphql/errors";
import { generationStreamDocument, templateGenerateDocument } from "./operations";

export interface GenerationRequest {
  category: string;
  action: string;
  inputText: string;
  userInstructions?: string | null;
}

export type GenerationPhase = "idle" | "running" | "done" | "failed" | "cancelled";

export interface GenerationState {
  phase: GenerationPhase;
  /** The text so far (streamed), or the final text once done. */
  text: string;
  /** Why it failed, in a sentence. */
  error: string | null;
  /** What the caller said this run is for (e.g. "title"), to show progress at the right field. */
  target: string | null;
}

/** What a mutation that starts a generation answered: its GenerationPayload, or the request's error. */
export interface GenerationStart {
  error?: CombinedError;
  payload?: { generation?: { id: string } | null; userErrors: readonly UserErrorLike[] } | null;
}

/** Sends the mutation that starts a generation (templateGenerate, imagePromptTool …). */
export type GenerationStarter = (client: Client) => Promise<GenerationStart>;

export interface StreamedGeneration extends GenerationState {
  running: boolean;
  /**
   * Starts a generation with `starter` and follows its text (generationStream). Resolves to the final text,
   * or null when it failed or was cancelled (`error` says why). One run at a time: a new run cancels the one
   * before.
   */
  start(starter: GenerationStarter, target?: string): Promise<string | null>;
  /** Stops following the run: its result is dropped (the API has no way to stop a generation yet). */
  cancel(): void;
}

export interface TemplateGeneration extends StreamedGeneration {
  /** Runs a prompt template (templateGenerate); see `start`. */
  run(request: GenerationRequest, target?: string): Promise<string | null>;
}

const IDLE: GenerationState = { phase: "idle", text: "", error: null, target: null };

/** Runs generations that stream their text (any mutation answering a GenerationPayload); see `start`. */
export function useStreamedGeneration(): StreamedGeneration {
  const client = useClient();
  const { t } = useTranslation();
  const [state, setState] = useState<GenerationState>(IDLE);
  const current = useRef<{ stop(): void } | null>(null);

  const cancel = useCallback(() => {
    current.current?.stop();
    current.current = null;
  }, []);

  useEffect(() => cancel, [cancel]);

  const start = useCallback(
    (starter: GenerationStarter, target?: string): Promise<string | null> => {
      cancel();
      let ended = false;
      let unsubscribe: (() => void) | null = null;
      return new Promise<string | null>((resolve) => {
        const finish = (next: GenerationState, value: string | null) => {
          if (ended) return;
          ended = true;
          unsubscribe?.();
          if (current.current === handle) current.current = null;
          setState(next);
          resolve(value);
        };
        const fail = (error: string, text = "") =>
          finish({ phase: "failed", text, error, target: target ?? null }, null);
        const handle = {
          stop: () => finish({ ...IDLE, phase: "cancelled", target: target ?? null }, null),
        };
        current.current = handle;
        setState({ phase: "running", text: "", error: null, target: target ?? null });

        void starter(client).then((started) => {
          if (ended) return;
          if (started.error) return fail(describeError(started.error, t));
          const problem = started.payload?.userErrors[0];
          if (problem) return fail(userErrorText(problem, t));
          const generation = started.payload?.generation;
          if (!generation) return fail(t("common:status.error"));
          let text = "";
          const { unsubscribe: stop } = client
            .subscription(generationStreamDocument, { id: generation.id })
            .subscribe((event) => {
              if (ended) return;
              if (event.error) return fail(describeError(event.error, t), text);
              const step = event.data?.generationStream;
              if (!step) return;
              text += step.delta;
              if (step.status === "STREAMING") {
                setState((prev) => (prev.phase === "running" ? { ...prev, text } : prev));
                return;
              }
              const final = step.generation?.text ?? text;
              if (step.status === "COMPLETE") {
                finish({ phase: "done", text: final, error: null, target: target ?? null }, final);
              } else if (step.status === "STOPPED") {
                finish({ ...IDLE, phase: "cancelled", text: final, target: target ?? null }, null);
              } else {
                fail(step.generation?.error?.message ?? step.errorCode ?? t("common:status.error"), final);
              }
            });
          unsubscribe = stop;
          if (ended) stop();
        });
      });
    },
    [client, cancel, t],
  );

  return { ...state, running: state.phase === "running", start, cancel };
}

/** Runs prompt templates on a text, streaming the answer; see `run`. */
export function useTemplateGeneration(): TemplateGeneration {
  const generation = useStreamedGeneration();
  const { start } = generation;
  const run = useCallback(
    (request: GenerationRequest, target?: string) =>
      start(
        (client) =>
          client
            .mutation(templateGenerateDocument, {
              input: {
                category: request.category,
                action: request.action,
                inputText: request.inputText,
                userInstructions: request.userInstructions ?? null,
              },
            })
            .toPromise()
            .then((result) => ({ error: result.error, payload: result.data?.templateGenerate })),
        target,
      ),
    [start],
  );
  return { ...generation, run };
}
