/** The area's pages. Song and sketch ids are opaque: always encoded. */
export const LIBRARY_PATH = "/songs";
export const NEW_PATH = "/songs/new";

/** The generator; from a sketch, prefilled with it (and the song made is linked to it). */
export function newSongPath(sketchId?: string | null): string {
  return sketchId ? `${NEW_PATH}?${new URLSearchParams({ sketch: sketchId }).toString()}` : NEW_PATH;
}

/** The library with this song open in the detail panel. */
export function songDetailPath(id: string): string {
  return `${LIBRARY_PATH}?${new URLSearchParams({ song: id }).toString()}`;
}
