import { ActionIcon, Alert, Button, Group, Image, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconDownload,
  IconMusic,
  IconStack2,
  IconThumbDown,
  IconThumbDownFilled,
  IconThumbUp,
  IconThumbUpFilled,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { JobProgressBar, useLiveJob, type JobFields } from "@/areas/jobs/public";
import type { ChoiceRating, SongChoiceFieldsFragment } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { describeError } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { formatSongDuration, keepUrl } from "../lib/format";
import { choiceRateDocument, choiceStemsCreateDocument } from "../operations";
import { useSongErrorText } from "./errors";
import { SyncedPlayer } from "./SyncedPlayer";

/** A signed URL that stays the same while it names the same file and has not (nearly) expired. */
function useStableUrl(url: string | null): string | null {
  const [kept, setKept] = useState<string | null>(url);
  const next = keepUrl(kept, url);
  if (next !== kept) setKept(next);
  return next;
}

function StemsProgress({ job, onEnd }: { job: JobFields; onEnd(job: JobFields): void }) {
  const { t } = useTranslation("songs");
  const live = useLiveJob(job, { onEnd });
  if (live.status === "FAILED")
    return (
      <Alert color="red" variant="light" p="xs" role="alert">
        {t("choice.stemsFailed", { reason: live.error?.message || live.message || "" })}
      </Alert>
    );
  if (live.status === "CANCELLED" || live.status === "SUCCEEDED") return null;
  return <JobProgressBar job={live} label={t("choice.stemsProgress")} />;
}

function Download({ href, label, hint }: { href: string | null | undefined; label: string; hint: string }) {
  if (!href) return null;
  return (
    <Button
      component="a"
      href={href}
      download
      variant="default"
      size="compact-xs"
      leftSection={<IconDownload size={12} />}
      aria-label={hint}
      title={hint}
    >
      {label}
    </Button>
  );
}

export interface ChoiceCardProps {
  choice: SongChoiceFieldsFragment;
  songTitle: string;
  /** Read the song again (after the stems are made, to get their ZIP). */
  onRefresh(): void;
}

/**
 * One rendering of a song: its player (our copy of the MP3, Mureka's until ours is stored) with its synced lyrics
 * when Mureka sent timings, length, cover, downloads, thumbs up/down, and stems (made on request, followed, then
 * offered as a ZIP).
 */
export function ChoiceCard({ choice, songTitle, onRefresh }: ChoiceCardProps) {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const number = choice.index + 1;
  const name = t("choice.name", { number });
  const src = useStableUrl(choice.mp3Url ?? choice.providerFiles.mp3Url ?? null);
  const cover = useStableUrl(choice.imageUrl ?? choice.providerFiles.imageUrl ?? null);
  const [rateResult, rate] = useMutation(choiceRateDocument);
  const stems = useFormMutation(choiceStemsCreateDocument);
  const [stemsJob, setStemsJob] = useState<JobFields | null>(null);
  // The player, once in the page: the synced lyrics follow it.
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);

  const setRating = async (wanted: ChoiceRating) => {
    const rating = choice.rating === wanted ? null : wanted;
    const result = await rate({ input: { id: choice.id, rating } });
    const refusal = result.data?.choiceRate.userErrors[0];
    const problem = result.error ? describeError(result.error, t) : refusal ? errorText(refusal) : null;
    if (problem)
      notifications.show({
        color: "red",
        title: t("choice.rateFailed"),
        message: problem,
      });
  };

  const makeStems = async () => {
    const sure = await confirm({
      title: t("choice.stemsTitle"),
      message: t("choice.stemsMessage", { name }),
      confirmLabel: t("choice.stemsConfirm"),
    });
    if (!sure) return;
    const { ok, data } = await stems.submit({ input: { id: choice.id } });
    const payload = data?.choiceStemsCreate;
    if (ok && payload?.job) setStemsJob(payload.job);
    else if (payload?.userErrors[0])
      notifications.show({
        color: "red",
        title: t("choice.stemsRefused"),
        message: errorText(payload.userErrors[0]),
      });
  };

  const timeline = choice.lyricsTimeline ?? null;
  const player = src ? (
    <audio
      ref={setAudio}
      controls
      preload="metadata"
      src={src}
      style={{ width: "100%", height: 36 }}
      aria-label={t("choice.player", { name, title: songTitle })}
      data-testid="choice-audio"
    />
  ) : (
    <Text size="sm" c="dimmed">
      {t("choice.noAudio")}
    </Text>
  );

  const stemsRunning = !!stemsJob && (stemsJob.status === "QUEUED" || stemsJob.status === "RUNNING");
  const stemsUrl = choice.stemsUrl ?? null;
  const rated = choice.rating;

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      aria-label={name}
      data-testid="song-choice"
      data-choice-id={choice.id}
    >
      <Stack gap={8}>
        <Group gap="sm" wrap="nowrap" align="center">
          {cover ? (
            <Image
              src={cover}
              w={44}
              h={44}
              radius="sm"
              alt={t("choice.coverAlt", { name })}
              style={{ flex: "none" }}
            />
          ) : (
            <Paper w={44} h={44} radius="sm" bg="var(--mantine-color-gray-light)" style={{ flex: "none" }}>
              <Group h="100%" justify="center">
                <IconMusic size={20} stroke={1.4} aria-hidden />
              </Group>
            </Paper>
          )}
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600} size="sm" truncate>
              {name}
              {choice.title && choice.title !== songTitle ? ` · ${choice.title}` : ""}
            </Text>
            <Text size="xs" c="dimmed" data-testid="choice-duration">
              {choice.duration != null
                ? t("choice.duration", { duration: formatSongDuration(choice.duration) })
                : t("choice.durationUnknown")}
            </Text>
          </Stack>
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t(rated === "UP" ? "choice.rateUpUndo" : "choice.rateUp")} withArrow>
              <ActionIcon
                variant={rated === "UP" ? "light" : "subtle"}
                color={rated === "UP" ? "teal" : "gray"}
                aria-label={t("choice.rateUp")}
                aria-pressed={rated === "UP"}
                onClick={() => void setRating("UP")}
                disabled={rateResult.fetching}
              >
                {rated === "UP" ? <IconThumbUpFilled size={18} /> : <IconThumbUp size={18} />}
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t(rated === "DOWN" ? "choice.rateDownUndo" : "choice.rateDown")} withArrow>
              <ActionIcon
                variant={rated === "DOWN" ? "light" : "subtle"}
                color={rated === "DOWN" ? "red" : "gray"}
                aria-label={t("choice.rateDown")}
                aria-pressed={rated === "DOWN"}
                onClick={() => void setRating("DOWN")}
                disabled={rateResult.fetching}
              >
                {rated === "DOWN" ? <IconThumbDownFilled size={18} /> : <IconThumbDown size={18} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        {timeline ? (
          <SyncedPlayer
            audio={audio}
            timeline={timeline}
            diff={choice.lyricsDiff ?? null}
            duration={choice.duration}
            name={name}
          >
            {player}
          </SyncedPlayer>
        ) : (
          player
        )}
        {!choice.mp3Url && choice.providerFiles.mp3Url && (
          <Text size="xs" c="dimmed">
            {t("choice.fromProvider")}
          </Text>
        )}

        <Group gap={6} justify="space-between">
          <Group gap={6}>
            <Download
              href={choice.mp3Url ?? choice.providerFiles.mp3Url}
              label="MP3"
              hint={t("choice.download", { name, format: "MP3" })}
            />
            <Download
              href={choice.flacUrl ?? choice.providerFiles.flacUrl}
              label="FLAC"
              hint={t("choice.download", { name, format: "FLAC" })}
            />
            <Download
              href={choice.wavUrl ?? choice.providerFiles.wavUrl}
              label="WAV"
              hint={t("choice.download", { name, format: "WAV" })}
            />
            <Download
              href={choice.imageUrl ?? choice.providerFiles.imageUrl}
              label={t("choice.cover")}
              hint={t("choice.downloadCover", { name })}
            />
            <Download
              href={stemsUrl ?? choice.providerFiles.stemsUrl}
              label={t("choice.stemsZip")}
              hint={t("choice.downloadStems", { name })}
            />
          </Group>
          {!stemsUrl && !choice.providerFiles.stemsUrl && (
            <Button
              variant="light"
              size="compact-xs"
              leftSection={<IconStack2 size={14} />}
              onClick={() => void makeStems()}
              loading={stems.fetching}
              ml="auto"
              disabled={stemsRunning || !(choice.mp3Url || choice.providerFiles.mp3Url)}
            >
              {t("choice.makeStems")}
            </Button>
          )}
        </Group>
        {stemsJob && (
          <StemsProgress
            job={stemsJob}
            onEnd={(job) => {
              setStemsJob(job);
              onRefresh();
              if (job.status === "SUCCEEDED")
                notifications.show({ color: "green", message: t("choice.stemsDone", { name }) });
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}
