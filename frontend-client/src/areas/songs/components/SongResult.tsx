import { Alert, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconInfoCircle, IconPlayerStop } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  formatDuration,
  isActive,
  JobProgressBar,
  useLiveJob,
  useNow,
  type JobFields,
} from "@/areas/jobs/public";
import type { SongFieldsFragment } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { songCancelDocument } from "../operations";
import { ChoiceCard } from "./ChoiceCard";
import { useSongErrorText } from "./errors";

/** How often a running song is read again for Mureka's status (the job's stream says the rest). */
const SONG_REFRESH_MS = 2000;
/** How often a finished song whose files are not all stored yet is read again, and for how long. */
const COPY_REFRESH_MS = 5000;
const COPY_REFRESH_FOR_MS = 5 * 60_000;

function Progress({ song, job, onRefresh }: { song: SongFieldsFragment; job: JobFields; onRefresh(): void }) {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const live = useLiveJob(job, { onEnd: () => onRefresh() });
  const active = isActive(live.status);
  const now = useNow(active ? 1000 : null);
  const cancel = useFormMutation(songCancelDocument);

  // Mureka's word on the song is the song's, not the job's: read it again as the job moves on.
  const lastRead = useRef(0);
  const message = live.message;
  useEffect(() => {
    if (!active) return;
    const at = Date.now();
    if (at - lastRead.current < SONG_REFRESH_MS) return;
    lastRead.current = at;
    onRefresh();
  }, [message, active, onRefresh]);

  const stop = async () => {
    const sure = await confirm({
      title: t("progress.cancelTitle"),
      message: t("progress.cancelMessage"),
      confirmLabel: t("progress.cancelConfirm"),
      cancelLabel: t("progress.cancelKeep"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data } = await cancel.submit({ input: { id: song.id } });
    const refusal = data?.songCancel.userErrors[0];
    if (!ok && refusal)
      notifications.show({ color: "orange", title: t("progress.cancelFailed"), message: errorText(refusal) });
    onRefresh();
  };

  const started = live.startedAt ? new Date(live.startedAt).getTime() : null;
  const seconds = started !== null ? Math.floor(Math.max(0, now - started) / 1000) : 0;
  const elapsed = seconds >= 1 ? formatDuration(seconds * 1000) : null;

  return (
    <Paper withBorder radius="md" p="md" data-testid="song-progress" aria-label={t("progress.label")}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="baseline">
          <Text fw={600}>{t(`progress.${live.status === "QUEUED" ? "queued" : "running"}`)}</Text>
          {elapsed && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {t("progress.elapsed", { duration: elapsed })}
            </Text>
          )}
        </Group>
        <JobProgressBar job={live} label={t("progress.bar", { title: song.title })} />
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="xs" c="dimmed" data-testid="provider-status">
            {t("progress.provider", { status: song.providerStatus ?? t("progress.providerUnknown") })}
          </Text>
          <Button
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconPlayerStop size={14} />}
            onClick={() => void stop()}
            loading={cancel.fetching}
            disabled={live.cancelRequested}
          >
            {live.cancelRequested ? t("progress.cancelling") : t("progress.cancel")}
          </Button>
        </Group>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconInfoCircle
            size={14}
            style={{ flex: "none", marginTop: 2 }}
            color="var(--mantine-color-dimmed)"
          />
          <Text size="xs" c="dimmed">
            {t("progress.cancelNote")}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

export interface SongResultProps {
  song: SongFieldsFragment;
  /** Read the song again from the server. */
  onRefresh(): void;
}

/** What became of a song: its live progress while it is made, why it failed, or its choices. */
export function SongResult({ song, onRefresh }: SongResultProps) {
  const { t } = useTranslation("songs");
  const choices = song.choices.nodes;
  const generating = song.status === "QUEUED" || song.status === "RUNNING";
  const unstored = song.status === "SUCCEEDED" && choices.some((c) => !c.stored);

  // Files Mureka made that are not in our storage yet are copied by a follow-up job: look again now and then.
  const since = useRef<number | null>(null);
  useEffect(() => {
    if (!unstored) return;
    since.current ??= Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - (since.current ?? 0) > COPY_REFRESH_FOR_MS) window.clearInterval(timer);
      else onRefresh();
    }, COPY_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [unstored, onRefresh]);

  return (
    <Stack gap="sm" data-testid="song-result" data-status={song.status}>
      {generating && song.job && <Progress song={song} job={song.job} onRefresh={onRefresh} />}
      {generating && !song.job && (
        <Text size="sm" c="dimmed">
          {t("progress.queued")}
        </Text>
      )}
      {song.status === "FAILED" && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={t("result.failed")}
          role="alert"
          data-testid="song-error"
        >
          {song.error?.message || t("result.failedUnknown")}
          {song.error?.code && (
            <Text size="xs" c="dimmed" mt={4}>
              {t("result.errorCode", { code: song.error.code })}
            </Text>
          )}
        </Alert>
      )}
      {song.status === "CANCELLED" && (
        <Alert color="orange" variant="light" title={t("result.cancelled")}>
          {t("result.cancelledNote")}
        </Alert>
      )}
      {song.status === "SUCCEEDED" && choices.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("result.noChoices")}
        </Text>
      )}
      {unstored && (
        <Text size="xs" c="dimmed">
          {t("result.copying")}
        </Text>
      )}
      {choices.map((choice) => (
        <ChoiceCard key={choice.id} choice={choice} songTitle={song.title} onRefresh={onRefresh} />
      ))}
    </Stack>
  );
}
