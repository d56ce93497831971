import { IconPhoto, IconTypography } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";
import { GALLERY_PATH, NEW_PATH, OVERLAY_PATH } from "./paths";

const page = (load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] => {
  return () => load().then((m) => ({ Component: m.default }));
};

const images: AreaModule = {
  name: "images",
  routes: [
    { path: GALLERY_PATH, lazy: page(() => import("./pages/ImageGalleryPage")) },
    { path: NEW_PATH, lazy: page(() => import("./pages/ImageGeneratorPage")) },
    { path: OVERLAY_PATH, lazy: page(() => import("./pages/ImageOverlayPage")) },
  ],
  nav: [
    {
      path: GALLERY_PATH,
      labelKey: "nav.images",
      descriptionKey: "nav.imagesHint",
      icon: IconPhoto,
      order: 40,
    },
    {
      path: OVERLAY_PATH,
      labelKey: "nav.overlay",
      descriptionKey: "nav.overlayHint",
      icon: IconTypography,
      order: 41,
    },
  ],
  i18n: { en, de },
};

export default images;
