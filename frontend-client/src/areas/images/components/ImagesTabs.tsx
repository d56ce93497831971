import { useTranslation } from "react-i18next";
import { AreaTabs } from "@/shared/layout/AreaTabs";
import { AREA_PAGES } from "../paths";

/** Links to the area's pages (gallery, generator …) above each page's heading; the current one is marked. */
export function ImagesTabs({ current }: { current: string }) {
  const { t } = useTranslation("images");
  return (
    <AreaTabs
      label={t("tabs.label")}
      current={current}
      tabs={AREA_PAGES.map(({ path, labelKey, icon }) => ({ path, label: t(labelKey), icon }))}
    />
  );
}
