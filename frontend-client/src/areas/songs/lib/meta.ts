import { cleanTags } from "@/shared/forms/tags";
import type { SongWorkflow } from "@/gql/graphql";

/** What "Edit details" changes of a song. */
export interface SongMeta {
  title: string;
  tags: string[];
  workflow: SongWorkflow | null;
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

export { cleanTags };
