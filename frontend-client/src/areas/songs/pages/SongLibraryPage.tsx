import {
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconMusic, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type {
  SongFilter,
  SongListQuery,
  SongListQueryVariables,
  SongOrder,
  SongStatus,
  SongWorkflow,
} from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { formatRelative } from "@/shared/format";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import {
  BulkReport,
  ListStatus,
  LoadMore,
  SearchInput,
  SelectionBar,
  useConnection,
  useSearchParam,
  useSelection,
  type BulkLine,
} from "@/shared/lists";
import { InstrumentalBadge, SongStatusBadge, SongWorkflowBadge, WORKFLOWS } from "../components/badges";
import { useSongErrorText } from "../components/errors";
import { SongDetail } from "../components/SongDetail";
import { sortBulkResults } from "../lib/bulk";
import { songBulkDeleteDocument, songListDocument } from "../operations";
import { NEW_PATH } from "../paths";

type SongNode = SongListQuery["songs"]["nodes"][number];

const STATUS_FILTERS = {
  all: null,
  succeeded: ["SUCCEEDED"],
  generating: ["QUEUED", "RUNNING"],
  failed: ["FAILED"],
  cancelled: ["CANCELLED"],
} as const satisfies Record<string, readonly SongStatus[] | null>;
type StatusFilter = keyof typeof STATUS_FILTERS;

const KIND_FILTERS = { all: null, songs: false, instrumentals: true } as const;
type KindFilter = keyof typeof KIND_FILTERS;

const SORTS = {
  newest: { field: "CREATED_AT", direction: "DESC" },
  oldest: { field: "CREATED_AT", direction: "ASC" },
  updated: { field: "UPDATED_AT", direction: "DESC" },
  updatedOldest: { field: "UPDATED_AT", direction: "ASC" },
  titleAsc: { field: "TITLE", direction: "ASC" },
  titleDesc: { field: "TITLE", direction: "DESC" },
} as const satisfies Record<string, SongOrder>;
type Sort = keyof typeof SORTS;

const ANY = "any";

function pick<T extends string>(value: string | null, allowed: Record<T, unknown>, fallback: T): T {
  return value !== null && value in allowed ? (value as T) : fallback;
}

function SongCard({
  song,
  selected,
  checked,
  onSelect,
  onCheck,
}: {
  song: SongNode;
  selected: boolean;
  checked: boolean;
  onSelect(): void;
  onCheck(checked: boolean): void;
}) {
  const { t } = useTranslation("songs");
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      bg={selected ? "var(--mantine-color-blue-light)" : undefined}
      style={{ borderColor: selected ? "var(--mantine-color-blue-filled)" : undefined }}
      data-testid="song-card"
      data-song-id={song.id}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Checkbox
          mt={3}
          checked={checked}
          onChange={(e) => onCheck(e.currentTarget.checked)}
          aria-label={t("list.selectSong", { title: song.title })}
        />
        <UnstyledButton
          onClick={onSelect}
          style={{ flex: 1, minWidth: 0 }}
          aria-current={selected ? "true" : undefined}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={600} truncate>
              {song.title}
            </Text>
            <SongStatusBadge status={song.status} />
          </Group>
          <Text size="sm" c="dimmed" lineClamp={1} mt={2}>
            {song.prompt}
          </Text>
          {song.status === "FAILED" && song.error && (
            <Text size="xs" c="red.8" lineClamp={2} mt={2} data-testid="song-card-error">
              {song.error.message}
            </Text>
          )}
          <Group justify="space-between" mt={6} gap="xs" wrap="nowrap">
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0, overflow: "hidden" }}>
              <SongWorkflowBadge workflow={song.workflow} />
              {song.instrumental && <InstrumentalBadge />}
              {song.tags.slice(0, 3).map((tag) => (
                <Text key={tag} size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  #{tag}
                </Text>
              ))}
            </Group>
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {formatRelative(song.createdAt)}
            </Text>
          </Group>
        </UnstyledButton>
      </Group>
    </Paper>
  );
}

