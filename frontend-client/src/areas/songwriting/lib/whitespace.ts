/** Text with its whitespace made visible (the rules page): spaces, tabs and line breaks as pieces of their own. */
export type Piece =
  | { kind: "text"; text: string }
  | { kind: "space"; count: number }
  | { kind: "tab" }
  | { kind: "newline" }
  | { kind: "other"; text: string };

/** Whitespace other than space, tab and line break (no-break space, carriage return …), shown by its code. */
const OTHER = /[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\r\v\f]/;

export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
  };
  for (const char of text) {
    if (char === " ") {
      flush();
      const last = out[out.length - 1];
      if (last?.kind === "space") last.count += 1;
      else out.push({ kind: "space", count: 1 });
    } else if (char === "\t") {
      flush();
      out.push({ kind: "tab" });
    } else if (char === "\n") {
      flush();
      out.push({ kind: "newline" });
    } else if (OTHER.test(char)) {
      flush();
      out.push({ kind: "other", text: char });
    } else {
      plain += char;
    }
  }
  flush();
  return out;
}

/** U+00A0 as "U+00A0". */
export function codeOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A piece of a previewed text: a match (its index) or the text between matches. */
export interface Span {
  text: string;
  match: number | null;
}

/**
 * The text cut at the matches' spans, which count code points (as the API counts them), so a character
 * outside the BMP (🎸) is one. An empty match gives an empty span, to mark where it is.
 */
export function spans(text: string, matches: readonly { start: number; end: number }[]): Span[] {
  const chars = Array.from(text);
  const out: Span[] = [];
  let at = 0;
  matches.forEach((m, i) => {
    const start = Math.max(at, Math.min(m.start, chars.length));
    const end = Math.max(start, Math.min(m.end, chars.length));
    if (start > at) out.push({ text: chars.slice(at, start).join(""), match: null });
    out.push({ text: chars.slice(start, end).join(""), match: i });
    at = end;
  });
  if (at < chars.length) out.push({ text: chars.slice(at).join(""), match: null });
  return out;
}
