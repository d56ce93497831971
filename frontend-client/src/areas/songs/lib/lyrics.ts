import type { SongChoiceLyricsFieldsFragment } from "@/gql/graphql";

export type LyricsTimeline = NonNullable<SongChoiceLyricsFieldsFragment["lyricsTimeline"]>;
export type LyricsSection = LyricsTimeline["sections"][number];
export type LyricsLine = LyricsSection["lines"][number];
export type LyricsDiff = NonNullable<SongChoiceLyricsFieldsFragment["lyricsDiff"]>;

/** How long a line stays lit after it is sung when the next one is still far off (an instrumental break). */
export const LINE_HOLD_SECONDS = 2;

/** Every line of a timeline in the order they are sung, with their start times ready to search. */
export interface LineIndex {
  lines: LyricsLine[];
  starts: number[];
}

export function indexLines(timeline: LyricsTimeline): LineIndex {
  const lines = timeline.sections.flatMap((section) => section.lines);
  return { lines, starts: lines.map((line) => line.start) };
}

/** The index of the last of the sorted `starts` at or before `time`; -1 when none is (a binary search). */
export function lastStartedAt(starts: readonly number[], time: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * The line being sung at `time` (seconds): the last one started, until the next starts or, in a long break,
 * until it has been over for LINE_HOLD_SECONDS; -1 before the singing and in the breaks.
 */
export function currentLine(index: LineIndex, time: number): number {
  const at = lastStartedAt(index.starts, time);
  if (at < 0) return -1;
  return time <= index.lines[at].end + LINE_HOLD_SECONDS ? at : -1;
}

/** The word of a line being sung at `time`: the last one started; -1 before its first. */
export function currentWord(line: LyricsLine, time: number): number {
  let found = -1;
  for (let i = 0; i < line.words.length && line.words[i].start <= time; i++) found = i;
  return found;
}

/** Where a stretch of the song lies on a bar as long as the song: left and width in percent. */
export function spanOnBar(start: number, end: number, length: number): { left: number; width: number } {
  if (!(length > 0)) return { left: 0, width: 0 };
  const clamp = (value: number) => Math.min(100, Math.max(0, (value / length) * 100));
  const left = clamp(start);
  return { left, width: Math.max(0, clamp(end) - left) };
}

/** The song's length for the section bar: the audio's, else the choice's, else where the last section ends. */
export function barLength(
  audioDuration: number | null | undefined,
  choiceDuration: number | null | undefined,
  timeline: LyricsTimeline,
): number {
  if (audioDuration != null && Number.isFinite(audioDuration) && audioDuration > 0) return audioDuration;
  if (choiceDuration != null && choiceDuration > 0) return choiceDuration;
  return timeline.sections.reduce((end, section) => Math.max(end, section.end), 0);
}

/** The first section of a type (a producer's "take me to the chorus"). */
export function firstOfType(timeline: LyricsTimeline, type: LyricsSection["type"]): LyricsSection | null {
  return timeline.sections.find((section) => section.type === type) ?? null;
}
