import { describe, expect, it } from "vitest";
import {
  clickedPoint,
  convertSize,
  DEFAULTS,
  gridPoint,
  overlayErrorField,
  overlayInput,
  previewWidth,
  shownWidth,
  sizeUnit,
  valuesFromOverlay,
} from "./overlayForm";

describe("overlay settings", () => {
  it("become the API's input: trimmed text, no artist when empty, the artist below unless placed", () => {
    const input = overlayInput({ ...DEFAULTS, title: "  Night Harbour ", artist: "  " });
    expect(input).toMatchObject({
      title: "Night Harbour",
      artist: null,
      font: "BOLD",
      titlePosition: { grid: "CENTER" },
      titleSize: 0.08,
      artistPosition: null,
      artistColor: null,
      artistFont: null,
    });
    const placed = overlayInput({
      ...DEFAULTS,
      title: "T",
      artist: "The Rovers",
      artistBelow: false,
      artistPosition: { x: 0.63, y: 0.8 },
      artistColor: "#00AAFF",
    });
    expect(placed).toMatchObject({
      artist: "The Rovers",
      artistPosition: { x: 0.63, y: 0.8 },
      artistColor: "#00AAFF",
    });
  });

  it("come back from an overlay's record as they were", () => {
    const values = {
      ...DEFAULTS,
      title: "Echoes",
      artist: "Duo",
      font: "ELEGANT" as const,
      titlePosition: { x: 0.37, y: 0.42 },
      titleSize: 120,
      artistBelow: false,
      artistPosition: { grid: "BOTTOM_RIGHT" as const },
      artistFont: "LIGHT" as const,
    };
    const record = {
      __typename: "ImageOverlay" as const,
      title: "Echoes",
      artist: "Duo",
      font: values.font,
      titlePosition: { grid: null, x: 0.37, y: 0.42 },
      titleSize: 120,
      titleColor: "#FFFFFF",
      titleOutlineColor: "#000000",
      artistPosition: { grid: "BOTTOM_RIGHT" as const, x: 0.9, y: 0.9 },
      artistSize: 0.05,
      artistColor: null,
      artistOutlineColor: null,
      artistFont: "LIGHT" as const,
    };
    expect(valuesFromOverlay(record)).toEqual(values);
    expect(valuesFromOverlay({ ...record, artist: null, artistPosition: null })).toMatchObject({
      artist: "",
      artistBelow: true,
    });
  });

  it("place the grid at 10, 50 and 90 per cent, as the server does", () => {
    expect(gridPoint("TOP_LEFT")).toEqual({ x: 0.1, y: 0.1 });
    expect(gridPoint("CENTER")).toEqual({ x: 0.5, y: 0.5 });
    expect(gridPoint("BOTTOM_CENTER")).toEqual({ x: 0.5, y: 0.9 });
    expect(gridPoint("MIDDLE_RIGHT")).toEqual({ x: 0.9, y: 0.5 });
  });
});

describe("sizes", () => {
  it("are a share below 1 and pixels from 1, and convert keeping the size on the image", () => {
    expect(sizeUnit(0.08)).toBe("share");
    expect(sizeUnit(1)).toBe("px");
    expect(convertSize(0.08, "px", 1024)).toBe(82);
    expect(convertSize(82, "share", 1024)).toBe(0.08);
    expect(convertSize(0.08, "share", 1024)).toBe(0.08);
    expect(convertSize(2, "share", 1024)).toBe(0.01); // never below the smallest share the API takes
    expect(convertSize(0.29, "px", 5000)).toBe(1000); // never above the most pixels
  });
});

describe("the picture", () => {
  it("takes a click as shares of its box", () => {
    const box = { left: 100, top: 50, width: 400, height: 200 };
    expect(clickedPoint(box, 220, 100)).toEqual({ x: 0.3, y: 0.25 });
    expect(clickedPoint(box, 50, 400)).toEqual({ x: 0, y: 1 }); // outside: clamped
  });

  it("is shown a whole step wide and its preview asked for in device pixels, within the API's bounds", () => {
    expect(shownWidth(531.7)).toBe(528);
    expect(shownWidth(3)).toBe(8);
    expect(previewWidth(528)).toBe(528);
    expect(previewWidth(528, 2)).toBe(1024);
    expect(previewWidth(40)).toBe(64);
  });

  it("names the field a userError is on", () => {
    expect(overlayErrorField(["input", "titleColor"])).toBe("titleColor");
    expect(overlayErrorField(["input", "titlePosition", "x"])).toBe("titlePosition");
    expect(overlayErrorField(["input", "imageId"])).toBeNull();
    expect(overlayErrorField(["input"])).toBeNull();
    expect(overlayErrorField(null)).toBeNull();
  });
});
