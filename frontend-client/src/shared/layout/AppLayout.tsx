import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconHome, IconLogout, IconUserCog } from "@tabler/icons-react";
import { Suspense, type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useSession } from "../auth/session";
import { useViewer } from "../auth/viewer";
import { paths } from "../routing/paths";
import { LanguageSwitch } from "./LanguageSwitch";

export interface LayoutNavEntry {
  path: string;
  /** The label's key in namespace `ns`. */
  labelKey: string;
  ns: string;
  icon?: ComponentType<{ size?: number | string; stroke?: number }>;
}

function isActive(pathname: string, path: string): boolean {
  if (path === "/") return pathname === "/";
  return pathname === path || pathname.startsWith(`${path}/`);
}

/** The entry the page belongs to: the longest path that matches (/images/overlay is not also /images). */
function activePath(pathname: string, entries: LayoutNavEntry[]): string | undefined {
  return entries
    .filter((entry) => isActive(pathname, entry.path))
    .reduce<string | undefined>(
      (best, entry) => (!best || entry.path.length > best.length ? entry.path : best),
      undefined,
    );
}

/** A widget an area puts in the header (AreaModule.headerWidgets). */
export interface LayoutWidget {
  key: string;
  Component: ComponentType;
}

/** Header (app name, area widgets, language, user menu), side navigation from the areas, and the page. */
export function AppLayout({ nav, widgets = [] }: { nav: LayoutNavEntry[]; widgets?: LayoutWidget[] }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { signOut } = useSession();
  const { viewer } = useViewer();
  const name = viewer
    ? viewer.artistName || [viewer.firstName, viewer.lastName].filter(Boolean).join(" ") || viewer.email
    : "";

  const entries: LayoutNavEntry[] = [
    { path: paths.home, labelKey: "nav.home", ns: "common", icon: IconHome },
    ...nav,
  ];

  const active = activePath(pathname, entries);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("common:nav.toggle")}
            />
            <Text component={Link} to={paths.home} fw={700} size="lg">
              {t("common:appName")}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            {widgets.map(({ key, Component }) => (
              <Suspense key={key} fallback={null}>
                <Component />
              </Suspense>
            ))}
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t("common:user.menu")} data-testid="user-menu">
                  <Group gap={6} wrap="nowrap">
                    <Avatar size="sm" radius="xl" color="blue">
                      {name.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <Text size="sm" visibleFrom="sm" maw={200} truncate>
                      {name}
                    </Text>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconUserCog size={16} />} onClick={() => navigate(paths.profile)}>
                  {t("common:user.profile")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  leftSection={<IconLogout size={16} />}
                  onClick={() => {
                    signOut();
                    navigate(paths.signIn, { replace: true });
                  }}
                >
                  {t("common:user.signOut")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("common:nav.main")} component="nav">
        <ScrollArea>
          {entries.map((entry) => {
            const Icon = entry.icon;
            return (
              <NavLink
                key={entry.path}
                component={Link}
                to={entry.path}
                label={t(entry.labelKey, { ns: entry.ns })}
                leftSection={Icon ? <Icon size={18} stroke={1.6} /> : undefined}
                active={entry.path === active}
                onClick={close}
              />
            );
          })}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
