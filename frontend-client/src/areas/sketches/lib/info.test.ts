import { describe, expect, it } from "vitest";
import { beatsPerBar, buildInfo, emptyInfo, estimateLength, formatLength, parseInfo } from "./info";

describe("info template", () => {
  it("builds the filled fields as labelled lines, then the notes", () => {
    const text = buildInfo({
      ...emptyInfo(),
      key: " A minor ",
      tempo: "92",
      timeSignature: "4/4",
      bars: "64",
      length: "2:47",
      notes: "Capo 2.\nDrop the bridge?",
    });
    expect(text).toBe(
      "Key: A minor\nTempo (BPM): 92\nTime Signature: 4/4\nTotal Number of Bars: 64\nSong Length: 2:47\n\nCapo 2.\nDrop the bridge?",
    );
  });

  it("leaves out empty fields and is null when nothing is filled", () => {
    expect(buildInfo({ ...emptyInfo(), tempo: "120" })).toBe("Tempo (BPM): 120");
    expect(buildInfo({ ...emptyInfo(), notes: "just a note" })).toBe("just a note");
    expect(buildInfo({ ...emptyInfo(), key: "  ", notes: " \n " })).toBeNull();
  });

  it("reads back what it builds", () => {
    const values = {
      key: "C# major",
      tempo: "128",
      timeSignature: "6/8",
      bars: "80",
      length: "3:45",
      notes: "Line one\n\nLine: with a colon",
    };
    expect(parseInfo(buildInfo(values))).toEqual(values);
  });

  it("reads short and German labels, any case, and keeps unknown lines as notes", () => {
    const parsed = parseInfo("tempo: 90\r\nTonart: d-Moll\nBPM: 100\nMood: dark\nTakte: 32");
    expect(parsed.tempo).toBe("90");
    expect(parsed.key).toBe("d-Moll");
    expect(parsed.bars).toBe("32");
    // A second tempo line is not a field: it stays in the notes, nothing is lost.
    expect(parsed.notes).toBe("BPM: 100\nMood: dark");
  });

  it("treats free text as notes", () => {
    expect(parseInfo("Written on a train.")).toEqual({ ...emptyInfo(), notes: "Written on a train." });
    expect(parseInfo(null)).toEqual(emptyInfo());
    expect(parseInfo("")).toEqual(emptyInfo());
  });
});

describe("song length", () => {
  it("reads time signatures", () => {
    expect(beatsPerBar("4/4")).toBe(4);
    expect(beatsPerBar(" 6 / 8 ")).toBe(6);
    expect(beatsPerBar("3/5")).toBeNull();
    expect(beatsPerBar("waltz")).toBeNull();
    expect(beatsPerBar("0/4")).toBeNull();
  });

  it("formats seconds as m:ss", () => {
    expect(formatLength(0)).toBe("0:00");
    expect(formatLength(59.6)).toBe("1:00");
    expect(formatLength(167)).toBe("2:47");
    expect(formatLength(3600)).toBe("60:00");
  });

  it("estimates the length from bars, tempo and time signature", () => {
    // 64 bars × 4 beats at 120 BPM = 128 s.
    expect(estimateLength({ tempo: "120", timeSignature: "4/4", bars: "64" })).toBe("2:08");
    // 48 bars × 3 beats at 90 BPM = 96 s.
    expect(estimateLength({ tempo: "90", timeSignature: "3/4", bars: "48" })).toBe("1:36");
    expect(estimateLength({ tempo: "92.5", timeSignature: "4/4", bars: "10" })).toBe("0:26");
  });

  it("has no estimate while a value is missing or unreadable", () => {
    expect(estimateLength({ tempo: "", timeSignature: "4/4", bars: "64" })).toBeNull();
    expect(estimateLength({ tempo: "fast", timeSignature: "4/4", bars: "64" })).toBeNull();
    expect(estimateLength({ tempo: "120", timeSignature: "", bars: "64" })).toBeNull();
    expect(estimateLength({ tempo: "120", timeSignature: "4/4", bars: "6.5" })).toBeNull();
    expect(estimateLength({ tempo: "0", timeSignature: "4/4", bars: "64" })).toBeNull();
  });
});
