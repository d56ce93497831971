import { Badge, Group, Progress, Stack, Text } from "@mantine/core";
import type { JobStatus } from "@/gql/graphql";
import { useTranslation } from "react-i18next";
import { formatPercent } from "@/shared/format";
import { STATUS_COLORS, progressPercent } from "../format";
import type { JobFields } from "../hooks";

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { t } = useTranslation("jobs");
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="job-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

/** A job's progress bar with its percent and the step it reports (or that it waits to start). */
export function JobProgressBar({ job, label }: { job: JobFields; label: string }) {
  const { t } = useTranslation("jobs");
  const percent = progressPercent(job);
  const step = job.cancelRequested
    ? t("job.cancelling")
    : job.status === "QUEUED"
      ? t("job.waiting")
      : (job.message ?? "");
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" truncate>
          {step}
        </Text>
        <Text size="sm" fw={600} data-testid="job-percent">
          {formatPercent(percent / 100)}
        </Text>
      </Group>
      <Progress.Root size="md" radius="xl">
        <Progress.Section
          value={percent}
          color={job.cancelRequested ? "orange" : "blue"}
          striped={job.status === "RUNNING"}
          animated={job.status === "RUNNING"}
          aria-label={label}
        />
      </Progress.Root>
    </Stack>
  );
}
