import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import type { Provider } from "@/gql/graphql";
import { formatNumber } from "@/shared/format";
import { describeError } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { ConversationCreateDocument, ModelsDocument } from "../operations";

export interface NewChatDialogProps {
  opened: boolean;
  provider: Provider;
  onClose(): void;
  onCreated(conversationId: string): void;
}

/** Start a conversation: a model of the provider (with its context window), a title, a system context. */
export function NewChatDialog(props: NewChatDialogProps) {
  const { t } = useTranslation("chat");
  // The form is made anew each time the dialog opens (Modal unmounts its content when closed).
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t("newChat.title")} size="lg">
      <NewChatForm {...props} />
    </Modal>
  );
}

function NewChatForm({ provider, onClose, onCreated }: NewChatDialogProps) {
  const { t } = useTranslation("chat");
  const [{ data, fetching, error }] = useQuery({
    query: ModelsDocument,
    variables: { provider },
    requestPolicy: "cache-first",
  });
  const create = useFormMutation(ConversationCreateDocument);
  const models = useMemo(() => data?.models.nodes ?? [], [data]);
  const [model, setModel] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [systemContext, setSystemContext] = useState("");
  // The provider's default model until the user picks one.
  const chosen = model ?? models.find((m) => m.isDefault)?.name ?? models[0]?.name ?? null;

  const options = models.map((m) => ({
    value: m.name,
    label: m.contextWindow
      ? t("newChat.modelOption", { name: m.name, window: formatNumber(m.contextWindow) })
      : m.name,
  }));

  const submit = async () => {
    if (!chosen) return;
    const { ok, data: created } = await create.submit({
      input: {
        provider,
        model: chosen,
        title: title.trim() || null,
        systemContext: systemContext.trim() || null,
      },
    });
    const id = created?.conversationCreate.conversation?.id;
    if (ok && id) onCreated(id);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert">
            {describeError(error, t)}
          </Alert>
        )}
        <Select
          label={t("newChat.model")}
          description={t("newChat.modelHint")}
          data={options}
          value={chosen}
          onChange={setModel}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t("newChat.noModels")}
          disabled={fetching && !models.length}
          error={create.fieldErrors.model}
          required
          data-autofocus
          data-testid="model-select"
        />
        <TextInput
          label={t("newChat.chatTitle")}
          description={t("newChat.chatTitleHint")}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={create.fieldErrors.title}
          maxLength={255}
        />
        <Textarea
          label={t("newChat.systemContext")}
          description={t("newChat.systemContextHint")}
          value={systemContext}
          onChange={(e) => setSystemContext(e.currentTarget.value)}
          error={create.fieldErrors.systemContext}
          autosize
          minRows={3}
          maxRows={8}
        />
        {create.formError && (
          <Alert color="red" role="alert">
            {create.formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={create.fetching} disabled={!chosen}>
            {t("newChat.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
