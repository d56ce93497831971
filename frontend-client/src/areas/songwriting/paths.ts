import { IconAdjustmentsHorizontal, IconListDetails, IconPencil } from "@tabler/icons-react";
import type { ComponentType } from "react";

/** The area's pages. Sketch ids are opaque: always encoded. */
export const LYRICS_PATH = "/lyrics";
export const STYLE_PROMPT_PATH = "/style-prompt";
export const RULES_PATH = "/lyric-rules";

function withSketch(path: string, sketchId?: string | null): string {
  return sketchId ? `${path}?${new URLSearchParams({ sketch: sketchId }).toString()}` : path;
}

/** The lyric editor; with a sketch, its lyrics loaded (and saved back to it). */
export function lyricsPath(sketchId?: string | null): string {
  return withSketch(LYRICS_PATH, sketchId);
}

/** The music style prompt editor; with a sketch, its prompt loaded (and applied back to it). */
export function stylePromptPath(sketchId?: string | null): string {
  return withSketch(STYLE_PROMPT_PATH, sketchId);
}

export interface AreaPage {
  path: string;
  /** Key in the "songwriting" namespace. */
  labelKey: string;
  icon: ComponentType<{ size?: number | string }>;
}

/** The tabs over the area's pages, in order. */
export const AREA_PAGES: AreaPage[] = [
  { path: LYRICS_PATH, labelKey: "tabs.lyrics", icon: IconPencil },
  { path: STYLE_PROMPT_PATH, labelKey: "tabs.stylePrompt", icon: IconAdjustmentsHorizontal },
  { path: RULES_PATH, labelKey: "tabs.rules", icon: IconListDetails },
];
