import type { SongWorkflow } from "@/gql/graphql";

/** What "Edit details" changes of a song. */
export interface SongMeta {
  title: string;
  tags: string[];
  workflow: SongWorkflow | null;
}

/** Trimmed, blanks dropped, case-insensitive duplicates dropped (the first spelling stays), as the API keeps them. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLocaleLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      result.push(tag);
    }
  }
  return result;
}

/**
 * songUpdate's fields for what changed (left out: unchanged; the API keeps them): the title trimmed, the tags
 * cleaned (an empty list clears them), the workflow (null clears it).
 */
export function metaUpdate(
  before: SongMeta,
  after: SongMeta,
): { title?: string; tags?: string[]; workflow?: SongWorkflow | null } {
  const changes: { title?: string; tags?: string[]; workflow?: SongWorkflow | null } = {};
  const title = after.title.trim();
  if (title !== before.title.trim()) changes.title = title;
  const tags = cleanTags(after.tags);
  if (JSON.stringify(tags) !== JSON.stringify(cleanTags(before.tags))) changes.tags = tags;
  if ((after.workflow ?? null) !== (before.workflow ?? null)) changes.workflow = after.workflow ?? null;
  return changes;
}
