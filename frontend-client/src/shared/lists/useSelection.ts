import { useCallback, useState } from "react";

export interface Selection {
  /** The ids checked that the list shows now (a page reloaded or filtered away drops the others). */
  ids: string[];
  isChecked(id: string): boolean;
  toggle(id: string, on: boolean): void;
  /** Checks every shown item, or none. */
  setAll(on: boolean): void;
  allChecked: boolean;
  /** Unchecks these (e.g. once deleted). */
  forget(ids: Iterable<string>): void;
}

/** Checkboxes over a list's items, for acting on several at once (bulk delete). */
export function useSelection(items: readonly { id: string }[]): Selection {
  const [checked, setChecked] = useState<string[]>([]);
  const shown = new Set(items.map((item) => item.id));
  const ids = checked.filter((id) => shown.has(id));
  const forget = useCallback((gone: Iterable<string>) => {
    const drop = new Set(gone);
    setChecked((prev) => prev.filter((id) => !drop.has(id)));
  }, []);
  return {
    ids,
    isChecked: (id) => checked.includes(id),
    toggle: (id, on) =>
      setChecked((prev) => (on ? [...new Set([...prev, id])] : prev.filter((x) => x !== id))),
    setAll: (on) => setChecked(on ? items.map((item) => item.id) : []),
    allChecked: items.length > 0 && ids.length === items.length,
    forget,
  };
}
