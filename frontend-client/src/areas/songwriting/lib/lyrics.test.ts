import { describe, expect, it } from "vitest";
import { lineCount, rhymeColours, suggestionLines, unquoted } from "./lyrics";

describe("lyric helpers", () => {
  it("drops the section's own label from the top of a suggestion", () => {
    expect(suggestionLines("**VERSE1**\nNew line\nOther line\n", "VERSE1")).toBe("New line\nOther line");
    expect(suggestionLines("[Verse 1]\r\nNew line", "Verse 1")).toBe("New line");
    expect(suggestionLines("\n\nNew line\n\n", "CHORUS")).toBe("New line");
    // Another section's label is the model's text: kept.
    expect(suggestionLines("**CHORUS**\nNew line", "VERSE1")).toBe("**CHORUS**\nNew line");
    expect(suggestionLines("**VERSE1**\nNew line", null)).toBe("**VERSE1**\nNew line");
    expect(suggestionLines('"New line\nOther line"', "VERSE1")).toBe("New line\nOther line");
  });

  it("strips quotes around a whole answer, not quotes inside it", () => {
    expect(unquoted(' "Hold on" ')).toBe("Hold on");
    expect(unquoted("„Halt dich fest“")).toBe("Halt dich fest");
    expect(unquoted('"Hold" on "me"')).toBe('"Hold" on "me"');
    expect(unquoted("Hold on")).toBe("Hold on");
  });

  it("colours only rhymes that two lines share, in order of appearance", () => {
    const colours = rhymeColours(["AY1 T", null, "IY1 N", "AY1 T", "OW1", "IY1 N"]);
    expect([...colours.entries()]).toEqual([
      ["AY1 T", "blue"],
      ["IY1 N", "grape"],
    ]);
    expect(lineCount("a\nb\n")).toBe(3);
  });
});
