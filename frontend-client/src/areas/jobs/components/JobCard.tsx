import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "@/shared/format";
import { formatDuration, isActive, jobDurationMs } from "../format";
import { useCancelJob, useLiveJob, useNow, type JobFields } from "../hooks";
import { JobProgressBar, JobStatusBadge } from "./JobProgress";
import { JobResultView } from "./JobResult";

export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation("jobs");
  return (kind: string) => t(`kind.${kind}`, { defaultValue: kind });
}

export interface JobCardProps {
  job: JobFields;
  /** Smaller, for the tray: no result tables. */
  compact?: boolean;
  /** Runs once when the job's stream reports its end. */
  onEnd?: (job: JobFields) => void;
  /** The heading over a failed job's reason; "Why it failed" unless given. */
  failureTitle?: string;
}

/**
 * One job, live: kind, status, when and how long, a progress bar while it runs (followed through
 * `jobProgress`), its result or why it failed, and Cancel while it can be cancelled.
 */
export function JobCard({ job: given, compact = false, onEnd, failureTitle }: JobCardProps) {
  const { t } = useTranslation("jobs");
  const kindLabel = useKindLabel();
  const job = useLiveJob(given, { onEnd });
  const active = isActive(job.status);
  const now = useNow(active ? 1000 : null);
  const cancel = useCancelJob();
  const kind = kindLabel(job.kind);
  const duration = jobDurationMs(job, now);

  const meta = [
    t("job.created", { time: formatDateTime(job.createdAt) }),
    duration !== null && t(active ? "job.runningFor" : "job.ranFor", { duration: formatDuration(duration) }),
    job.attempts > 1 && t("job.attempt", { attempt: job.attempts, max: job.maxAttempts }),
  ].filter(Boolean);

  return (
    <Paper
      withBorder
      p={compact ? "sm" : "md"}
      radius="md"
      component="article"
      aria-label={`${kind}: ${t(`status.${job.status}`)}`}
      data-testid="job"
      data-job-id={job.id}
      data-status={job.status}
    >
      <Stack gap={compact ? 6 : "xs"}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Title order={3} size={compact ? "sm" : "h5"} lineClamp={1}>
              {kind}
            </Title>
            <JobStatusBadge status={job.status} />
          </Group>
          {active && (
            <Button
              variant="subtle"
              color="red"
              size="compact-sm"
              leftSection={<IconX size={14} />}
              disabled={job.cancelRequested}
              onClick={() => void cancel(job)}
              aria-label={t("cancel.buttonLabel", { kind })}
            >
              {t("cancel.button")}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {meta.join(" · ")}
        </Text>
        {active && <JobProgressBar job={job} label={t("job.progress", { kind })} />}
        {job.status === "SUCCEEDED" && <JobResultView job={job} compact={compact} />}
        {job.status === "FAILED" && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            p="xs"
            data-testid="job-error"
          >
            <Text size="sm" c="red.9" fw={600} span>
              {failureTitle ?? t("job.failedTitle")}:
            </Text>{" "}
            <Text size="sm" span>
              {job.error?.message || job.message}
            </Text>
          </Alert>
        )}
        {job.status === "CANCELLED" && !compact && (
          <Text size="sm" c="dimmed">
            {t("job.cancelled")}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
