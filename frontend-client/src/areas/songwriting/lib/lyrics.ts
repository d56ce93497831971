/** Small text helpers of the lyric editor; the lyric tools themselves run on the server. */

/** A line that is only a section label: **Verse 1**, [Chorus] (the forms lyricsParse knows best). */
const LABEL_LINE = /^\s*(?:\*\*\s*([^*\n]+?)\s*\*\*\s*:?|\[\s*([^[\]\n]+?)\s*\])\s*$/;

function squashed(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9äöü]/g, "");
}

/** An AI answer without the quotes a model sometimes wraps it in (the original system stripped them too). */
export function unquoted(text: string): string {
  const trimmed = text.trim();
  const quoted = /^(["“„'])([\s\S]*)(["”“'])$/.exec(trimmed);
  return quoted && !quoted[2].includes(quoted[1]) ? quoted[2].trim() : trimmed;
}

/**
 * An AI suggestion for one section without the section's own label on its first line, which a model sometimes
 * repeats (applying it would write the label twice); without quotes and blank lines around it.
 */
export function suggestionLines(text: string, label: string | null): string {
  const lines = unquoted(text.replace(/\r\n?/g, "\n")).split("\n");
  const first = LABEL_LINE.exec(lines[0] ?? "");
  if (first && label && squashed(first[1] ?? first[2] ?? "") === squashed(label)) lines.shift();
  return lines.join("\n").trim();
}

/** The number of lines of a text (an empty text has one). */
export function lineCount(text: string): number {
  return text.split("\n").length;
}

/** Mantine colours for rhymes: lines whose last words rhyme share one. */
const PALETTE = [
  "blue",
  "grape",
  "teal",
  "orange",
  "pink",
  "lime",
  "cyan",
  "violet",
  "yellow",
  "red",
  "indigo",
];

/**
 * A colour for each rhyme key that two or more lines share, in the order the rhymes first appear; a line
 * rhyming with no other gets none.
 */
export function rhymeColours(keys: readonly (string | null)[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  const colours = new Map<string, string>();
  for (const key of keys) {
    if (key && (counts.get(key) ?? 0) > 1 && !colours.has(key)) {
      colours.set(key, PALETTE[colours.size % PALETTE.length]);
    }
  }
  return colours;
}
