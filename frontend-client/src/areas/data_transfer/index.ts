import { IconArrowsExchange } from "@tabler/icons-react";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { dataPath } from "./paths";

const dataTransfer: AreaModule = {
  name: "data_transfer",
  routes: [
    {
      path: dataPath,
      lazy: () => import("./pages/DataPage").then((m) => ({ Component: m.default })),
    },
  ],
  nav: [
    {
      path: dataPath,
      labelKey: "nav.data",
      descriptionKey: "nav.dataHint",
      icon: IconArrowsExchange,
      order: 850,
    },
  ],
  i18n: { en, de },
};

export default dataTransfer;
