import { Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConnectionResult } from "./useConnection";

/** "Load more" under a list, with "12 of 40" when the total is known. */
export function LoadMore({ list }: { list: ConnectionResult<unknown> }) {
  const { t } = useTranslation();
  if (!list.hasNextPage && list.totalCount === null) return null;
  return (
    <Group justify="center" gap="md" mt="md">
      {list.totalCount !== null && (
        <Text size="sm" c="dimmed">
          {t("common:status.shownOf", { shown: list.nodes.length, total: list.totalCount })}
        </Text>
      )}
      {list.hasNextPage && (
        <Button variant="light" onClick={list.loadMore} loading={list.fetching}>
          {t("common:actions.loadMore")}
        </Button>
      )}
    </Group>
  );
}
