import { IconPhoto } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { GALLERY_PATH, NEW_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const images: AreaModule = {
  name: "images",
  routes: [
    { path: GALLERY_PATH, lazy: page(() => import("./pages/ImageGalleryPage")) },
    { path: NEW_PATH, lazy: page(() => import("./pages/ImageGeneratorPage")) },
  ],
  nav: [
    {
      path: GALLERY_PATH,
      labelKey: "nav.images",
      descriptionKey: "nav.imagesHint",
      icon: IconPhoto,
      order: 40,
    },
  ],
  i18n: { en, de },
};

export default images;
