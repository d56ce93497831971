import { describe, expect, it } from "vitest";
import { emptyInfo } from "./info";
import {
  createInput,
  emptySketchForm,
  isUnchanged,
  sketchToForm,
  titleSource,
  cleanTitle,
  splitTags,
  updateInput,
  type SketchLike,
} from "./sketchForm";

const sketch: SketchLike = {
  title: "Night Drive",
  prompt: "synthwave, 100 bpm",
  lyrics: "City lights",
  tags: ["electronic", "dreams"],
  descriptionLong: null,
  descriptionShort: "Short",
  descriptionTags: [],
  info: "Key: A minor\nTempo (BPM): 100",
  workflow: "DRAFT",
};

describe("sketch form", () => {
  it("creates with trimmed texts, null for empty ones, clean tags and the info built", () => {
    const values = {
      ...emptySketchForm(),
      title: "  ",
      prompt: " rock ",
      tags: ["Pop", "pop", " "],
      info: { ...emptyInfo(), tempo: "120" },
    };
    expect(createInput(values)).toEqual({
      title: null,
      prompt: "rock",
      lyrics: null,
      tags: ["Pop"],
      descriptionLong: null,
      descriptionShort: null,
      descriptionTags: [],
      info: "Tempo (BPM): 120",
      workflow: "DRAFT",
    });
  });

  it("sends only what changed, and null to clear a field", () => {
    const initial = sketchToForm(sketch);
    const values = {
      ...initial,
      title: "Night Drive II",
      descriptionShort: "",
      info: { ...initial.info, tempo: "104" },
    };
    expect(updateInput("S1", initial, values)).toEqual({
      id: "S1",
      title: "Night Drive II",
      descriptionShort: null,
      info: "Key: A minor\nTempo (BPM): 104",
    });
  });

  it("sees no change in whitespace or a tag typed twice", () => {
    const initial = sketchToForm(sketch);
    expect(
      isUnchanged(initial, { ...initial, title: "Night Drive  ", tags: [...initial.tags, "Dreams"] }),
    ).toBe(true);
    expect(isUnchanged(initial, { ...initial, workflow: "USED" })).toBe(false);
  });

  it("makes the title from the lyrics, else the prompt", () => {
    expect(titleSource({ lyrics: " la la ", prompt: "pop", descriptionLong: "" })).toBe("la la");
    expect(titleSource({ lyrics: "", prompt: "pop", descriptionLong: "long" })).toBe("pop");
    expect(titleSource({ lyrics: "", prompt: "", descriptionLong: "" })).toBe("");
  });
});

describe("AI answers", () => {
  it("makes a title of the first line, without quotes, emphasis or a label", () => {
    expect(cleanTitle('"Midnight Highway"')).toBe("Midnight Highway");
    expect(cleanTitle("\n  **Neon Rain**  \nsecond line")).toBe("Neon Rain");
    expect(cleanTitle("Title: Paper Moon")).toBe("Paper Moon");
    expect(cleanTitle("x".repeat(600))).toHaveLength(500);
    expect(cleanTitle("   ")).toBe("");
  });

  it("splits tags from commas or lines", () => {
    expect(splitTags("dreamy, night drive,  Synthwave , dreamy")).toEqual([
      "dreamy",
      "night drive",
      "Synthwave",
    ]);
    expect(splitTags("1. love\n2) hope\n- summer\n• #beach")).toEqual(["love", "hope", "summer", "beach"]);
  });
});
