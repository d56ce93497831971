import { IconMusic } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { LIBRARY_PATH, NEW_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const songs: AreaModule = {
  name: "songs",
  routes: [
    { path: LIBRARY_PATH, lazy: page(() => import("./pages/SongLibraryPage")) },
    { path: NEW_PATH, lazy: page(() => import("./pages/SongGeneratorPage")) },
  ],
  nav: [
    {
      path: LIBRARY_PATH,
      labelKey: "nav.songs",
      descriptionKey: "nav.songsHint",
      icon: IconMusic,
      order: 30,
    },
  ],
  i18n: { en, de },
};

export default songs;
