import { describe, expect, it } from "vitest";
import {
  checkImageForm,
  createInput,
  DEFAULT_PREFERENCES,
  effectiveEnhance,
  loadPreferences,
  parsePreferences,
  preferencesOf,
  PREFERENCES_KEY,
  savePreferences,
  withCoverRules,
  type ImageFormValues,
} from "./generatorForm";

const form = (changes: Partial<ImageFormValues> = {}): ImageFormValues => ({
  prompt: "a lighthouse in a storm",
  title: "",
  ...DEFAULT_PREFERENCES,
  ...changes,
});

describe("the album cover's rules", () => {
  it("makes a cover square, enhanced automatically and never a pencil sketch", () => {
    const cover = withCoverRules(
      form({ composition: "album-cover", size: "LANDSCAPE", enhance: "OFF", artisticStyle: "sketch" }),
    );
    expect(cover).toMatchObject({ size: "SQUARE", enhance: "AUTO", artisticStyle: "auto" });
  });

  it("keeps the other styles of a cover", () => {
    const cover = withCoverRules(
      form({ composition: "album-cover", artisticStyle: "watercolor", lighting: "night" }),
    );
    expect(cover).toMatchObject({ artisticStyle: "watercolor", lighting: "night", quality: "STANDARD" });
  });

  it("leaves anything else alone", () => {
    const values = form({
      composition: "portrait",
      size: "PORTRAIT",
      enhance: "FAST",
      artisticStyle: "sketch",
    });
    expect(withCoverRules(values)).toBe(values);
  });
});

describe("what the job does to the prompt", () => {
  it("writes a cover with the cover template, whatever the mode", () => {
    expect(effectiveEnhance(form({ composition: "album-cover", enhance: "OFF" }))).toBe("cover");
  });

  it("enhances for quality on AUTO unless a style is chosen", () => {
    expect(effectiveEnhance(form())).toBe("quality");
    expect(effectiveEnhance(form({ lighting: "night" }))).toBe("off");
    expect(effectiveEnhance(form({ composition: "portrait" }))).toBe("off");
  });

  it("follows an explicit mode", () => {
    expect(effectiveEnhance(form({ enhance: "FAST", lighting: "night" }))).toBe("fast");
    expect(effectiveEnhance(form({ enhance: "QUALITY" }))).toBe("quality");
    expect(effectiveEnhance(form({ enhance: "OFF" }))).toBe("off");
  });
});

describe("imageCreate's input", () => {
  it("sends only the styles chosen and no empty title", () => {
    expect(
      createInput(form({ prompt: "  sea  ", title: "  ", lighting: "golden-hour", quality: "HD" })),
    ).toEqual({
      prompt: "sea",
      title: null,
      size: "SQUARE",
      quality: "HD",
      style: "VIVID",
      enhance: "AUTO",
      artisticStyle: null,
      composition: null,
      lighting: "golden-hour",
      colorPalette: null,
      detailLevel: null,
    });
  });

  it("keeps the cover's rules even when the form did not", () => {
    const input = createInput(
      form({ composition: "album-cover", size: "PORTRAIT", artisticStyle: "sketch" }),
    );
    expect(input).toMatchObject({
      composition: "album-cover",
      size: "SQUARE",
      enhance: "AUTO",
      artisticStyle: null,
    });
  });
});

describe("the checks before sending", () => {
  it("needs a prompt and keeps the server's limits", () => {
    expect(checkImageForm(form({ prompt: "   " }))).toEqual({ prompt: { code: "REQUIRED" } });
    expect(checkImageForm(form({ prompt: "x".repeat(2501), title: "t".repeat(256) }))).toEqual({
      prompt: { code: "TOO_LONG", max: 2500, length: 2501 },
      title: { code: "TOO_LONG", max: 255, length: 256 },
    });
    expect(checkImageForm(form({ prompt: "x".repeat(2500), title: "t".repeat(255) }))).toEqual({});
  });
});

describe("remembered preferences", () => {
  it("reads back what was saved, without the texts", () => {
    const storage = window.localStorage;
    storage.clear();
    const values = form({
      title: "Storm",
      quality: "HD",
      style: "NATURAL",
      colorPalette: "cool",
      enhance: "FAST",
    });
    savePreferences(preferencesOf(values), storage);
    const stored = JSON.parse(storage.getItem(PREFERENCES_KEY) ?? "{}");
    expect(stored).not.toHaveProperty("prompt");
    expect(stored).not.toHaveProperty("title");
    expect(loadPreferences(undefined, storage)).toEqual({
      ...DEFAULT_PREFERENCES,
      quality: "HD",
      style: "NATURAL",
      colorPalette: "cool",
      enhance: "FAST",
    });
  });

  it("falls back to the defaults for anything unknown or broken", () => {
    expect(parsePreferences({ size: "HUGE", lighting: "candle-light", quality: 3 })).toEqual(
      DEFAULT_PREFERENCES,
    );
    expect(parsePreferences("nonsense")).toEqual(DEFAULT_PREFERENCES);
    window.localStorage.setItem(PREFERENCES_KEY, "{not json");
    expect(loadPreferences()).toEqual(DEFAULT_PREFERENCES);
  });

  it("applies the cover's rules to what it reads", () => {
    expect(
      parsePreferences({ composition: "album-cover", size: "LANDSCAPE", artisticStyle: "sketch" }),
    ).toMatchObject({ composition: "album-cover", size: "SQUARE", artisticStyle: "auto" });
  });
});
