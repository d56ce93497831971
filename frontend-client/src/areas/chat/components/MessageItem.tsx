import { ActionIcon, Alert, Badge, Group, Loader, Menu, Paper, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconDots } from "@tabler/icons-react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ChatMessageFieldsFragment } from "@/gql/graphql";
import { formatDateTime } from "@/shared/format";
import type { StreamState } from "../lib/stream";
import { useMessageStream } from "../lib/useMessageStream";
import { Markdown } from "./Markdown";
import classes from "./chat.module.css";

export interface MessageItemProps {
  message: ChatMessageFieldsFragment;
  /** An answer that ended while the page followed it. */
  onStreamEnd?: (message: ChatMessageFieldsFragment, state: StreamState) => void;
}

async function copy(text: string, done: string, failed: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notifications.show({ message: done, autoClose: 2000 });
  } catch {
    notifications.show({ color: "red", message: failed });
  }
}

/** One message: the user's text, or an answer as markdown (streaming in while it is written). */
export function MessageItem({ message, onStreamEnd }: MessageItemProps) {
  const { t } = useTranslation("chat");
  const rendered = useRef<HTMLDivElement>(null);
  const streaming = message.status === "STREAMING";
  const stream = useMessageStream(message.id, message.content, streaming, (state) =>
    onStreamEnd?.(message, state),
  );
  const shown = stream.final ?? (stream.live ? { ...message, content: stream.text } : message);
  const status = stream.final?.status ?? (stream.live ? stream.status : message.status);
  const text = stream.final ? stream.final.content : stream.live ? stream.text : message.content;
  const writing = status === "STREAMING";
  const error = stream.final?.error ?? message.error;
  const role = message.role;
  const kind = role === "USER" ? classes.user : role === "SYSTEM" ? classes.system : classes.assistant;
  const roleLabel = message.isSummary ? t("message.summary") : t(`role.${role}`);

  return (
    <Paper
      component="article"
      className={`${classes.message} ${kind} ${message.archived || message.superseded ? classes.dimmed : ""}`}
      data-testid="message"
      data-role={role}
      data-status={status}
      data-message-id={message.id}
      aria-label={roleLabel}
      aria-busy={writing}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" fw={600} c="dimmed">
            {roleLabel}
          </Text>
          {writing && (
            <Badge size="xs" variant="light" leftSection={<Loader size={8} />} data-testid="status-streaming">
              {t("status.STREAMING")}
            </Badge>
          )}
          {status === "STOPPED" && (
            <Badge size="xs" color="orange" variant="light" data-testid="status-stopped">
              {t("status.STOPPED")}
            </Badge>
          )}
          {status === "FAILED" && (
            <Badge size="xs" color="red" variant="light" data-testid="status-failed">
              {t("status.FAILED")}
            </Badge>
          )}
          {message.archived && (
            <Badge size="xs" color="gray" variant="outline">
              {t("message.archived")}
            </Badge>
          )}
          {message.superseded && (
            <Badge size="xs" color="gray" variant="outline">
              {t("message.superseded")}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(message.createdAt)}
          </Text>
        </Group>
        {text && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Tooltip label={t("message.copy")} withArrow>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("message.copy")}>
                  <IconDots size={16} />
                </ActionIcon>
              </Tooltip>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconCopy size={14} />}
                onClick={() =>
                  void copy(
                    role === "ASSISTANT" && rendered.current ? rendered.current.innerText : text,
                    t("message.copied"),
                    t("message.copyFailed"),
                  )
                }
              >
                {t("message.copyText")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconCopy size={14} />}
                onClick={() => void copy(text, t("message.copied"), t("message.copyFailed"))}
              >
                {t("message.copyMarkdown")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <div data-testid="message-text">
        {role === "ASSISTANT" ? (
          <Markdown text={shown.content} ref={rendered} />
        ) : (
          <Text size="sm" className={classes.plain}>
            {text}
          </Text>
        )}
        {writing && !text && (
          <Text size="sm" c="dimmed">
            {t("message.thinking")}
          </Text>
        )}
      </div>
      {status === "FAILED" && (
        <Alert
          color="red"
          variant="light"
          mt="xs"
          p="xs"
          role="alert"
          title={
            error ? t(`errorCode.${error.code}`, { defaultValue: t("message.failed") }) : t("message.failed")
          }
        >
          {error?.message && <Text size="xs">{error.message}</Text>}
        </Alert>
      )}
      {stream.failed && writing && (
        <Text size="xs" c="red" mt={4}>
          {t("message.streamLost")}
        </Text>
      )}
    </Paper>
  );
}
