import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "../auth/language";
import { currentLanguage, type Lang } from "../i18n";

/** EN | DE, applied at once (and stored on the server when signed in). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const change = useChangeLanguage();
  void i18n.language; // re-render on change
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("common:language.label")}
      value={currentLanguage()}
      onChange={(value) => void change(value as Lang)}
      data={[
        { value: "en", label: <span title={t("common:language.en")}>EN</span> },
        { value: "de", label: <span title={t("common:language.de")}>DE</span> },
      ]}
    />
  );
}
