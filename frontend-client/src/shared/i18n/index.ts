import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import commonDe from "./de.json";
import commonEn from "./en.json";

export const LANGUAGES = ["en", "de"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A namespace's catalogues: the same keys in English and German. */
export interface Catalogues {
  en: Record<string, unknown>;
  de: Record<string, unknown>;
}

const STORAGE_KEY = "aiproxy.language";

export const commonCatalogues: Catalogues = { en: commonEn, de: commonDe };

function initialLanguage(): Lang {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored === "en" || stored === "de") return stored;
  const browser = typeof navigator !== "undefined" ? navigator.language : "en";
  return browser.toLowerCase().startsWith("de") ? "de" : "en";
}

/** Sets up i18next with the `common` namespace and one namespace per area. Call once, before rendering. */
export function initI18n(namespaces: Record<string, Catalogues>): typeof i18next {
  const all: Record<string, Catalogues> = { common: commonCatalogues, ...namespaces };
  const resources = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, Object.fromEntries(Object.entries(all).map(([ns, c]) => [ns, c[lang]]))]),
  );
  const lng = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: "en",
    ns: Object.keys(all),
    defaultNS: "common",
    fallbackNS: "common",
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** The current language as the API spells it. */
export function apiLanguage(): "EN" | "DE" {
  return currentLanguage() === "de" ? "DE" : "EN";
}

export function currentLanguage(): Lang {
  return i18next.language?.startsWith("de") ? "de" : "en";
}

/** Switches the UI language at once and remembers it in this browser (the API keeps the user's choice). */
export async function setLanguage(lang: Lang | "EN" | "DE"): Promise<void> {
  const next = lang.toLowerCase() as Lang;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  if (currentLanguage() !== next || i18next.language !== next) await i18next.changeLanguage(next);
}