/** The song library: search, filters, sort, "load more", bulk delete, and the selected song beside the list. */
export default function SongLibraryPage() {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const [params, setParams] = useSearchParams();
  const status = pick<StatusFilter>(params.get("status"), STATUS_FILTERS, "all");
  const kind = pick<KindFilter>(params.get("kind"), KIND_FILTERS, "all");
  const workflowParam = params.get("workflow");
  const workflow = WORKFLOWS.includes(workflowParam as SongWorkflow) ? (workflowParam as SongWorkflow) : null;
  const sort = pick<Sort>(params.get("sort"), SORTS, "newest");
  const selected = params.get("song");

  const { q, search, setSearch } = useSearchParam();
  const [report, setReport] = useState<BulkLine[] | null>(null);
  const bulk = useFormMutation(songBulkDeleteDocument);

  const change = (mutate: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        mutate(next);
        return next;
      },
      { replace: true },
    );

  const filter: SongFilter = {
    search: q || null,
    status: STATUS_FILTERS[status] ? [...(STATUS_FILTERS[status] ?? [])] : null,
    workflow: workflow ? [workflow] : null,
    instrumental: KIND_FILTERS[kind],
  };
  const list = useConnection<SongListQuery, SongListQueryVariables, SongNode>({
    query: songListDocument,
    variables: { filter, orderBy: SORTS[sort] },
    connection: (data) => data.songs,
  });

  const select = (id: string | null) =>
    change((next) => {
      if (id) next.set("song", id);
      else next.delete("song");
    });
  const setParam = (name: string, value: string | null, fallback: string) =>
    change((next) => {
      if (!value || value === fallback) next.delete(name);
      else next.set(name, value);
    });

  const shown = new Map(list.nodes.map((n) => [n.id, n]));
  const selection = useSelection(list.nodes);
  const filtered = !!(q || status !== "all" || workflow || kind !== "all");

  const bulkDelete = async () => {
    const ids = selection.ids;
    if (!ids.length) return;
    const titles = new Map(ids.map((id) => [id, shown.get(id)?.title ?? id]));
    const sure = await confirm({
      title: t("bulk.confirmTitle", { count: ids.length }),
      message: t("bulk.confirmMessage", { count: ids.length }),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const first = await bulk.submit({ input: { ids, force: false } });
    const results = first.data?.songBulkDelete.results;
    if (!results) {
      const problem = first.data?.songBulkDelete.userErrors[0];
      if (problem) notifications.show({ color: "red", title: t("bulk.failed"), message: errorText(problem) });
      return;
    }
    const outcome = sortBulkResults(results, shown);
    const lines: BulkLine[] = outcome.deleted.map((id) => ({
      id,
      title: titles.get(id) ?? id,
      deleted: true,
    }));
    let kept = outcome.protectedIds;
    if (kept.length) {
      const force = await confirm({
        title: t("bulk.forceTitle", { count: kept.length }),
        message: (
          <Stack gap="xs">
            <Text size="sm">{t("bulk.forceMessage", { count: kept.length })}</Text>
            <List size="sm" spacing={2}>
              {kept.map((id) => (
                <List.Item key={id}>
                  {t("bulk.forceItem", {
                    title: titles.get(id),
                    workflow: t(`workflow.${shown.get(id)?.workflow ?? "IN_USE"}`),
                  })}
                </List.Item>
              ))}
            </List>
          </Stack>
        ),
        confirmLabel: t("bulk.forceConfirm"),
        cancelLabel: t("bulk.forceKeep", { count: kept.length }),
        danger: true,
      });
      if (force) {
        const second = await bulk.submit({ input: { ids: kept, force: true } });
        for (const r of second.data?.songBulkDelete.results ?? []) {
          if (r.deleted) lines.push({ id: r.id, title: titles.get(r.id) ?? r.id, deleted: true });
          else
            lines.push({
              id: r.id,
              title: titles.get(r.id) ?? r.id,
              deleted: false,
              reason: r.error ? errorText(r.error) : undefined,
            });
        }
        kept = [];
      }
    }
    for (const id of kept)
      lines.push({ id, title: titles.get(id) ?? id, deleted: false, reason: t("bulk.keptProtected") });
    for (const r of outcome.refused)
      lines.push({
        id: r.id,
        title: titles.get(r.id) ?? r.id,
        deleted: false,
        reason: errorText({ code: r.code, message: r.message }),
      });
    const deleted = new Set(lines.filter((l) => l.deleted).map((l) => l.id));
    setReport(lines);
    selection.forget(deleted);
    if (selected && deleted.has(selected)) select(null);
    list.refetch();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("list.title")}
        </Title>
        <Button component={Link} to={NEW_PATH} leftSection={<IconPlus size={16} />}>
          {t("list.new")}
        </Button>
      </Group>

      <Group gap="sm" align="flex-end" wrap="nowrap">
        <SearchInput value={search} onChange={setSearch} ns="songs" />
        <Select
          label={t("list.sort")}
          w={210}
          value={sort}
          allowDeselect={false}
          onChange={(value) => setParam("sort", value, "newest")}
          data={(Object.keys(SORTS) as Sort[]).map((value) => ({ value, label: t(`list.sortBy.${value}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <Select
          label={t("list.status")}
          w={170}
          value={status}
          allowDeselect={false}
          onChange={(value) => setParam("status", value, "all")}
          data={(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((value) => ({
            value,
            label: t(`list.statusFilter.${value}`),
          }))}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t("list.workflow")}
          w={200}
          value={workflow ?? ANY}
          allowDeselect={false}
          onChange={(value) => setParam("workflow", value, ANY)}
          data={[
            { value: ANY, label: t("list.workflowAny") },
            ...WORKFLOWS.map((w) => ({ value: w, label: t(`workflow.${w}`) })),
          ]}
          comboboxProps={{ withinPortal: true }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="song-kind-filter">
            {t("list.kind")}
          </Text>
          <SegmentedControl
            aria-labelledby="song-kind-filter"
            value={kind}
            onChange={(value) => setParam("kind", value, "all")}
            data={(Object.keys(KIND_FILTERS) as KindFilter[]).map((value) => ({
              value,
              label: t(`list.kindFilter.${value}`),
            }))}
          />
        </Stack>
      </Group>

      {report && <BulkReport lines={report} ns="songs" onClose={() => setReport(null)} />}

      <Grid gutter="md" align="flex-start">
        <Grid.Col span={5}>
          <Stack gap="xs" aria-label={t("list.results")} component="section">
            {list.nodes.length > 0 && (
              <SelectionBar
                selection={selection}
                ns="songs"
                onDelete={() => void bulkDelete()}
                deleting={bulk.fetching}
              />
            )}
            <ListStatus
              error={list.error}
              loaded={list.loaded}
              empty={list.nodes.length === 0}
              filtered={filtered}
              icon={<IconMusic size={32} stroke={1.4} />}
              ns="songs"
              newPath={NEW_PATH}
            />
            {list.nodes.map((song) => (
              <SongCard
                key={song.id}
                song={song}
                selected={song.id === selected}
                checked={selection.isChecked(song.id)}
                onSelect={() => select(song.id)}
                onCheck={(on) => selection.toggle(song.id, on)}
              />
            ))}
            {list.nodes.length > 0 && <LoadMore list={list} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={7}>
          <Box pos="sticky" top={72}>
            {selected ? (
              <SongDetail
                key={selected}
                id={selected}
                onClose={() => select(null)}
                onDeleted={() => {
                  select(null);
                  selection.forget([selected]);
                  list.refetch();
                }}
              />
            ) : (
              list.nodes.length > 0 && (
                <Paper withBorder p="xl" radius="md" c="dimmed">
                  <Text ta="center" size="sm">
                    {t("detail.pick")}
                  </Text>
                </Paper>
              )
            )}
          </Box>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
