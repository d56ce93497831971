import { Button, Group, Paper, Stack, Stepper, Text } from "@mantine/core";
import { IconPlayerStop } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import {
  formatDuration,
  isActive,
  JobProgressBar,
  useCancelJob,
  useLiveJob,
  useNow,
  type JobFields,
} from "@/areas/jobs/public";
import { PHASES, phaseIndex, phaseOf } from "../lib/progress";

/**
 * An image while DALL-E draws it, live from `jobProgress`: its phases (enhancing, drawing, storing), the
 * progress bar with the job's step, how long it has run, and Cancel. `onEnd` runs when the job ends.
 */
export function ImageProgress({
  job,
  title,
  onEnd,
  compact = false,
}: {
  job: JobFields;
  title: string;
  onEnd(): void;
  /** A gallery tile: the bar alone. */
  compact?: boolean;
}) {
  const { t } = useTranslation("images");
  const live = useLiveJob(job, { onEnd: () => onEnd() });
  const active = isActive(live.status);
  const now = useNow(active && !compact ? 1000 : null);
  const cancel = useCancelJob();
  // The bar's step in the UI language: the job's message is the server's English.
  const phase = phaseOf(live);
  const shown = phase ? { ...live, message: t(`progress.phase.${phase}`) } : live;
  const bar = <JobProgressBar job={shown} label={t("progress.bar", { title })} />;
  if (compact) return <div data-testid="image-progress">{bar}</div>;

  const started = live.startedAt ? new Date(live.startedAt).getTime() : null;
  const seconds = started !== null ? Math.floor(Math.max(0, now - started) / 1000) : 0;
  const step = phaseIndex(live);
  return (
    <Paper withBorder radius="md" p="md" data-testid="image-progress" aria-label={t("progress.label")}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="baseline">
          <Text fw={600}>{t(live.status === "QUEUED" ? "progress.queued" : "progress.running")}</Text>
          {seconds >= 1 && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {t("progress.elapsed", { duration: formatDuration(seconds * 1000) })}
            </Text>
          )}
        </Group>
        <Stepper
          active={step}
          size="xs"
          iconSize={24}
          allowNextStepsSelect={false}
          data-testid="image-phases"
        >
          {PHASES.map((phase, index) => (
            <Stepper.Step
              key={phase}
              label={t(`progress.step.${phase}`)}
              loading={index === step && active}
              data-phase={phase}
              data-current={index === step || undefined}
            />
          ))}
        </Stepper>
        {bar}
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            {t("progress.billingNote")}
          </Text>
          <Button
            style={{ flex: "none" }}
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconPlayerStop size={14} />}
            onClick={() => void cancel(live)}
            disabled={!active || live.cancelRequested}
          >
            {live.cancelRequested ? t("progress.cancelling") : t("progress.cancel")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
