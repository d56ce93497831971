import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBulb, IconCheck, IconCopy, IconTrash, IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { sketchDetailPath } from "@/areas/sketches/public";
import { confirm } from "@/shared/confirm";
import { formatDateTime } from "@/shared/format";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { isProtected } from "../lib/bulk";
import { songDeleteDocument } from "../operations";
import { InstrumentalBadge, SongStatusBadge, SongWorkflowBadge } from "./badges";
import { useSongErrorText } from "./errors";
import { SongMetaEditor } from "./SongMetaEditor";
import { SongResult } from "./SongResult";
import { useSong } from "./useSong";

function CopyText({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation("songs");
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Button
          variant={copied ? "light" : "default"}
          size="compact-xs"
          color={copied ? "teal" : undefined}
          leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          onClick={copy}
        >
          {copied ? t("detail.copied") : label}
        </Button>
      )}
    </CopyButton>
  );
}

function Field({ label, action, children }: { label: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {label}
        </Text>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

function LongText({ value }: { value: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {value}
    </Text>
  );
}

export interface SongDetailProps {
  id: string;
  onClose(): void;
  onDeleted(): void;
}

/** One song in the library: players per choice, its texts to copy, its sketch, edits and delete. */
export function SongDetail({ id, onClose, onDeleted }: SongDetailProps) {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const { song, fetching, error, refresh } = useSong(id);
  const remove = useFormMutation(songDeleteDocument);

  if (!song) {
    return (
      <Paper withBorder p="lg" radius="md">
        {fetching || (!error && !song) ? (
          <Group justify="center">
            <Loader size="sm" aria-label={t("common:status.loading")} />
          </Group>
        ) : (
          <Stack>
            <Alert color={error ? "red" : "yellow"} role="alert">
              {error ? t("common:status.error") : t("detail.notFound")}
            </Alert>
            <Group>
              <Button variant="default" onClick={onClose}>
                {t("common:actions.close")}
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
    );
  }

  const generating = song.status === "QUEUED" || song.status === "RUNNING";
  const del = async () => {
    const kept = isProtected(song.workflow);
    const sure = await confirm({
      title: t("delete.title"),
      message: kept
        ? t("delete.protectedMessage", { title: song.title, workflow: t(`workflow.${song.workflow}`) })
        : t("delete.message", { title: song.title }),
      confirmLabel: kept ? t("delete.anyway") : t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data } = await remove.submit({ input: { id: song.id } });
    const refusal = data?.songDelete.userErrors[0];
    if (!ok) {
      if (refusal)
        notifications.show({ color: "red", title: t("delete.failed"), message: errorText(refusal) });
      return;
    }
    notifications.show({ color: "green", message: t("delete.done", { title: song.title }) });
    onDeleted();
  };

  return (
    <Paper withBorder radius="md" component="section" aria-label={t("detail.label", { title: song.title })}>
      <ScrollArea.Autosize mah="calc(100vh - 100px)" type="auto">
        <Stack gap="md" p="lg">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={2} size="h3" style={{ overflowWrap: "anywhere" }}>
                {song.title}
              </Title>
              <Group gap="xs">
                <SongStatusBadge status={song.status} />
                <SongWorkflowBadge workflow={song.workflow} />
                {song.instrumental && <InstrumentalBadge />}
                <Badge variant="default" size="sm" tt="none">
                  {song.model}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t("detail.dates", {
                  created: formatDateTime(song.createdAt),
                  updated: formatDateTime(song.updatedAt),
                })}
              </Text>
            </Stack>
            <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label={t("detail.close")}>
              <IconX size={18} />
            </ActionIcon>
          </Group>

          <Group gap="xs">
            <SongMetaEditor
              id={song.id}
              meta={{ title: song.title, tags: [...song.tags], workflow: song.workflow ?? null }}
            />
            {song.sketch && (
              <Button
                component={Link}
                to={sketchDetailPath(song.sketch.id)}
                variant="default"
                size="xs"
                leftSection={<IconBulb size={16} />}
              >
                {t("detail.openSketch")}
              </Button>
            )}
            <Button
              variant="light"
              color="red"
              size="xs"
              leftSection={<IconTrash size={16} />}
              onClick={() => void del()}
              loading={remove.fetching}
              disabled={generating}
              title={generating ? t("delete.whileGenerating") : undefined}
            >
              {t("common:actions.delete")}
            </Button>
          </Group>

          <SongResult song={song} onRefresh={refresh} />

          {song.tags.length > 0 && (
            <Field label={t("fields.tags")}>
              <Group gap={4}>
                {song.tags.map((tag) => (
                  <Badge key={tag} variant="outline" size="sm" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            </Field>
          )}
          <Field
            label={t("fields.prompt")}
            action={<CopyText value={song.prompt} label={t("detail.copyPrompt")} />}
          >
            <LongText value={song.prompt} />
          </Field>
          {!song.instrumental && song.lyrics && (
            <Field
              label={t("fields.lyrics")}
              action={<CopyText value={song.lyrics} label={t("detail.copyLyrics")} />}
            >
              <LongText value={song.lyrics} />
            </Field>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
