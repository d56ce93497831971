import { describe, expect, it } from "vitest";
import { presetOf, temperatureKey } from "./temperature";
import { tokensToWords } from "./tokens";

describe("temperature labels", () => {
  it("names the presets", () => {
    expect(temperatureKey(0.1)).toBe("veryPrecise");
    expect(temperatureKey(0.3)).toBe("slightlyVariable");
    expect(temperatureKey(0.5)).toBe("balanced");
    expect(temperatureKey(0.7)).toBe("creative");
    expect(temperatureKey(0.9)).toBe("veryCreative");
  });

  it("names other values by the nearest preset", () => {
    expect(temperatureKey(0)).toBe("veryPrecise");
    expect(temperatureKey(0.6)).toBe("balanced"); // a tie goes to the more precise one
    expect(temperatureKey(0.65)).toBe("creative");
    expect(temperatureKey(0.8)).toBe("creative");
    expect(temperatureKey(1.5)).toBe("veryCreative");
    expect(temperatureKey(null)).toBeNull();
  });

  it("knows when a value is a preset", () => {
    expect(presetOf(0.7)).toBe(0.7);
    expect(presetOf(0.1 + 0.2)).toBe(0.3);
    expect(presetOf(0.6)).toBeNull();
    expect(presetOf(undefined)).toBeNull();
  });
});

describe("tokens to words", () => {
  it("estimates three words for four tokens", () => {
    expect(tokensToWords(100)).toBe(75);
    expect(tokensToWords(15)).toBe(11);
    expect(tokensToWords(1)).toBe(1);
    expect(tokensToWords(0)).toBeNull();
    expect(tokensToWords(null)).toBeNull();
  });
});
