import type { ImageFilter, ImageOrder } from "@/gql/graphql";
import { cleanTags } from "@/areas/sketches/public";
import type { BulkLine } from "@/shared/lists";

/** The gallery's orders, each one the API's `orderBy` (the original's sort toggle did nothing, §1.6). */
export const SORTS = {
  newest: { field: "CREATED_AT", direction: "DESC" },
  oldest: { field: "CREATED_AT", direction: "ASC" },
  titleAsc: { field: "TITLE", direction: "ASC" },
  titleDesc: { field: "TITLE", direction: "DESC" },
} as const satisfies Record<string, ImageOrder>;
export type Sort = keyof typeof SORTS;
export const SORT_NAMES = Object.keys(SORTS) as Sort[];
export const DEFAULT_SORT: Sort = "newest";

/** The overlay filter: any image, only those with a text overlay, or only those DALL-E drew (`hasOverlay`). */
export const OVERLAY_FILTERS = { any: null, with: true, without: false } as const;
export type OverlayFilter = keyof typeof OVERLAY_FILTERS;
export const OVERLAY_FILTER_NAMES = Object.keys(OVERLAY_FILTERS) as OverlayFilter[];

/** The gallery's state as the address holds it (so Back and a reload keep it). */
export interface GalleryState {
  q: string;
  sort: Sort;
  /** A composition value, or null for any. */
  composition: string | null;
  overlay: OverlayFilter;
  tags: string[];
  /** The image open in the preview. */
  image: string | null;
}

export function readGallery(params: URLSearchParams, compositions: readonly string[]): GalleryState {
  const sort = params.get("sort");
  const composition = params.get("composition");
  const overlay = params.get("overlay");
  return {
    q: (params.get("q") ?? "").trim(),
    sort: sort !== null && sort in SORTS ? (sort as Sort) : DEFAULT_SORT,
    composition: composition !== null && compositions.includes(composition) ? composition : null,
    overlay: overlay !== null && overlay in OVERLAY_FILTERS ? (overlay as OverlayFilter) : "any",
    tags: cleanTags(params.getAll("tag")),
    image: params.get("image"),
  };
}

/** The address's parameters for a state; defaults are left out. */
export function writeGallery(
  state: GalleryState,
  into: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  for (const name of ["q", "sort", "composition", "overlay", "tag", "image"]) into.delete(name);
  if (state.q) into.set("q", state.q);
  if (state.sort !== DEFAULT_SORT) into.set("sort", state.sort);
  if (state.composition) into.set("composition", state.composition);
  if (state.overlay !== "any") into.set("overlay", state.overlay);
  for (const tag of state.tags) into.append("tag", tag);
  if (state.image) into.set("image", state.image);
  return into;
}

/** The `images` query's filter and order for a state. */
export function galleryQuery(state: GalleryState): { filter: ImageFilter; orderBy: ImageOrder } {
  return {
    filter: {
      search: state.q || null,
      composition: state.composition,
      hasOverlay: OVERLAY_FILTERS[state.overlay],
      tags: state.tags.length ? state.tags : null,
    },
    orderBy: SORTS[state.sort],
  };
}

export function isFiltered(state: GalleryState): boolean {
  return !!(state.q || state.composition || state.overlay !== "any" || state.tags.length);
}

/** imageBulkDelete's per-id results as lines of its report, named by the titles the gallery showed. */
export function bulkLines(
  results: readonly { id: string; deleted: boolean; error?: { code: string; message: string } | null }[],
  titleOf: (id: string) => string,
  reasonOf: (error: { code: string; message: string }) => string,
): BulkLine[] {
  return results.map((r) => ({
    id: r.id,
    title: titleOf(r.id),
    deleted: r.deleted,
    reason: r.deleted ? undefined : r.error ? reasonOf(r.error) : undefined,
  }));
}
