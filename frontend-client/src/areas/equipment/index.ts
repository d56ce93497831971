import { IconPlug } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { EDIT_PATH, LIST_PATH, NEW_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const equipment: AreaModule = {
  name: "equipment",
  routes: [
    { path: LIST_PATH, lazy: page(() => import("./pages/EquipmentListPage")) },
    { path: NEW_PATH, lazy: page(() => import("./pages/EquipmentEditorPage")) },
    { path: EDIT_PATH, lazy: page(() => import("./pages/EquipmentEditorPage")) },
  ],
  nav: [
    {
      path: LIST_PATH,
      labelKey: "nav.equipment",
      descriptionKey: "nav.equipmentHint",
      icon: IconPlug,
      order: 60,
    },
  ],
  i18n: { en, de },
};

export default equipment;
