import { describe, expect, it } from "vitest";
import { findAll, nextFound, replaceAll, replaceOne } from "./findReplace";

describe("search and replace", () => {
  const text = "Fire (and) fire, FIRE.\nfire$1";

  it("finds the words as written, with or without case", () => {
    expect(findAll(text, "fire", false).map((f) => f.start)).toEqual([0, 11, 17, 23]);
    expect(findAll(text, "fire", true).map((f) => f.start)).toEqual([11, 23]);
    expect(findAll(text, "(and)", true)).toEqual([{ start: 5, end: 10 }]);
    expect(findAll(text, "", false)).toEqual([]);
  });

  it("goes to the next one and wraps round", () => {
    const found = findAll(text, "fire", false);
    expect(nextFound(found, 1)?.start).toBe(11);
    expect(nextFound(found, 24)?.start).toBe(0);
    expect(nextFound([], 0)).toBeNull();
  });

  it("replaces every one, with the replacement taken literally", () => {
    expect(replaceAll(text, "FIRE", "$&-$1", false)).toEqual({
      text: "$&-$1 (and) $&-$1, $&-$1.\n$&-$1$1",
      count: 4,
    });
    expect(replaceAll(text, ".", "!", true)).toEqual({ text: "Fire (and) fire, FIRE!\nfire$1", count: 1 });
    expect(replaceOne("a b a", { start: 4, end: 5 }, "c")).toBe("a b c");
  });
});
