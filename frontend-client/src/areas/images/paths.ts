import { IconLayoutGrid, IconTypography, IconWand } from "@tabler/icons-react";
import type { ComponentType } from "react";

/** The area's pages. Image ids are opaque: always encoded. */
export const GALLERY_PATH = "/images";
export const NEW_PATH = "/images/new";
export const OVERLAY_PATH = "/images/overlay";

/** The gallery with this image open in the preview. */
export function imagePreviewPath(id: string): string {
  return `${GALLERY_PATH}?${new URLSearchParams({ image: id }).toString()}`;
}

/**
 * The text overlay editor on an image; with `made`, showing an overlay made before from it, whose settings the
 * editor starts from.
 */
export function overlayPath(imageId?: string | null, made?: string | null): string {
  const params = new URLSearchParams();
  if (imageId) params.set("image", imageId);
  if (made) params.set("made", made);
  const query = params.toString();
  return query ? `${OVERLAY_PATH}?${query}` : OVERLAY_PATH;
}

export interface AreaPage {
  path: string;
  /** Key in the "images" namespace. */
  labelKey: string;
  icon: ComponentType<{ size?: number | string }>;
}

/**
 * The tabs over the area's pages, in order. A page added to the area adds its route in index.ts and its tab here.
 */
export const AREA_PAGES: AreaPage[] = [
  { path: GALLERY_PATH, labelKey: "tabs.gallery", icon: IconLayoutGrid },
  { path: NEW_PATH, labelKey: "tabs.generate", icon: IconWand },
  { path: OVERLAY_PATH, labelKey: "tabs.overlay", icon: IconTypography },
];
