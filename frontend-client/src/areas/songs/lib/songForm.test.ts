import { describe, expect, it } from "vitest";
import {
  checkSongForm,
  createInput,
  emptySongForm,
  errorField,
  formFrom,
  LIMITS,
  titleSource,
} from "./songForm";

const song = { ...emptySongForm(), title: "Harbor Lights", lyrics: "[Verse]\nla la", prompt: "dream pop 3s" };

describe("song form", () => {
  it("accepts a song with title, lyrics and style within the limits", () => {
    expect(checkSongForm(song)).toEqual({});
    expect(
      checkSongForm({
        ...song,
        title: "t".repeat(LIMITS.title),
        prompt: "p".repeat(LIMITS.prompt),
        lyrics: "l".repeat(LIMITS.lyrics),
      }),
    ).toEqual({});
  });

  it("requires title, style prompt and lyrics (blanks count as empty)", () => {
    expect(checkSongForm({ ...emptySongForm(), title: "  " })).toEqual({
      title: { code: "REQUIRED" },
      prompt: { code: "REQUIRED" },
      lyrics: { code: "REQUIRED" },
    });
  });

  it("refuses texts over the server's limits, counted trimmed", () => {
    expect(
      checkSongForm({
        ...song,
        title: "t".repeat(256),
        prompt: "p".repeat(1025),
        lyrics: ` ${"l".repeat(3001)} `,
      }),
    ).toEqual({
      title: { code: "TOO_LONG", max: 255, length: 256 },
      prompt: { code: "TOO_LONG", max: 1024, length: 1025 },
      lyrics: { code: "TOO_LONG", max: 3000, length: 3001 },
    });
    expect(checkSongForm({ ...song, title: ` ${"t".repeat(255)} ` })).toEqual({});
  });

  it("asks no lyrics of an instrumental and sends none", () => {
    const instrumental = { ...song, instrumental: true, lyrics: "l".repeat(5000) };
    expect(checkSongForm(instrumental)).toEqual({});
    expect(createInput(instrumental).lyrics).toBeNull();
  });

  it("knows only the configured models", () => {
    expect(checkSongForm({ ...song, model: "mureka-9" })).toEqual({});
    expect(checkSongForm({ ...song, model: "gpt-4" })).toEqual({ model: { code: "INVALID" } });
    expect(checkSongForm({ ...song, model: "mine" }, ["mine"])).toEqual({});
  });

  it("sends trimmed texts, the model and the sketch", () => {
    expect(createInput({ ...song, title: " Harbor Lights ", model: "mureka-8" }, "S1")).toEqual({
      title: "Harbor Lights",
      prompt: "dream pop 3s",
      model: "mureka-8",
      instrumental: false,
      lyrics: "[Verse]\nla la",
      sketchId: "S1",
    });
  });

  it("starts from a sketch: no lyrics makes an instrumental, an unknown model becomes auto", () => {
    expect(formFrom({ title: "Idea", lyrics: null, prompt: "ambient" })).toEqual({
      instrumental: true,
      title: "Idea",
      lyrics: "",
      prompt: "ambient",
      model: "auto",
    });
    expect(formFrom({ title: "Song", lyrics: "la", prompt: "pop", model: "mureka-7.6" })).toMatchObject({
      instrumental: false,
      model: "mureka-7.6",
    });
    expect(formFrom({ title: "x", prompt: "y", model: "retired-model", instrumental: false }).model).toBe(
      "auto",
    );
  });

  it("puts userErrors on the field they name", () => {
    expect(errorField(["input", "lyrics"])).toBe("lyrics");
    expect(errorField(["input", "sketchId"])).toBe("sketchId");
    expect(errorField(["input"])).toBeNull(); // the input as a whole (e.g. INSUFFICIENT_BALANCE)
    expect(errorField(null)).toBeNull();
  });

  it("makes the AI title from the lyrics, else the style prompt", () => {
    expect(titleSource({ lyrics: " la ", prompt: "pop", instrumental: false })).toBe("la");
    expect(titleSource({ lyrics: "la", prompt: " pop ", instrumental: true })).toBe("pop");
    expect(titleSource({ lyrics: "", prompt: "", instrumental: false })).toBe("");
  });
});
