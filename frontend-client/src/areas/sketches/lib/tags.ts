import { cleanTags } from "@/shared/forms/tags";

/**
 * Tag suggestions for sketches, by category, as the original's style chooser offered them (§11): a sketch's
 * tags are free text, these are the ones a click adds.
 */
export const TAG_CATEGORIES = {
  style: [
    "pop",
    "rock",
    "alternative",
    "jazz",
    "classical",
    "electronic",
    "techno",
    "hip-hop",
    "r&b",
    "country",
    "folk",
    "blues",
    "reggae",
    "funk",
    "world",
  ],
  theme: [
    "love",
    "power",
    "friendship",
    "adventure",
    "nostalgia",
    "hope",
    "struggle",
    "celebration",
    "mystery",
    "nature",
    "dreams",
  ],
  useCase: ["unused", "cover", "song", "inspiration", "video", "demo"],
} as const;

export type TagCategory = keyof typeof TAG_CATEGORIES;
export const TAG_CATEGORY_NAMES = Object.keys(TAG_CATEGORIES) as TagCategory[];

export function hasTag(tags: readonly string[], tag: string): boolean {
  const key = tag.toLocaleLowerCase();
  return tags.some((t) => t.toLocaleLowerCase() === key);
}

/** Adds the tag when it is missing, removes it (in any spelling) when present. */
export function toggleTag(tags: readonly string[], tag: string): string[] {
  const key = tag.toLocaleLowerCase();
  return hasTag(tags, tag) ? tags.filter((t) => t.toLocaleLowerCase() !== key) : cleanTags([...tags, tag]);
}

/** Tags to offer in the library's filter: the suggestions and every tag seen on a loaded sketch, sorted. */
export function knownTags(seen: readonly (readonly string[])[]): string[] {
  const all = cleanTags([...TAG_CATEGORY_NAMES.flatMap((c) => TAG_CATEGORIES[c]), ...seen.flat()]);
  return all.sort((a, b) => a.localeCompare(b));
}

export { cleanTags };
