import { useCallback } from "react";
import type { ImagePromptToolInput } from "@/gql/graphql";
import { useStreamedGeneration, type StreamedGeneration } from "@/shared/generation";
import { imagePromptToolDocument } from "../operations";

export interface ImagePromptTools extends StreamedGeneration {
  /** Runs a prompt tool (imagePromptTool) and streams its text; resolves to the final text or null. */
  run(input: ImagePromptToolInput, target?: string): Promise<string | null>;
}

/** The generator's prompt tools (enhance, translate, interpret lyrics, title), streamed like templateGenerate. */
export function usePromptTool(): ImagePromptTools {
  const generation = useStreamedGeneration();
  const { start } = generation;
  const run = useCallback(
    (input: ImagePromptToolInput, target?: string) =>
      start(
        (client) =>
          client
            .mutation(imagePromptToolDocument, { input })
            .toPromise()
            .then((result) => ({ error: result.error, payload: result.data?.imagePromptTool })),
        target,
      ),
    [start],
  );
  return { ...generation, run };
}
