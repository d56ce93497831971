import { Button, Group } from "@mantine/core";
import type { ComponentType } from "react";
import { Link } from "react-router";

export interface AreaTab {
  path: string;
  label: string;
  icon: ComponentType<{ size?: number | string }>;
  /** Where the tab leads, when not just `path` (e.g. with the current page's `?sketch=`). */
  to?: string;
}

/** Links to an area's pages above each page's heading, as a navigation named `label`; the current one is marked. */
export function AreaTabs({ label, tabs, current }: { label: string; tabs: AreaTab[]; current: string }) {
  return (
    <Group
      component="nav"
      aria-label={label}
      gap={4}
      pb={6}
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      {tabs.map(({ path, label: text, icon: Icon, to }) => {
        const active = path === current;
        return (
          <Button
            key={path}
            component={Link}
            to={to ?? path}
            size="compact-sm"
            variant={active ? "light" : "subtle"}
            color={active ? undefined : "gray"}
            leftSection={<Icon size={16} />}
            aria-current={active ? "page" : undefined}
          >
            {text}
          </Button>
        );
      })}
    </Group>
  );
}
