/** The area's pages. Project ids are opaque: always encoded. */
export const LIST_PATH = "/projects";
export const DETAIL_PATH = "/projects/:id";

/** A project's page, with one of its folders open (the first when none is given). */
export function projectPath(id: string, folderId?: string | null): string {
  const path = `${LIST_PATH}/${encodeURIComponent(id)}`;
  return folderId ? `${path}?${new URLSearchParams({ folder: folderId }).toString()}` : path;
}
