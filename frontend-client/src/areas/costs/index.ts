import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

/** Costs have no page of their own: their sections go on the profile page (`public.ts`). */
const costs: AreaModule = {
  name: "costs",
  routes: [],
  i18n: { en, de },
};

export default costs;
