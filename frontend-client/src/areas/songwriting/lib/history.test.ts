import { describe, expect, it } from "vitest";
import { COALESCE_MS, HISTORY_MAX, historyOf, record, redo, undo } from "./history";

describe("the lyric editor's history", () => {
  it("undoes and redoes any number of steps, and a new change drops what was undone", () => {
    let h = historyOf("a");
    h = record(h, "ab", "tool", 0);
    h = record(h, "abc", "tool", 1);
    h = record(h, "abcd", "tool", 2);
    h = undo(undo(h));
    expect(h.present).toBe("ab");
    h = redo(h);
    expect(h.present).toBe("abc");
    h = undo(undo(h));
    expect(h.present).toBe("a");
    expect(undo(h)).toBe(h);
    h = record(h, "x", "tool", 3);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(undo(h).present).toBe("a");
  });

  it("merges a burst of typing into one step, but not a tool's change", () => {
    let h = historyOf("");
    h = record(h, "W", "typing", 0);
    h = record(h, "We", "typing", 200);
    h = record(h, "We ", "typing", 400);
    h = record(h, "We b", "typing", 400 + COALESCE_MS + 1); // a pause: a new step
    expect(h.past).toEqual(["", "We "]);
    h = record(h, "WE B", "tool", 2000);
    h = record(h, "WE Bu", "typing", 2100); // typing after a tool starts its own step
    expect(h.past).toEqual(["", "We ", "We b", "WE B"]);
    expect(undo(h).present).toBe("WE B");
  });

  it("ends a burst after five seconds of uninterrupted typing", () => {
    let h = historyOf("");
    for (let ms = 0; ms <= 6000; ms += 500) h = record(h, `x${ms}`, "typing", ms);
    expect(h.past).toEqual(["", "x4500"]);
  });

  it("keeps an unchanged text as it is and the last HISTORY_MAX steps", () => {
    const h = historyOf("same");
    expect(record(h, "same", "tool")).toBe(h);
    let long = historyOf("0");
    for (let n = 1; n <= HISTORY_MAX + 10; n++) long = record(long, String(n), "tool", n);
    expect(long.past).toHaveLength(HISTORY_MAX);
    expect(long.past[0]).toBe("10");
  });
});
