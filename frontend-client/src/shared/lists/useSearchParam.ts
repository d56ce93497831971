import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/** How long typing must pause before a search runs. */
export const SEARCH_DELAY_MS = 300;

/**
 * A library's search: `search`/`setSearch` for the field, and `q`, the address's `?q=` (trimmed), which the
 * field writes once typing pauses, so Back and a reload keep it and the list queries only then.
 */
export function useSearchParam(name = "q"): { q: string; search: string; setSearch(value: string): void } {
  const [params, setParams] = useSearchParams();
  const q = (params.get(name) ?? "").trim();
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search, SEARCH_DELAY_MS);

  useEffect(() => {
    const value = debounced.trim();
    if (value === (params.get(name) ?? "")) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [debounced, name, params, setParams]);

  return { q, search, setSearch };
}
