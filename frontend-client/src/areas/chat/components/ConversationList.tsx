import { Alert, Center, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { IconPinFilled } from "@tabler/icons-react";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClient } from "urql";
import type { ChatConversationListQuery, Provider } from "@/gql/graphql";
import { formatRelative } from "@/shared/format";
import { describeError } from "@/shared/graphql/errors";
import { LoadMore, useConnection, usePageSize, type ConnectionResult } from "@/shared/lists";
import { chatPath } from "../lib/chat";
import { ConversationListDocument } from "../operations";
import classes from "./chat.module.css";

type Item = ChatConversationListQuery["conversations"]["nodes"][number];

export interface ConversationListProps {
  provider: Provider;
  archived: boolean;
  search: string;
  activeId: string | null;
  /** Changes when the lists should be read again (a chat was created, deleted, answered). */
  refreshKey: number;
}

function useList(props: ConversationListProps, pinned: boolean): ConnectionResult<Item> {
  const client = useClient();
  const pageSize = usePageSize();
  const filter = useMemo(
    () => ({
      provider: props.provider,
      archived: props.archived,
      pinned,
      search: props.search.trim() || null,
    }),
    [props.provider, props.archived, pinned, props.search],
  );
  const list = useConnection({
    query: ConversationListDocument,
    variables: { filter },
    connection: (data) => data.conversations,
    pageSize,
  });
  // Read the first page again on request: its result reaches the list's own live query (same operation),
  // so the items stay in place until the new ones are there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void client
      .query(
        ConversationListDocument,
        { filter, first: pageSize, after: null },
        { requestPolicy: "network-only" },
      )
      .toPromise();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new refreshKey asks for it
  }, [props.refreshKey]);
  return list;
}

function Items({
  list,
  provider,
  activeId,
}: {
  list: ConnectionResult<Item>;
  provider: Provider;
  activeId: string | null;
}) {
  const { t } = useTranslation("chat");
  return (
    <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {list.nodes.map((c) => (
        <li key={c.id}>
          <NavLink
            component={Link}
            to={chatPath(provider, c.id)}
            active={c.id === activeId}
            className={classes.listItem}
            label={c.title || t("list.untitled")}
            description={`${c.model} · ${formatRelative(c.updatedAt)}`}
            rightSection={c.pinned ? <IconPinFilled size={14} aria-label={t("list.pinned")} /> : undefined}
            aria-current={c.id === activeId ? "page" : undefined}
            data-testid="conversation-item"
            noWrap
          />
        </li>
      ))}
    </Stack>
  );
}

/** The provider's conversations: pinned ones first, then the rest, most recently active first. */
export function ConversationList(props: ConversationListProps) {
  const { t } = useTranslation("chat");
  const pinned = useList(props, true);
  const others = useList(props, false);
  const error = pinned.error ?? others.error;
  const loading = !pinned.loaded && !others.loaded && (pinned.fetching || others.fetching);
  const empty = pinned.loaded && others.loaded && !pinned.nodes.length && !others.nodes.length;

  return (
    <Stack gap="xs" data-testid="conversation-list">
      {error && (
        <Alert color="red" role="alert" p="xs">
          {describeError(error, t)}
        </Alert>
      )}
      {loading && !pinned.nodes.length && !others.nodes.length && (
        <Center py="md">
          <Loader size="sm" aria-label={t("common:status.loading")} />
        </Center>
      )}
      {empty && (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {props.search.trim() ? t("list.noMatch") : props.archived ? t("list.noArchived") : t("list.empty")}
        </Text>
      )}
      {pinned.nodes.length > 0 && (
        <section aria-labelledby="chat-pinned">
          <Title order={3} size="xs" c="dimmed" tt="uppercase" mb={4} id="chat-pinned">
            {t("list.pinnedHeading")}
          </Title>
          <Items list={pinned} provider={props.provider} activeId={props.activeId} />
          {pinned.hasNextPage && <LoadMore list={pinned as ConnectionResult<unknown>} />}
        </section>
      )}
      {others.nodes.length > 0 && (
        <section aria-label={t("list.othersHeading")}>
          {pinned.nodes.length > 0 && (
            <Title order={3} size="xs" c="dimmed" tt="uppercase" mb={4}>
              {t("list.othersHeading")}
            </Title>
          )}
          <Items list={others} provider={props.provider} activeId={props.activeId} />
          {others.hasNextPage && <LoadMore list={others as ConnectionResult<unknown>} />}
        </section>
      )}
    </Stack>
  );
}
