import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

const accounts: AreaModule = {
  name: "accounts",
  publicRoutes: [
    { path: "/sign-in", lazy: () => import("./pages/SignInPage").then((m) => ({ Component: m.default })) },
  ],
  routes: [],
  i18n: { en, de },
};

export default accounts;
