import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AREA_PAGES } from "../paths";

/** Links to the area's pages (lyric editor, style prompt, rules) above each page's heading. */
export function SongwritingTabs({ current, search }: { current: string; search?: string }) {
  const { t } = useTranslation("songwriting");
  return (
    <Group
      component="nav"
      aria-label={t("tabs.label")}
      gap={4}
      pb={6}
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      {AREA_PAGES.map(({ path, labelKey, icon: Icon }) => {
        const active = path === current;
        return (
          <Button
            key={path}
            component={Link}
            to={path === current || !search ? path : `${path}${search}`}
            size="compact-sm"
            variant={active ? "light" : "subtle"}
            color={active ? undefined : "gray"}
            leftSection={<Icon size={16} />}
            aria-current={active ? "page" : undefined}
          >
            {t(labelKey)}
          </Button>
        );
      })}
    </Group>
  );
}
