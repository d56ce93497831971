import { IconBulb } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const sketches: AreaModule = {
  name: "sketches",
  routes: [
    { path: "/sketches", lazy: page(() => import("./pages/SketchLibraryPage")) },
    { path: "/sketches/new", lazy: page(() => import("./pages/SketchEditorPage")) },
    { path: "/sketches/:id/edit", lazy: page(() => import("./pages/SketchEditorPage")) },
  ],
  nav: [
    {
      path: "/sketches",
      labelKey: "nav.sketches",
      descriptionKey: "nav.sketchesHint",
      icon: IconBulb,
      order: 20,
    },
  ],
  i18n: { en, de },
};

export default sketches;
