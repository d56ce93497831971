import { Button, Group, Text, Textarea } from "@mantine/core";
import { IconPlayerStopFilled, IconSend } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChatMessageFieldsFragment } from "@/gql/graphql";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { isSendKey } from "../lib/chat";
import { MessageSendDocument } from "../operations";

export interface ComposerProps {
  conversationId: string;
  /** An answer is being written: Stop instead of Send. */
  streaming: boolean;
  stopping: boolean;
  onStop(): void;
  /** The question and the answer that started (STREAMING). */
  onSent(messages: ChatMessageFieldsFragment[]): void;
}

/** The message field: Enter sends, Shift+Enter starts a new line; Stop while an answer is written. */
export function Composer({ conversationId, streaming, stopping, onStop, onSent }: ComposerProps) {
  const { t } = useTranslation("chat");
  const send = useFormMutation(MessageSendDocument);
  const [text, setText] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);

  const submit = async () => {
    const content = text.trim();
    if (!content || streaming || send.fetching) return;
    const { ok, data } = await send.submit({ input: { conversationId, content } });
    const payload = data?.messageSend;
    if (!ok || !payload) return;
    setText("");
    onSent([payload.userMessage, payload.assistantMessage].filter((m) => m != null));
    field.current?.focus();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Group align="flex-end" gap="xs" wrap="nowrap" mt="xs">
        <Textarea
          ref={field}
          style={{ flex: 1 }}
          aria-label={t("composer.label")}
          placeholder={t("composer.placeholder")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isSendKey({ key: e.key, shiftKey: e.shiftKey, isComposing: e.nativeEvent.isComposing })) {
              e.preventDefault();
              void submit();
            }
          }}
          error={send.fieldErrors.content ?? send.formError}
          autosize
          minRows={2}
          maxRows={8}
          autoFocus
          data-testid="composer"
        />
        {streaming ? (
          <Button
            color="red"
            variant="light"
            leftSection={<IconPlayerStopFilled size={16} />}
            onClick={onStop}
            loading={stopping}
            data-testid="stop"
          >
            {t("actions.stop")}
          </Button>
        ) : (
          <Button
            type="submit"
            leftSection={<IconSend size={16} />}
            loading={send.fetching}
            disabled={!text.trim()}
            data-testid="send"
          >
            {t("actions.send")}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t("composer.hint")}
      </Text>
    </form>
  );
}
