import { useTranslation } from "react-i18next";
import { AreaTabs } from "@/shared/layout/AreaTabs";
import { AREA_PAGES, RULES_PATH } from "../paths";

/**
 * Links to the area's pages (lyric editor, style prompt, rules) above each page's heading; the sketch a page
 * works on (`sketchId`) goes along to the other page that works on a sketch.
 */
export function SongwritingTabs({ current, sketchId }: { current: string; sketchId?: string | null }) {
  const { t } = useTranslation("songwriting");
  const search = sketchId ? `?${new URLSearchParams({ sketch: sketchId }).toString()}` : "";
  return (
    <AreaTabs
      label={t("tabs.label")}
      current={current}
      tabs={AREA_PAGES.map(({ path, labelKey, icon }) => ({
        path,
        label: t(labelKey),
        icon,
        to: path === RULES_PATH || path === current ? path : `${path}${search}`,
      }))}
    />
  );
}
