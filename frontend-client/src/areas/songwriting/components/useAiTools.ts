import { useCallback } from "react";
import type { LyricsGenerateInput, LyricsSectionToolInput, MusicStylePromptToolInput } from "@/gql/graphql";
import { useStreamedGeneration, type StreamedGeneration } from "@/shared/generation";
import {
  lyricsGenerateDocument,
  lyricsSectionToolDocument,
  musicStylePromptToolDocument,
} from "../operations";

export interface LyricsAi extends StreamedGeneration {
  /** A section tool (lyricsSectionTool), streamed; resolves to the final text or null. */
  sectionTool(input: LyricsSectionToolInput, target: string): Promise<string | null>;
  /** Lyrics written from an idea in an architecture's sections (lyricsGenerate), streamed. */
  generate(input: LyricsGenerateInput, target: string): Promise<string | null>;
}

/** The lyric editor's AI tools, streamed like templateGenerate. */
export function useLyricsAi(): LyricsAi {
  const generation = useStreamedGeneration();
  const { start } = generation;
  const sectionTool = useCallback(
    (input: LyricsSectionToolInput, target: string) =>
      start(
        (client) =>
          client
            .mutation(lyricsSectionToolDocument, { input })
            .toPromise()
            .then((result) => ({ error: result.error, payload: result.data?.lyricsSectionTool })),
        target,
      ),
    [start],
  );
  const generate = useCallback(
    (input: LyricsGenerateInput, target: string) =>
      start(
        (client) =>
          client
            .mutation(lyricsGenerateDocument, { input })
            .toPromise()
            .then((result) => ({ error: result.error, payload: result.data?.lyricsGenerate })),
        target,
      ),
    [start],
  );
  return { ...generation, sectionTool, generate };
}

export interface StyleAi extends StreamedGeneration {
  /** Enhance (for Mureka or Suno) or translate a music style prompt, streamed. */
  run(input: MusicStylePromptToolInput, target: string): Promise<string | null>;
}

export function useStyleAi(): StyleAi {
  const generation = useStreamedGeneration();
  const { start } = generation;
  const run = useCallback(
    (input: MusicStylePromptToolInput, target: string) =>
      start(
        (client) =>
          client
            .mutation(musicStylePromptToolDocument, { input })
            .toPromise()
            .then((result) => ({ error: result.error, payload: result.data?.musicStylePromptTool })),
        target,
      ),
    [start],
  );
  return { ...generation, run };
}
