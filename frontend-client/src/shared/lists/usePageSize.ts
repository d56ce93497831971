import { useViewer } from "../auth/viewer";

export const DEFAULT_PAGE_SIZE = 20;

/** Items a page for lists: the user's setting (Profile and settings), 20 until the viewer is loaded. */
export function usePageSize(): number {
  const { viewer } = useViewer();
  const size = viewer?.pageSize;
  return typeof size === "number" && size > 0 ? size : DEFAULT_PAGE_SIZE;
}
