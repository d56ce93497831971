import { IconChecklist } from "@tabler/icons-react";
import { lazy } from "react";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { jobsPath } from "./paths";

const jobs: AreaModule = {
  name: "jobs",
  routes: [
    {
      path: jobsPath,
      lazy: () => import("./pages/JobsPage").then((m) => ({ Component: m.default })),
    },
  ],
  nav: [
    {
      path: jobsPath,
      labelKey: "nav.jobs",
      descriptionKey: "nav.jobsHint",
      icon: IconChecklist,
      order: 800,
    },
  ],
  // The header's indicator of running jobs; its own chunk, loaded after the page.
  headerWidgets: [lazy(() => import("./components/JobsTray"))],
  i18n: { en, de },
};

export default jobs;
