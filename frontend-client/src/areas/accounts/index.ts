import { IconUserCog } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const accounts: AreaModule = {
  name: "accounts",
  publicRoutes: [
    { path: "/sign-in", lazy: page(() => import("./pages/SignInPage")) },
    { path: "/welcome", lazy: page(() => import("./pages/WelcomePage")) },
    { path: "/register", lazy: page(() => import("./pages/RegisterPage")) },
  ],
  routes: [{ path: "/profile", lazy: page(() => import("./pages/ProfilePage")) }],
  nav: [
    {
      path: "/profile",
      labelKey: "nav.profile",
      descriptionKey: "nav.profileHint",
      icon: IconUserCog,
      order: 900,
    },
  ],
  i18n: { en, de },
};

export default accounts;
