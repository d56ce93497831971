/** The area's pages. Song and sketch ids are opaque: always encoded. */
export const LIBRARY_PATH = "/songs";
export const NEW_PATH = "/songs/new";

/** The generator; from a sketch, prefilled with it (and the song made is linked to it). */
export function newSongPath(sketchId?: string | null): string {
  return sketchId ? `${NEW_PATH}?${new URLSearchParams({ sketch: sketchId }).toString()}` : NEW_PATH;
}

/**
 * What another page may hand the generator as it opens it (router state, not the address: lyrics are long), e.g.
 * the lyric editor's unsaved lyrics: `navigate(NEW_PATH, { state: { lyrics } })`.
 */
export interface NewSongState {
  lyrics?: string;
}

/** The library with this song open in the detail panel. */
export function songDetailPath(id: string): string {
  return `${LIBRARY_PATH}?${new URLSearchParams({ song: id }).toString()}`;
}
