/** Search and replace in the lyric editor: plain text (not a pattern), optionally matching case. */
export interface Found {
  start: number;
  end: number;
}

function escaped(query: string): string {
  return query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function pattern(query: string, matchCase: boolean): RegExp {
  return new RegExp(escaped(query), matchCase ? "gu" : "giu");
}

/** Every place `query` occurs, in order, not overlapping. */
export function findAll(text: string, query: string, matchCase: boolean): Found[] {
  if (!query) return [];
  return Array.from(text.matchAll(pattern(query, matchCase)), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The next place at or after `from` (wrapping round to the first); null when there is none. */
export function nextFound(found: Found[], from: number): Found | null {
  if (!found.length) return null;
  return found.find((f) => f.start >= from) ?? found[0];
}

/** The text with every occurrence replaced (the replacement as it is: `$1` is not special here). */
export function replaceAll(
  text: string,
  query: string,
  replacement: string,
  matchCase: boolean,
): { text: string; count: number } {
  if (!query) return { text, count: 0 };
  let count = 0;
  const out = text.replace(pattern(query, matchCase), () => {
    count += 1;
    return replacement;
  });
  return { text: out, count };
}

/** The text with the occurrence at `found` replaced. */
export function replaceOne(text: string, found: Found, replacement: string): string {
  return text.slice(0, found.start) + replacement + text.slice(found.end);
}
