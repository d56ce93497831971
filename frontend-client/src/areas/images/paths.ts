import { IconLayoutGrid, IconWand } from "@tabler/icons-react";
import type { ComponentType } from "react";

/** The area's pages. Image ids are opaque: always encoded. */
export const GALLERY_PATH = "/images";
export const NEW_PATH = "/images/new";

/** The gallery with this image open in the preview. */
export function imagePreviewPath(id: string): string {
  return `${GALLERY_PATH}?${new URLSearchParams({ image: id }).toString()}`;
}

export interface AreaPage {
  path: string;
  /** Key in the "images" namespace. */
  labelKey: string;
  icon: ComponentType<{ size?: number | string }>;
}

/**
 * The tabs over the area's pages, in order. A page added to the area (the text overlay editor) adds its route
 * in index.ts and its tab here.
 */
export const AREA_PAGES: AreaPage[] = [
  { path: GALLERY_PATH, labelKey: "tabs.gallery", icon: IconLayoutGrid },
  { path: NEW_PATH, labelKey: "tabs.generate", icon: IconWand },
];
