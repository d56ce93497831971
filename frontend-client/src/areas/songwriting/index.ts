import { IconFeather } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { LYRICS_PATH, RULES_PATH, STYLE_PROMPT_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const songwriting: AreaModule = {
  name: "songwriting",
  routes: [
    { path: LYRICS_PATH, lazy: page(() => import("./pages/LyricEditorPage")) },
    { path: STYLE_PROMPT_PATH, lazy: page(() => import("./pages/StylePromptPage")) },
    { path: RULES_PATH, lazy: page(() => import("./pages/LyricRulesPage")) },
  ],
  nav: [
    {
      path: LYRICS_PATH,
      labelKey: "nav.lyrics",
      descriptionKey: "nav.lyricsHint",
      icon: IconFeather,
      order: 25,
    },
  ],
  i18n: { en, de },
};

export default songwriting;
