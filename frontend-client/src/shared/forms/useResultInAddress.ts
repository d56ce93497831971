import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";

/**
 * A generator's form and what it made: `show(id)` puts the result into the address (`?<name>=<id>`), so a
 * reload and Back show it again. Leaving with unsaved changes asks first (while `dirty`), except for that one
 * step into the address.
 */
export function useResultInAddress(
  name: string,
  current: string | null,
  dirty: boolean,
): (id: string) => void {
  const [, setParams] = useSearchParams();
  const [made, setMade] = useState<string | null>(null);
  const moving = made !== null && made !== current;
  useUnsavedChangesGuard(dirty && !moving);
  useEffect(() => {
    if (!moving || made === null) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(name, made);
        return next;
      },
      { replace: true },
    );
  }, [moving, made, name, setParams]);
  return setMade;
}
