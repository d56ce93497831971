import { IconFolders } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { DETAIL_PATH, LIST_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const projects: AreaModule = {
  name: "projects",
  routes: [
    { path: LIST_PATH, lazy: page(() => import("./pages/ProjectListPage")) },
    { path: DETAIL_PATH, lazy: page(() => import("./pages/ProjectDetailPage")) },
  ],
  nav: [
    {
      path: LIST_PATH,
      labelKey: "nav.projects",
      descriptionKey: "nav.projectsHint",
      icon: IconFolders,
      order: 50,
    },
  ],
  i18n: { en, de },
};

export default projects;
