import { describe, expect, it } from "vitest";
import {
  barLength,
  currentLine,
  currentWord,
  firstOfType,
  indexLines,
  lastStartedAt,
  spanOnBar,
  type LyricsLine,
  type LyricsTimeline,
} from "./lyrics";

function line(start: number, text: string): LyricsLine {
  const words = text
    .split(" ")
    .map((word, i) => ({ start: start + i * 0.5, end: start + i * 0.5 + 0.4, text: word }));
  return { start, end: words[words.length - 1].end, text, words };
}

const timeline: LyricsTimeline = {
  firstVocal: 10,
  sections: [
    {
      type: "VERSE",
      position: 1,
      number: 1,
      start: 10,
      end: 13.4,
      duration: 3.4,
      lines: [line(10, "Raindrops on the window"), line(12, "I hear you call")],
    },
    {
      type: "CHORUS",
      position: 2,
      number: 1,
      start: 40,
      end: 41.4,
      duration: 1.4,
      lines: [line(40, "Oh the river")],
    },
  ],
};

describe("synced lyrics", () => {
  const index = indexLines(timeline);

  it("finds the last start at or before a time", () => {
    expect(lastStartedAt([], 3)).toBe(-1);
    expect(lastStartedAt([1, 2, 3], 0.5)).toBe(-1);
    expect(lastStartedAt([1, 2, 3], 1)).toBe(0);
    expect(lastStartedAt([1, 2, 3], 2.5)).toBe(1);
    expect(lastStartedAt([1, 2, 3], 99)).toBe(2);
  });

  it("lights the line being sung, holds it briefly, and none before the singing or in a long break", () => {
    expect(index.lines.map((l) => l.text)).toEqual([
      "Raindrops on the window",
      "I hear you call",
      "Oh the river",
    ]);
    expect(currentLine(index, 0)).toBe(-1);
    expect(currentLine(index, 10)).toBe(0);
    expect(currentLine(index, 11.99)).toBe(0);
    expect(currentLine(index, 12)).toBe(1);
    expect(currentLine(index, 14.5)).toBe(1); // just after it ended
    expect(currentLine(index, 20)).toBe(-1); // the break before the chorus
    expect(currentLine(index, 40.1)).toBe(2);
  });

  it("lights the word being sung", () => {
    const sung = index.lines[0];
    expect(currentWord(sung, 9.9)).toBe(-1);
    expect(currentWord(sung, 10)).toBe(0);
    expect(currentWord(sung, 11.2)).toBe(2);
    expect(currentWord(sung, 30)).toBe(3);
    expect(currentWord({ ...sung, words: [] }, 11)).toBe(-1);
  });

  it("places sections on a bar to scale", () => {
    expect(spanOnBar(10, 30, 200)).toEqual({ left: 5, width: 10 });
    expect(spanOnBar(190, 230, 200)).toEqual({ left: 95, width: 5 }); // cut at the end
    expect(spanOnBar(1, 2, 0)).toEqual({ left: 0, width: 0 });
    expect(barLength(178.2, 178.12, timeline)).toBe(178.2);
    expect(barLength(Number.NaN, 178.12, timeline)).toBe(178.12);
    expect(barLength(undefined, null, timeline)).toBe(41.4);
  });

  it("finds the first chorus", () => {
    expect(firstOfType(timeline, "CHORUS")?.start).toBe(40);
    expect(firstOfType(timeline, "BRIDGE")).toBeNull();
  });
});
