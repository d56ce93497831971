import { IconTemplate } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const promptTemplates: AreaModule = {
  name: "prompt_templates",
  routes: [
    { path: "/prompt-templates", lazy: page(() => import("./pages/PromptTemplatesPage")) },
    { path: "/prompt-templates/new", lazy: page(() => import("./pages/PromptTemplateEditorPage")) },
    {
      path: "/prompt-templates/:category/:action/edit",
      lazy: page(() => import("./pages/PromptTemplateEditorPage")),
    },
  ],
  nav: [
    {
      path: "/prompt-templates",
      labelKey: "nav.templates",
      descriptionKey: "nav.templatesHint",
      icon: IconTemplate,
      order: 800,
    },
  ],
  i18n: { en, de },
};

export default promptTemplates;
