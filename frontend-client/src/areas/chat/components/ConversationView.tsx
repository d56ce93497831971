import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconArchive,
  IconArchiveOff,
  IconArrowBackUp,
  IconDotsVertical,
  IconDownload,
  IconFold,
  IconHistory,
  IconPin,
  IconPinnedOff,
  IconRefresh,
  IconTrash,
} from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import type { ChatMessageFieldsFragment, ExportFormat, Provider } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { describeError, userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { downloadText, exportFileName, exportMimeType } from "../lib/chat";
import {
  ConversationCompressDocument,
  ConversationDeleteDocument,
  ConversationDocument,
  ConversationExportDocument,
  ConversationRestoreDocument,
  ConversationUpdateDocument,
  MessageRegenerateDocument,
  MessageStopDocument,
} from "../operations";
import { Composer } from "./Composer";
import { InlineTitle } from "./InlineTitle";
import { MessageItem } from "./MessageItem";
import { UsageBar } from "./UsageBar";
import classes from "./chat.module.css";

const PAGE = 50;
const HISTORY = { includeArchived: true, includeSuperseded: true };

type Message = ChatMessageFieldsFragment;

interface Earlier {
  key: string;
  messages: Message[];
  cursor: string | null;
  hasPrevious: boolean;
  loading: boolean;
}

export interface ConversationViewProps {
  id: string;
  /** The conversation belongs to another provider than the page shows. */
  onProvider(provider: Provider): void;
  /** Something the list shows changed (title, order, pin, archive). */
  onChanged(): void;
  onDeleted(): void;
}

/** One conversation: header with actions, token usage, messages (answers streaming in), composer. */
export function ConversationView({ id, onProvider, onChanged, onDeleted }: ConversationViewProps) {
  const { t } = useTranslation("chat");
  const client = useClient();
  const [history, setHistory] = useState(false);
  const filter = history ? HISTORY : null;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ConversationDocument,
    variables: { id, last: PAGE, filter },
  });
  const conversation = data?.node?.__typename === "Conversation" ? data.node : null;
  const missing = !!data && !fetching && !conversation;
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  useEffect(() => {
    if (conversation) onProvider(conversation.provider);
  }, [conversation, onProvider]);

  // Older messages, a page at a time ("Show earlier messages").
  const key = `${id}:${history}`;
  const [earlier, setEarlier] = useState<Earlier | null>(null);
  const olderPage = earlier?.key === key ? earlier : null;
  const firstPage = conversation?.messages;
  const loadEarlier = async () => {
    const cursor = olderPage ? olderPage.cursor : (firstPage?.pageInfo.startCursor ?? null);
    if (!cursor) return;
    setEarlier({
      key,
      messages: olderPage?.messages ?? [],
      cursor,
      hasPrevious: true,
      loading: true,
    });
    const result = await client
      .query(
        ConversationDocument,
        { id, last: PAGE, before: cursor, filter },
        { requestPolicy: "network-only" },
      )
      .toPromise();
    const node = result.data?.node?.__typename === "Conversation" ? result.data.node : null;
    setEarlier((prev) => {
      const kept = prev?.key === key ? prev.messages : [];
      if (!node) return { key, messages: kept, cursor, hasPrevious: true, loading: false };
      return {
        key,
        messages: [...node.messages.nodes, ...kept],
        cursor: node.messages.pageInfo.startCursor ?? null,
        hasPrevious: node.messages.pageInfo.hasPreviousPage,
        loading: false,
      };
    });
  };
  const hasEarlier = olderPage ? olderPage.hasPrevious : !!firstPage?.pageInfo.hasPreviousPage;

  // Messages just sent, shown until the conversation's query has them.
  const [pending, setPending] = useState<{ id: string; messages: Message[] }>({ id, messages: [] });
  // Answers that ended while we followed them (the query may still say STREAMING until it refreshes).
  const [ended, setEnded] = useState<Record<string, Message>>({});

  const messages = useMemo(() => {
    const seen = new Set<string>();
    const all: Message[] = [];
    const add = (m: Message) => {
      if (seen.has(m.id)) return;
      seen.add(m.id);
      all.push(m.status === "STREAMING" && ended[m.id] ? ended[m.id] : m);
    };
    olderPage?.messages.forEach(add);
    firstPage?.nodes.forEach(add);
    if (pending.id === id) pending.messages.forEach(add);
    return all;
  }, [olderPage, firstPage, pending, id, ended]);

  const streaming = [...messages].reverse().find((m) => m.status === "STREAMING" && m.role === "ASSISTANT");
  const last = messages[messages.length - 1];
  const canRegenerate =
    !streaming &&
    !!last &&
    last.role === "ASSISTANT" &&
    !last.isSummary &&
    !last.archived &&
    !last.superseded;

  const titleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(titleTimer.current), []);
  const onStreamEnd = useCallback(
    (message: Message, state: { final: Message | null }) => {
      if (state.final) setEnded((prev) => ({ ...prev, [message.id]: { ...message, ...state.final } }));
      refresh();
      onChanged();
      // An untitled conversation is named from its first exchange, shortly after it.
      clearTimeout(titleTimer.current);
      titleTimer.current = setTimeout(() => {
        refresh();
        onChanged();
      }, 2500);
    },
    [refresh, onChanged],
  );

  // Keep the newest message in view while the user is at the bottom.
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const el = content.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current && viewport.current) {
        viewport.current.scrollTo({ top: viewport.current.scrollHeight });
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [conversation?.id]);
  useEffect(() => {
    atBottom.current = true;
  }, [id]);

  const update = useFormMutation(ConversationUpdateDocument);
  const remove = useFormMutation(ConversationDeleteDocument);
  const stop = useFormMutation(MessageStopDocument);
  const regenerate = useFormMutation(MessageRegenerateDocument);
  const compress = useFormMutation(ConversationCompressDocument);
  const restore = useFormMutation(ConversationRestoreDocument);

  // Business errors of an action (not a form): one notification.
  const notifyErrors = (errors: readonly UserErrorLike[] | null | undefined) => {
    if (!errors?.length) return;
    notifications.show({
      color: "red",
      title: t("common:status.error"),
      message: errors.map((e) => userErrorText(e, t)).join(" "),
    });
  };

  if (error && !conversation) {
    return (
      <Alert color="red" role="alert" title={t("common:status.error")}>
        {describeError(error, t)}
      </Alert>
    );
  }
  if (missing) {
    return (
      <Center h="100%">
        <Text c="dimmed">{t("view.notFound")}</Text>
      </Center>
    );
  }
  if (!conversation) {
    return (
      <Center h="100%">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  }

  const setFlag = async (input: { pinned?: boolean; archived?: boolean }, done: string) => {
    const result = await update.submit({ input: { id, ...input } });
    notifyErrors(result.data?.conversationUpdate.userErrors);
    if (result.ok) {
      notifications.show({ message: done, autoClose: 2500 });
      onChanged();
    }
  };

  const onDelete = async () => {
    const ok = await confirm({
      title: t("delete.title"),
      message: t("delete.message", { title: conversation.title || t("list.untitled") }),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!ok) return;
    const result = await remove.submit({ input: { id } });
    if (result.ok) {
      notifications.show({ message: t("delete.done"), autoClose: 2500 });
      onDeleted();
    } else {
      notifyErrors(result.data?.conversationDelete.userErrors);
    }
  };

  const onCompress = async () => {
    const ok = await confirm({
      title: t("compress.title"),
      message: t("compress.message"),
      confirmLabel: t("actions.compress"),
    });
    if (!ok) return;
    const result = await compress.submit({ input: { id, keepRecent: 2 } });
    const payload = result.data?.conversationCompress;
    if (!result.ok || !payload) {
      notifyErrors(payload?.userErrors);
      return;
    }
    setEarlier(null);
    notifications.show({
      message:
        payload.archivedCount === 0
          ? t("compress.nothing")
          : t("compress.done", { count: payload.archivedCount }) +
            (payload.usedFallback ? ` ${t("compress.fallback")}` : ""),
      autoClose: 4000,
    });
    refresh();
  };

  const onRestore = async () => {
    const result = await restore.submit({ input: { id } });
    const payload = result.data?.conversationRestore;
    if (!result.ok || !payload) {
      notifyErrors(payload?.userErrors);
      return;
    }
    setEarlier(null);
    notifications.show({
      message: payload.restoredCount
        ? t("restore.done", { count: payload.restoredCount })
        : t("restore.nothing"),
      autoClose: 4000,
    });
    refresh();
  };

  const onExport = async (format: ExportFormat, includeArchived: boolean) => {
    const result = await client
      .query(ConversationExportDocument, { id, format, includeArchived }, { requestPolicy: "network-only" })
      .toPromise();
    const node = result.data?.node?.__typename === "Conversation" ? result.data.node : null;
    if (!node) {
      notifications.show({
        color: "red",
        title: t("common:status.error"),
        message: result.error ? describeError(result.error, t) : t("view.notFound"),
      });
      return;
    }
    downloadText(node.export, exportFileName(node.title, format), exportMimeType(format));
  };

  const onStop = async () => {
    if (!streaming) return;
    const result = await stop.submit({ input: { id: streaming.id } });
    const stopped = result.data?.messageStop?.message;
    if (stopped) setEnded((prev) => ({ ...prev, [stopped.id]: stopped }));
    else notifyErrors(result.data?.messageStop.userErrors);
  };

  const onRegenerate = async () => {
    const result = await regenerate.submit({ input: { conversationId: id } });
    const message = result.data?.messageRegenerate?.message;
    if (message) {
      setPending({ id, messages: [message] });
      atBottom.current = true;
      refresh();
    } else {
      notifyErrors(result.data?.messageRegenerate.userErrors);
    }
  };

  return (
    <div className={classes.main} data-testid="conversation" data-conversation-id={id}>
      <Stack gap={6} mb="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <InlineTitle key={id} id={id} title={conversation.title ?? null} />
          <Group gap={4} wrap="nowrap">
            {conversation.pinned && (
              <Badge variant="light" leftSection={<IconPin size={12} />}>
                {t("list.pinned")}
              </Badge>
            )}
            {conversation.archived && (
              <Badge variant="light" color="gray" leftSection={<IconArchive size={12} />}>
                {t("list.archivedBadge")}
              </Badge>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Tooltip label={t("view.actions")} withArrow>
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={t("view.actions")}
                    data-testid="conversation-actions"
                  >
                    <IconDotsVertical size={18} />
                  </ActionIcon>
                </Tooltip>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={conversation.pinned ? <IconPinnedOff size={16} /> : <IconPin size={16} />}
                  onClick={() =>
                    void setFlag(
                      { pinned: !conversation.pinned },
                      conversation.pinned ? t("done.unpinned") : t("done.pinned"),
                    )
                  }
                >
                  {conversation.pinned ? t("actions.unpin") : t("actions.pin")}
                </Menu.Item>
                <Menu.Item
                  leftSection={
                    conversation.archived ? <IconArchiveOff size={16} /> : <IconArchive size={16} />
                  }
                  onClick={() =>
                    void setFlag(
                      { archived: !conversation.archived },
                      conversation.archived ? t("done.unarchived") : t("done.archived"),
                    )
                  }
                >
                  {conversation.archived ? t("actions.unarchive") : t("actions.archive")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  leftSection={<IconFold size={16} />}
                  onClick={() => void onCompress()}
                  disabled={!!streaming}
                >
                  {t("actions.compress")}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconArrowBackUp size={16} />}
                  onClick={() => void onRestore()}
                  disabled={!!streaming}
                >
                  {t("actions.restore")}
                </Menu.Item>
                <Menu.Item leftSection={<IconHistory size={16} />} onClick={() => setHistory((h) => !h)}>
                  {history ? t("actions.hideHistory") : t("actions.showHistory")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Label>{t("export.label")}</Menu.Label>
                <Menu.Item
                  leftSection={<IconDownload size={16} />}
                  onClick={() => void onExport("MARKDOWN", false)}
                >
                  {t("export.markdown")}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconDownload size={16} />}
                  onClick={() => void onExport("MARKDOWN", true)}
                >
                  {t("export.markdownFull")}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconDownload size={16} />}
                  onClick={() => void onExport("JSON", true)}
                >
                  {t("export.json")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => void onDelete()}>
                  {t("common:actions.delete")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" data-testid="conversation-model">
          {t("view.meta", { model: conversation.model, count: conversation.messageCount })}
        </Text>
        <UsageBar
          tokenCount={conversation.tokenCount}
          contextWindow={conversation.contextWindow}
          usage={conversation.tokenUsage}
          onCompress={() => void onCompress()}
          compressing={compress.fetching}
        />
        {history && (
          <Text size="xs" c="dimmed">
            {t("view.historyShown")}
          </Text>
        )}
      </Stack>

      <ScrollArea
        className={classes.messages}
        viewportRef={viewport}
        onScrollPositionChange={({ y }) => {
          const el = viewport.current;
          if (el) atBottom.current = el.scrollHeight - el.clientHeight - y < 80;
        }}
        type="auto"
        offsetScrollbars
      >
        <Stack gap="sm" ref={content} pb="xs" aria-live="polite" aria-relevant="additions">
          {hasEarlier && (
            <Center>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => void loadEarlier()}
                loading={olderPage?.loading}
              >
                {t("view.earlier")}
              </Button>
            </Center>
          )}
          {messages.length === 0 && (
            <Center py="xl">
              <Text c="dimmed">{t("view.empty")}</Text>
            </Center>
          )}
          {messages.map((m) => (
            <MessageItem key={m.id} message={m} onStreamEnd={onStreamEnd} />
          ))}
          {canRegenerate && (
            <Group justify="flex-end">
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconRefresh size={14} />}
                onClick={() => void onRegenerate()}
                loading={regenerate.fetching}
              >
                {t("actions.regenerate")}
              </Button>
            </Group>
          )}
        </Stack>
      </ScrollArea>

      <Composer
        key={id}
        conversationId={id}
        streaming={!!streaming}
        stopping={stop.fetching}
        onStop={() => void onStop()}
        onSent={(sent) => {
          setPending({ id, messages: sent });
          atBottom.current = true;
          onChanged();
        }}
      />
    </div>
  );
}
