import { describe, expect, it } from "vitest";
import { codeOf, pieces, spans } from "./whitespace";

describe("visible whitespace", () => {
  it("cuts a text into words, runs of spaces, tabs, line breaks and other blanks", () => {
    expect(pieces("a  b\t\nc\u00a0d\r\n")).toEqual([
      { kind: "text", text: "a" },
      { kind: "space", count: 2 },
      { kind: "text", text: "b" },
      { kind: "tab" },
      { kind: "newline" },
      { kind: "text", text: "c" },
      { kind: "other", text: "\u00a0" },
      { kind: "text", text: "d" },
      { kind: "other", text: "\r" },
      { kind: "newline" },
    ]);
    expect(pieces("")).toEqual([]);
    expect(codeOf("\u00a0")).toBe("U+00A0");
  });

  it("cuts a text at matches counted in code points", () => {
    expect(
      spans("🎸 rock  \nroll", [
        { start: 6, end: 8 },
        { start: 12, end: 12 },
      ]),
    ).toEqual([
      { text: "🎸 rock", match: null },
      { text: "  ", match: 0 },
      { text: "\nrol", match: null },
      { text: "", match: 1 },
      { text: "l", match: null },
    ]);
    expect(spans("abc", [])).toEqual([{ text: "abc", match: null }]);
    expect(spans("ab", [{ start: 0, end: 9 }])).toEqual([{ text: "ab", match: 0 }]);
  });
});
