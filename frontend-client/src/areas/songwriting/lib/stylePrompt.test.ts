import { describe, expect, it } from "vitest";
import { hasTerm, toggleTerm, withTags } from "./stylePrompt";

describe("the style prompt chooser", () => {
  it("sees an option as a comma-separated part of the prompt, in any case", () => {
    expect(hasTerm("Warm pop, acoustic-guitar , Love", "love")).toBe(true);
    expect(hasTerm("Warm pop, acoustic-guitar", "pop")).toBe(false);
    expect(hasTerm("", "pop")).toBe(false);
  });

  it("adds an option as a part and removes just that part", () => {
    expect(toggleTerm("", "pop")).toBe("pop");
    expect(toggleTerm("dreamy ballad,  ", "synth")).toBe("dreamy ballad, synth");
    expect(toggleTerm("dreamy ballad, Synth, strings", "synth")).toBe("dreamy ballad, strings");
    expect(toggleTerm("synth", "synth")).toBe("");
  });

  it("adds use cases to a sketch's tags once", () => {
    expect(withTags(["Demo", "night"], ["demo", "cover", "cover"])).toEqual(["Demo", "night", "cover"]);
  });
});
