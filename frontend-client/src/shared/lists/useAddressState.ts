import { useSearchParams } from "react-router";

/**
 * A list page's state kept in the address (filters, sort, an open dialog), so Back and a reload keep it:
 * `read` takes it from the query string, `write` puts it back (keeping parameters it does not own); `change`
 * merges a part into the current state and replaces the history entry.
 */
export function useAddressState<S>(
  read: (params: URLSearchParams) => S,
  write: (state: S, prev: URLSearchParams) => URLSearchParams,
): [S, (changes: Partial<S>) => void] {
  const [params, setParams] = useSearchParams();
  const change = (changes: Partial<S>) =>
    setParams((prev) => write({ ...read(prev), ...changes }, prev), { replace: true });
  return [read(params), change];
}
