import { Alert, Button, Center, Loader, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

interface ListStatusProps {
  /** The list's own state, as useConnection reports it. */
  error: unknown;
  loaded: boolean;
  empty: boolean;
  /** Whether a search or filter is narrowing the list (an empty list then says "nothing matches"). */
  filtered: boolean;
  icon: ReactNode;
  /** The area's i18n namespace; it has `list.noMatch`, `list.noMatchHint`, `list.emptyTitle`, `list.emptyHint`
   * and `list.new`. */
  ns: string;
  newPath: string;
}

/** What a library list shows instead of its items: an error, a loader, or why it is empty (with a link to make the
 * first item when nothing narrows it). */
export function ListStatus({ error, loaded, empty, filtered, icon, ns, newPath }: ListStatusProps) {
  const { t } = useTranslation(ns);
  if (error) {
    return (
      <Alert color="red" role="alert">
        {t("common:status.error")}
      </Alert>
    );
  }
  if (!loaded) {
    return (
      <Center p="xl">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  }
  if (!empty) return null;
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="xs">
        {icon}
        <Text fw={500}>{filtered ? t("list.noMatch") : t("list.emptyTitle")}</Text>
        <Text size="sm" c="dimmed" ta="center">
          {filtered ? t("list.noMatchHint") : t("list.emptyHint")}
        </Text>
        {!filtered && (
          <Button component={Link} to={newPath} variant="light" mt="xs">
            {t("list.new")}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
