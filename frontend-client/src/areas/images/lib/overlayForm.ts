import type {
  ImageOverlayFieldsFragment,
  ImageOverlayInput,
  OverlayFont,
  OverlayGridPosition,
  OverlayPositionInput,
} from "@/gql/graphql";

/**
 * The text overlay editor's settings and how they become imageOverlayPreview's and imageOverlayCreate's input
 * (ImageOverlayInput in api/schema/schema.graphql; the rules are the server's, domain/images/overlay.py).
 */

export const FONTS: readonly OverlayFont[] = ["BOLD", "ELEGANT", "LIGHT"];

/** The 3×3 grid, row by row (10 %, 50 %, 90 % of the height; of the width alike). */
export const GRID: readonly (readonly OverlayGridPosition[])[] = [
  ["TOP_LEFT", "TOP_CENTER", "TOP_RIGHT"],
  ["MIDDLE_LEFT", "CENTER", "MIDDLE_RIGHT"],
  ["BOTTOM_LEFT", "BOTTOM_CENTER", "BOTTOM_RIGHT"],
];

const EDGE = 0.1;
const MIDDLE = 0.5;

/** Where a grid position puts its point, as shares of the width and the height (the server's GridPosition.point). */
export function gridPoint(grid: OverlayGridPosition): { x: number; y: number } {
  const row = GRID.findIndex((r) => r.includes(grid));
  const column = GRID[row].indexOf(grid);
  const at = [EDGE, MIDDLE, 1 - EDGE];
  return { x: at[column], y: at[row] };
}

/** A line's place: a grid position, or a point (shares of the width and the height, 0 to 1). */
export type Placement = { grid: OverlayGridPosition } | { x: number; y: number };

export function isGrid(placement: Placement): placement is { grid: OverlayGridPosition } {
  return "grid" in placement;
}

export function pointOf(placement: Placement): { x: number; y: number } {
  return isGrid(placement) ? gridPoint(placement.grid) : placement;
}

/** Limits the API checks (domain/images/overlay.py). */
export const LIMITS = {
  title: 200,
  artist: 200,
  /** A size below 1 is a share of the image's height, at least this. */
  shareMin: 0.01,
  /** The largest share the editor offers (the API takes up to below 1). */
  shareMax: 0.3,
  /** A size from 1 up is pixels of the image, at most this many. */
  pixelsMax: 1000,
} as const;

/** A size as a share of the image's height or in its pixels (the API tells them apart by the value: below 1). */
export type SizeUnit = "share" | "px";

export function sizeUnit(size: number): SizeUnit {
  return size < 1 ? "share" : "px";
}

/** The same size in the other unit, for an image `height` pixels high, within what the API takes. */
export function convertSize(size: number, to: SizeUnit, height: number): number {
  if (sizeUnit(size) === to) return size;
  if (to === "px") return Math.min(LIMITS.pixelsMax, Math.max(1, Math.round(size * height)));
  const share = Math.round((size / height) * 1000) / 1000;
  return Math.min(LIMITS.shareMax, Math.max(LIMITS.shareMin, share));
}

export interface OverlayFormValues {
  title: string;
  artist: string;
  font: OverlayFont;
  titlePosition: Placement;
  titleSize: number;
  titleColor: string;
  titleOutlineColor: string;
  /** The artist's line goes below the title's (the default), else at `artistPosition`. */
  artistBelow: boolean;
  artistPosition: Placement;
  artistSize: number;
  /** Null: the title's. */
  artistColor: string | null;
  artistOutlineColor: string | null;
  artistFont: OverlayFont | null;
}

/** The API's defaults: white capitals outlined in black, bold, centred, 8 % of the height; the artist at 5 % below. */
export const DEFAULTS: OverlayFormValues = {
  title: "",
  artist: "",
  font: "BOLD",
  titlePosition: { grid: "CENTER" },
  titleSize: 0.08,
  titleColor: "#FFFFFF",
  titleOutlineColor: "#000000",
  artistBelow: true,
  artistPosition: { grid: "BOTTOM_CENTER" },
  artistSize: 0.05,
  artistColor: null,
  artistOutlineColor: null,
  artistFont: null,
};

