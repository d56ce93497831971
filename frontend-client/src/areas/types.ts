import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { Catalogues } from "@/shared/i18n";

/** An entry in the side navigation (and a card on the home page). */
export interface NavEntry {
  /** Absolute path, e.g. "/sketches". */
  path: string;
  /** Key in the area's namespace, e.g. "nav.sketches". */
  labelKey: string;
  /** Key in the area's namespace for one line on the home page; optional. */
  descriptionKey?: string;
  icon?: ComponentType<{ size?: number | string; stroke?: number }>;
  /** Position in the navigation, smaller first (home is 0; accounts use 900+). */
  order: number;
}

/**
 * One area of the client. Pages are loaded lazily (route `lazy` or React.lazy) so each area is its own
 * chunk.
 */
export interface AreaModule {
  /** Folder name and i18n namespace, e.g. "sketches". */
  name: string;
  /** Pages for signed-in users, rendered inside the app layout (header + navigation). */
  routes: RouteObject[];
  /** Pages for everyone, rendered without the layout (sign-in, registration). */
  publicRoutes?: RouteObject[];
  nav?: NavEntry[];
  /**
   * Small widgets in the header, left of the language switch (e.g. the jobs tray). Rendered in Suspense:
   * a `React.lazy` component keeps the widget out of the initial load.
   */
  headerWidgets?: ComponentType[];
  i18n: Catalogues;
}
