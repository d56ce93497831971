import type { ComponentType } from "react";
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

/** Every area's header widgets, in registry order. */
export const headerWidgets: { key: string; Component: ComponentType }[] = areas.flatMap((area) =>
  (area.headerWidgets ?? []).map((Component, index) => ({ key: `${area.name}:${index}`, Component })),
);