function placementInput(placement: Placement): OverlayPositionInput {
  return isGrid(placement) ? { grid: placement.grid } : { x: placement.x, y: placement.y };
}

function placementOf(position: ImageOverlayFieldsFragment["titlePosition"]): Placement {
  return position.grid ? { grid: position.grid } : { x: position.x, y: position.y };
}

/** The settings as the API takes them (without the image); the same for the preview and for Apply. */
export function overlayInput(values: OverlayFormValues): Omit<ImageOverlayInput, "imageId"> {
  const artist = values.artist.trim();
  return {
    title: values.title.trim(),
    artist: artist || null,
    font: values.font,
    titlePosition: placementInput(values.titlePosition),
    titleSize: values.titleSize,
    titleColor: values.titleColor,
    titleOutlineColor: values.titleOutlineColor,
    artistPosition: values.artistBelow ? null : placementInput(values.artistPosition),
    artistSize: values.artistSize,
    artistColor: values.artistColor,
    artistOutlineColor: values.artistOutlineColor,
    artistFont: values.artistFont,
  };
}

/** An overlay's recorded settings back as the editor's (to go on from an overlay made before). */
export function valuesFromOverlay(overlay: ImageOverlayFieldsFragment): OverlayFormValues {
  return {
    title: overlay.title,
    artist: overlay.artist ?? "",
    font: overlay.font,
    titlePosition: placementOf(overlay.titlePosition),
    titleSize: overlay.titleSize,
    titleColor: overlay.titleColor,
    titleOutlineColor: overlay.titleOutlineColor,
    artistBelow: !overlay.artistPosition,
    artistPosition: overlay.artistPosition ? placementOf(overlay.artistPosition) : DEFAULTS.artistPosition,
    artistSize: overlay.artistSize,
    artistColor: overlay.artistColor ?? null,
    artistOutlineColor: overlay.artistOutlineColor ?? null,
    artistFont: overlay.artistFont ?? null,
  };
}

/** Which line a click on the picture places: the artist's only when it has a place of its own. */
export type Line = "title" | "artist";

/** The point clicked on a picture shown in `box`, as shares of its width and height (0 to 1, to 3 decimals). */
export function clickedPoint(
  box: { left: number; top: number; width: number; height: number },
  clientX: number,
  clientY: number,
): { x: number; y: number } {
  const share = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
  return { x: share((clientX - box.left) / box.width), y: share((clientY - box.top) / box.height) };
}

/** The picture's shown width is a multiple of this (CSS pixels), so that a few pixels of resizing ask for nothing new. */
export const SHOWN_STEP = 8;

/** The width to show a picture at, in `room` CSS pixels: a whole step, never below one. */
export function shownWidth(room: number): number {
  return Math.max(SHOWN_STEP, Math.floor(room / SHOWN_STEP) * SHOWN_STEP);
}

/**
 * The preview's width to ask for: the width it is shown at in device pixels, so that the browser shows the server's
 * pixels as they are, within what the API takes (64 to 1024; the server never enlarges the image).
 */
export function previewWidth(shown: number, pixelRatio = 1): number {
  return Math.min(1024, Math.max(64, Math.round(shown * Math.max(1, pixelRatio))));
}

/** The form field a userError names: ["input", "titlePosition", "x"] → "titlePosition"; null for the whole. */
export function overlayErrorField(
  field: readonly string[] | null | undefined,
): keyof OverlayFormValues | null {
  const name = field && field.length > 1 ? field[1] : null;
  if (!name || name === "imageId" || name === "width") return null;
  return name in DEFAULTS ? (name as keyof OverlayFormValues) : null;
}

/** A title is needed before anything is drawn; the rest the server checks (and says so per field). */
export function hasTitle(values: OverlayFormValues): boolean {
  return values.title.trim().length > 0;
}
