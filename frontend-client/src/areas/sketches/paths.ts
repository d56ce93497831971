/** The area's pages. Sketch ids are opaque: always encoded in a path. */
export const LIBRARY_PATH = "/sketches";
export const NEW_PATH = "/sketches/new";

export function editPath(id: string): string {
  return `/sketches/${encodeURIComponent(id)}/edit`;
}

/** The library with this sketch open in the detail panel. */
export function detailPath(id: string): string {
  return `${LIBRARY_PATH}?${new URLSearchParams({ sketch: id }).toString()}`;
}
