import { useViewer } from "../auth/viewer";

export const DEFAULT_PAGE_SIZE = 20;

/** Items a page for lists: the user's setting once the API has it, else 20. */
export function usePageSize(): number {
  const { viewer } = useViewer();
  const size = (viewer as { pageSize?: number } | null)?.pageSize;
  return typeof size === "number" && size > 0 ? size : DEFAULT_PAGE_SIZE;
}
