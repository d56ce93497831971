import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import type { JobKind } from "@/gql/graphql";
import { JobCard, jobsDocument, jobsPath, jobsSearch, type JobFields } from "@/areas/jobs/public";

const SHOWN = 3;

export interface RecentJobsProps {
  kind: JobKind;
  title: string;
  emptyText: string;
  allLabel: string;
  /** Jobs this page has just started: shown first until the list has them. */
  started: JobFields[];
  failureTitle?: string;
}

/** The last few jobs of one kind, live while they run, with a link to all of them on the jobs page. */
export function RecentJobs({ kind, title, emptyText, allLabel, started, failureTitle }: RecentJobsProps) {
  const { t } = useTranslation("data_transfer");
  // Refreshed by any mutation that returns a job, even while the list is empty.
  const context = useMemo(() => ({ additionalTypenames: ["Job"] }), []);
  const [{ data }] = useQuery({
    query: jobsDocument,
    variables: { filter: { kind: [kind] }, first: SHOWN },
    context,
  });
  const listed = data?.jobs.nodes ?? [];
  const jobs = [...started.filter((s) => !listed.some((j) => j.id === s.id)), ...listed].slice(0, SHOWN);
  const total = data?.jobs.totalCount ?? 0;

  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {title}
        </Title>
        {total > 0 && (
          <Anchor component={Link} to={`${jobsPath}${jobsSearch({ kinds: [kind] })}`} size="sm">
            {allLabel} ({total})
          </Anchor>
        )}
      </Group>
      {data && jobs.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} failureTitle={failureTitle} />
      ))}
      {!data && (
        <Text size="sm" c="dimmed">
          {t("common:status.loading")}
        </Text>
      )}
    </Stack>
  );
}
