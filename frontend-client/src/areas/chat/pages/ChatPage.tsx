import { Button, Center, ScrollArea, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconMessagePlus, IconSearch } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useParams } from "react-router";
import type { Provider } from "@/gql/graphql";
import { ConversationList } from "../components/ConversationList";
import { ConversationView } from "../components/ConversationView";
import { NewChatDialog } from "../components/NewChatDialog";
import classes from "../components/chat.module.css";
import { chatPath, PROVIDERS, providerFromParam } from "../lib/chat";

const LAST_PROVIDER = "aiproxy.chat.provider";

/** /chat: the provider used last (Ollama at first). */
export function ChatIndex() {
  const stored = providerFromParam(localStorage.getItem(LAST_PROVIDER) ?? undefined);
  return <Navigate to={chatPath(stored ?? "OLLAMA")} replace />;
}

/** /chat/:provider/:conversationId? — the provider's conversations beside the one open. */
export default function ChatPage() {
  const { t } = useTranslation("chat");
  const params = useParams();
  const navigate = useNavigate();
  const provider = providerFromParam(params.provider);
  const conversationId = params.conversationId ?? null;
  const [archived, setArchived] = useState(false);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const [refreshKey, setRefreshKey] = useState(0);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (provider) localStorage.setItem(LAST_PROVIDER, provider.toLowerCase());
  }, [provider]);

  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const onProvider = useCallback(
    (actual: Provider) => {
      if (provider && actual !== provider && conversationId) {
        navigate(chatPath(actual, conversationId), { replace: true });
      }
    },
    [provider, conversationId, navigate],
  );
  const onDeleted = useCallback(() => {
    refresh();
    if (provider) navigate(chatPath(provider), { replace: true });
  }, [provider, navigate, refresh]);

  if (!provider) return <Navigate to={chatPath("OLLAMA")} replace />;

  return (
    <div className={classes.page} data-testid="chat-page">
      <aside className={classes.sidebar} aria-label={t("list.label")}>
        <Stack gap="xs" mb="xs">
          <SegmentedControl
            fullWidth
            aria-label={t("provider.label")}
            value={provider}
            onChange={(value) => navigate(chatPath(value as Provider))}
            data={PROVIDERS.map((p) => ({ value: p.provider, label: t(`provider.${p.provider}`) }))}
            data-testid="provider-switch"
          />
          <Button
            leftSection={<IconMessagePlus size={18} />}
            onClick={() => setCreating(true)}
            data-testid="new-chat"
          >
            {t("newChat.open")}
          </Button>
          <TextInput
            aria-label={t("list.search")}
            placeholder={t("list.search")}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            type="search"
          />
          <SegmentedControl
            size="xs"
            fullWidth
            aria-label={t("list.show")}
            value={archived ? "archived" : "active"}
            onChange={(value) => setArchived(value === "archived")}
            data={[
              { value: "active", label: t("list.active") },
              { value: "archived", label: t("list.archived") },
            ]}
            data-testid="archived-filter"
          />
        </Stack>
        <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
          <ConversationList
            provider={provider}
            archived={archived}
            search={debounced}
            activeId={conversationId}
            refreshKey={refreshKey}
          />
        </ScrollArea>
      </aside>
      <section className={classes.main} aria-label={t("view.label")}>
        {conversationId ? (
          <ConversationView
            key={conversationId}
            id={conversationId}
            onProvider={onProvider}
            onChanged={refresh}
            onDeleted={onDeleted}
          />
        ) : (
          <Center h="100%">
            <Stack align="center" gap="sm" maw={420}>
              <Text size="lg" fw={600}>
                {t("view.noneTitle", { provider: t(`provider.${provider}`) })}
              </Text>
              <Text c="dimmed" ta="center">
                {t("view.none")}
              </Text>
              <Button leftSection={<IconMessagePlus size={18} />} onClick={() => setCreating(true)}>
                {t("newChat.open")}
              </Button>
            </Stack>
          </Center>
        )}
      </section>
      <NewChatDialog
        opened={creating}
        provider={provider}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          refresh();
          navigate(chatPath(provider, id));
        }}
      />
    </div>
  );
}
