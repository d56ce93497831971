import { describe, expect, it } from "vitest";
import { cleanTags, hasTag, knownTags, TAG_CATEGORIES, toggleTag } from "./tags";

describe("tags", () => {
  it("has the original's suggestions", () => {
    expect(TAG_CATEGORIES.style).toHaveLength(15);
    expect(TAG_CATEGORIES.theme).toHaveLength(11);
    expect(TAG_CATEGORIES.useCase).toEqual(["unused", "cover", "song", "inspiration", "video", "demo"]);
  });

  it("cleans like the API: trimmed, no blanks, no duplicates in any case", () => {
    expect(cleanTags([" Pop ", "", "pop", "Rock", "  ", "ROCK", "love"])).toEqual(["Pop", "Rock", "love"]);
  });

  it("toggles a tag in any spelling", () => {
    expect(toggleTag(["pop"], "rock")).toEqual(["pop", "rock"]);
    expect(toggleTag(["Pop", "rock"], "pop")).toEqual(["rock"]);
    expect(hasTag(["Love"], "love")).toBe(true);
  });

  it("offers the suggestions and the tags seen, sorted, once each", () => {
    const tags = knownTags([
      ["Ballad", "pop"],
      ["ballad", "zeta"],
    ]);
    expect(tags).toContain("Ballad");
    expect(tags.filter((t) => t.toLowerCase() === "ballad")).toHaveLength(1);
    expect(tags.filter((t) => t === "pop")).toHaveLength(1);
    expect(tags.indexOf("zeta")).toBe(tags.length - 1);
  });
});
