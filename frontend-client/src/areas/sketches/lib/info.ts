/**
 * A sketch's `info` is one text. The editor offers the original's info template — Key, Tempo (BPM), Time
 * Signature, Total Number of Bars, Song Length — as fields and keeps them in the text as labelled lines
 * (English labels, whatever the UI language, so the text reads the same everywhere), followed by free notes:
 *
 *     Key: A minor
 *     Tempo (BPM): 92
 *     Time Signature: 4/4
 *     Total Number of Bars: 64
 *     Song Length: 2:47
 *
 *     Anything else the user wrote.
 */

export const INFO_FIELDS = ["key", "tempo", "timeSignature", "bars", "length"] as const;
export type InfoField = (typeof INFO_FIELDS)[number];

export type InfoValues = Record<InfoField, string> & { notes: string };

/** The label each field has in the stored text. */
export const INFO_LABELS: Record<InfoField, string> = {
  key: "Key",
  tempo: "Tempo (BPM)",
  timeSignature: "Time Signature",
  bars: "Total Number of Bars",
  length: "Song Length",
};

/** Labels read back besides INFO_LABELS (short forms and German), lower-case. */
const ALIASES: Record<string, InfoField> = {
  key: "key",
  tonart: "key",
  "tempo (bpm)": "tempo",
  tempo: "tempo",
  bpm: "tempo",
  "time signature": "timeSignature",
  taktart: "timeSignature",
  "total number of bars": "bars",
  bars: "bars",
  "number of bars": "bars",
  "anzahl der takte": "bars",
  takte: "bars",
  "song length": "length",
  length: "length",
  songlänge: "length",
  länge: "length",
  dauer: "length",
};

const LINE = /^\s*([^:]{1,40}?)\s*:\s*(.*?)\s*$/;

export function emptyInfo(): InfoValues {
  return { key: "", tempo: "", timeSignature: "", bars: "", length: "", notes: "" };
}

/** Reads the template's fields out of a stored info text; everything else becomes the notes. */
export function parseInfo(text: string | null | undefined): InfoValues {
  const values = emptyInfo();
  if (!text) return values;
  const notes: string[] = [];
  const seen = new Set<InfoField>();
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const match = LINE.exec(line);
    const field = match ? ALIASES[match[1].toLowerCase()] : undefined;
    if (match && field && !seen.has(field)) {
      seen.add(field);
      values[field] = match[2];
    } else {
      notes.push(line);
    }
  }
  values.notes = notes.join("\n").trim();
  return values;
}

/** The text stored for these values: the filled fields as labelled lines, a blank line, the notes. Null when empty. */
export function buildInfo(values: InfoValues): string | null {
  const lines = INFO_FIELDS.filter((f) => values[f].trim()).map(
    (f) => `${INFO_LABELS[f]}: ${values[f].trim()}`,
  );
  const notes = values.notes.trim();
  const parts = [lines.join("\n"), notes].filter(Boolean);
  return parts.length ? parts.join("\n\n") : null;
}

/** Beats per bar from a time signature such as "4/4", "6/8" or "3/4"; null when it cannot be read. */
export function beatsPerBar(signature: string): number | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(signature);
  if (!match) return null;
  const beats = Number(match[1]);
  const unit = Number(match[2]);
  if (!beats || ![1, 2, 4, 8, 16, 32].includes(unit)) return null;
  return beats;
}

/** "m:ss" for a number of seconds. */
export function formatLength(seconds: number): string {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * The song's length from bars, tempo and time signature (bars × beats per bar at the tempo, one beat being the
 * signature's unit), as "m:ss"; null unless all three are readable.
 */
export function estimateLength(values: Pick<InfoValues, "tempo" | "timeSignature" | "bars">): string | null {
  const bpm = Number(values.tempo.replace(",", ".").trim());
  const bars = Number(values.bars.trim());
  const beats = beatsPerBar(values.timeSignature);
  if (!values.tempo.trim() || !Number.isFinite(bpm) || bpm <= 0 || bpm > 1000) return null;
  if (!values.bars.trim() || !Number.isInteger(bars) || bars <= 0 || bars > 100_000) return null;
  if (beats === null) return null;
  return formatLength((bars * beats * 60) / bpm);
}
