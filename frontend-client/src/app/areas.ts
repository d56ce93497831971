import * as registered from "@/areas";
import type { AreaModule, NavEntry } from "@/areas/types";

/** Every registered area (src/areas/index.ts). */
export const areas: AreaModule[] = Object.values(registered);

export interface AreaNavEntry extends NavEntry {
  /** The area's i18n namespace. */
  ns: string;
}

/** The navigation of every area, in `order`. */
export const navEntries: AreaNavEntry[] = areas
  .flatMap((area) => (area.nav ?? []).map((entry) => ({ ...entry, ns: area.name })))
  .sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
