import { Alert, Button, Group, Loader, MultiSelect, Select, Stack, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { JobKind, JobOrder, JobStatus } from "@/gql/graphql";
import { describeError } from "@/shared/graphql/errors";
import { LoadMore, useConnection } from "@/shared/lists";
import { JobCard } from "../components/JobCard";
import { JOB_KINDS, JOB_STATUSES } from "../format";
import { jobsDocument } from "../operations";
import { parseJobsSearch, type JobsOrder } from "../search";

const ORDERS: Record<JobsOrder, JobOrder> = {
  newest: { field: "CREATED_AT", direction: "DESC" },
  oldest: { field: "CREATED_AT", direction: "ASC" },
  updated: { field: "UPDATED_AT", direction: "DESC" },
};

/** Every job of the viewer: filter by status and kind, newest first, live while they run. */
export default function JobsPage() {
  const { t } = useTranslation("jobs");
  const [params, setParams] = useSearchParams();
  const { statuses, kinds, order } = parseJobsSearch(params);

  const update = (name: string, values: string[] | string | null) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        const value = Array.isArray(values) ? values.join(",") : (values ?? "");
        if (value && value !== "newest") next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  const variables = useMemo(
    () => ({
      filter: {
        status: statuses.length ? (statuses as JobStatus[]) : null,
        kind: kinds.length ? (kinds as JobKind[]) : null,
      },
      orderBy: ORDERS[order],
    }),
    [statuses, kinds, order],
  );
  const list = useConnection({
    query: jobsDocument,
    variables,
    connection: (data) => data.jobs,
  });
  const filtered = statuses.length > 0 || kinds.length > 0;

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t("list.title")}</Title>
          <Text c="dimmed">{t("list.intro")}</Text>
        </div>
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={list.refetch}
          loading={list.fetching && list.loaded}
        >
          {t("list.refresh")}
        </Button>
      </Group>

      <Group align="flex-end" gap="sm" component="form" role="search" onSubmit={(e) => e.preventDefault()}>
        <MultiSelect
          label={t("filter.status")}
          placeholder={statuses.length ? undefined : t("filter.all")}
          data={JOB_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={statuses}
          onChange={(v) => update("status", v)}
          clearable
          w={260}
        />
        <MultiSelect
          label={t("filter.kind")}
          placeholder={kinds.length ? undefined : t("filter.all")}
          data={JOB_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          value={kinds}
          onChange={(v) => update("kind", v)}
          clearable
          w={300}
        />
        <Select
          label={t("filter.order")}
          data={(["newest", "oldest", "updated"] as const).map((o) => ({
            value: o,
            label: t(`filter.${o}`),
          }))}
          value={order}
          onChange={(v) => update("order", v)}
          allowDeselect={false}
          w={190}
        />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  next.delete("status");
                  next.delete("kind");
                  return next;
                },
                { replace: true },
              )
            }
          >
            {t("filter.clear")}
          </Button>
        )}
      </Group>

      {list.error && !list.loaded && (
        <Alert color="red" title={t("common:status.error")}>
          {describeError(list.error, t)}
        </Alert>
      )}
      {!list.loaded && !list.error && <Loader aria-label={t("common:status.loading")} />}
      {list.loaded && list.nodes.length === 0 && (
        <Text c="dimmed">{filtered ? t("list.emptyFiltered") : t("list.empty")}</Text>
      )}
      <Stack gap="sm" component="section" aria-label={t("list.label")}>
        {list.nodes.map((job) => (
          <JobCard key={job.id} job={job} />
        ))}
      </Stack>
      <LoadMore list={list} />
    </Stack>
  );
}
