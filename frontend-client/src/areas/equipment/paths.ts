/** The area's pages. Equipment ids are opaque: always encoded. */
export const LIST_PATH = "/equipment";
export const NEW_PATH = "/equipment/new";
export const EDIT_PATH = "/equipment/:id";

export function editPath(id: string): string {
  return `${LIST_PATH}/${encodeURIComponent(id)}`;
}
