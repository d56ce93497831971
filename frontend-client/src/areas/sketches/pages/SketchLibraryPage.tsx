import {
  Badge,
  Box,
  Button,
  Grid,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconBulb, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type {
  SketchFilter,
  SketchListQuery,
  SketchListQueryVariables,
  SketchOrder,
  SketchWorkflow,
} from "@/gql/graphql";
import { formatRelative } from "@/shared/format";
import { ListStatus, LoadMore, SearchInput, useConnection, useSearchParam } from "@/shared/lists";
import { SketchDetail } from "../components/SketchDetail";
import { WorkflowBadge } from "../components/WorkflowBadge";
import { knownTags } from "../lib/tags";
import { sketchListDocument } from "../operations";
import { NEW_PATH } from "../paths";

type SketchNode = SketchListQuery["sketches"]["nodes"][number];

const WORKFLOW_FILTERS = {
  active: null,
  draft: ["DRAFT"],
  used: ["USED"],
  archived: ["ARCHIVED"],
  all: ["DRAFT", "USED", "ARCHIVED"],
} as const satisfies Record<string, readonly SketchWorkflow[] | null>;
type WorkflowFilter = keyof typeof WORKFLOW_FILTERS;

const SORTS = {
  newest: { field: "CREATED_AT", direction: "DESC" },
  oldest: { field: "CREATED_AT", direction: "ASC" },
  updated: { field: "UPDATED_AT", direction: "DESC" },
  titleAsc: { field: "TITLE", direction: "ASC" },
  titleDesc: { field: "TITLE", direction: "DESC" },
} as const satisfies Record<string, SketchOrder>;
type Sort = keyof typeof SORTS;

function pick<T extends string>(value: string | null, allowed: Record<T, unknown>, fallback: T): T {
  return value !== null && value in allowed ? (value as T) : fallback;
}

function SketchCard({
  sketch,
  selected,
  onSelect,
  onTag,
}: {
  sketch: SketchNode;
  selected: boolean;
  onSelect(): void;
  onTag(tag: string): void;
}) {
  const { t } = useTranslation("sketches");
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      bg={selected ? "var(--mantine-color-blue-light)" : undefined}
      style={{ borderColor: selected ? "var(--mantine-color-blue-filled)" : undefined }}
    >
      <UnstyledButton
        onClick={onSelect}
        w="100%"
        aria-current={selected ? "true" : undefined}
        data-testid="sketch-card"
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} truncate c={sketch.title ? undefined : "dimmed"}>
            {sketch.title || t("list.untitled")}
          </Text>
          <WorkflowBadge workflow={sketch.workflow} />
        </Group>
        <Text size="sm" c="dimmed" lineClamp={2} mt={2}>
          {sketch.prompt}
        </Text>
      </UnstyledButton>
      <Group justify="space-between" mt={6} gap="xs" wrap="nowrap">
        <Group gap={4} style={{ minWidth: 0, overflow: "hidden" }} wrap="nowrap">
          {sketch.tags.slice(0, 5).map((tag) => (
            <Badge
              key={tag}
              component="button"
              type="button"
              variant="outline"
              size="xs"
              tt="none"
              style={{ cursor: "pointer" }}
              onClick={() => onTag(tag)}
              aria-label={t("list.filterByTag", { tag })}
            >
              {tag}
            </Badge>
          ))}
          {sketch.tags.length > 5 && (
            <Text size="xs" c="dimmed">
              +{sketch.tags.length - 5}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {formatRelative(sketch.updatedAt)}
        </Text>
      </Group>
    </Paper>
  );
}

/** The sketch library: search, filters, sort, "load more", and the selected sketch beside the list. */
export default function SketchLibraryPage() {
  const { t } = useTranslation("sketches");
  const [params, setParams] = useSearchParams();
  const workflow = pick<WorkflowFilter>(params.get("workflow"), WORKFLOW_FILTERS, "active");
  const sort = pick<Sort>(params.get("sort"), SORTS, "newest");
  const tagsParam = params.getAll("tag");
  const selected = params.get("sketch");

  const { q, search, setSearch } = useSearchParam();

  const change = (mutate: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        mutate(next);
        return next;
      },
      { replace: true },
    );

  // useConnection compares variables by value: a new object with the same filter keeps the list.
  const filter: SketchFilter = {
    search: q || null,
    workflow: WORKFLOW_FILTERS[workflow] ? [...(WORKFLOW_FILTERS[workflow] ?? [])] : null,
    tags: tagsParam.length ? tagsParam : null,
  };
  const variables = { filter, orderBy: SORTS[sort] };

  const list = useConnection<SketchListQuery, SketchListQueryVariables, SketchNode>({
    query: sketchListDocument,
    variables,
    connection: (data) => data.sketches,
  });

  const tagOptions = knownTags([tagsParam, ...list.nodes.map((n) => n.tags)]);

  const select = (id: string | null) =>
    change((next) => {
      if (id) next.set("sketch", id);
      else next.delete("sketch");
    });
  const setTags = (tags: string[]) =>
    change((next) => {
      next.delete("tag");
      for (const tag of tags) next.append("tag", tag);
    });
  const addTag = (tag: string) => {
    if (!tagsParam.some((t) => t.toLowerCase() === tag.toLowerCase())) setTags([...tagsParam, tag]);
  };

  const filtered = !!(q || tagsParam.length || workflow !== "active");

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
        <SearchInput value={search} onChange={setSearch} ns="sketches" />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="sketch-workflow-label">
            {t("list.workflow")}
          </Text>
          <SegmentedControl
            aria-labelledby="sketch-workflow-label"
            value={workflow}
            onChange={(value) =>
              change((next) => {
                if (value === "active") next.delete("workflow");
                else next.set("workflow", value);
              })
            }
            data={(Object.keys(WORKFLOW_FILTERS) as WorkflowFilter[]).map((value) => ({
              value,
              label: t(`list.workflowFilter.${value}`),
            }))}
          />
        </Stack>
        <Select
          label={t("list.sort")}
          w={190}
          value={sort}
          allowDeselect={false}
          onChange={(value) =>
            change((next) => {
              if (!value || value === "newest") next.delete("sort");
              else next.set("sort", value);
            })
          }
          data={(Object.keys(SORTS) as Sort[]).map((value) => ({ value, label: t(`list.sortBy.${value}`) }))}
        />
      </Group>
      <MultiSelect
        label={t("list.tags")}
        placeholder={tagsParam.length ? undefined : t("list.tagsPlaceholder")}
        data={tagOptions}
        value={tagsParam}
        onChange={setTags}
        searchable
        clearable
        nothingFoundMessage={t("list.noTag")}
        maxDropdownHeight={240}
        comboboxProps={{ withinPortal: true }}
      />

      <Grid gutter="md" align="flex-start">
        <Grid.Col span={5}>
          <Stack gap="xs" aria-label={t("list.results")} component="section">
            <ListStatus
              error={list.error}
              loaded={list.loaded}
              empty={list.nodes.length === 0}
              filtered={filtered}
              icon={<IconBulb size={32} stroke={1.4} />}
              ns="sketches"
              newPath={NEW_PATH}
            />
            {list.nodes.map((sketch) => (
              <SketchCard
                key={sketch.id}
                sketch={sketch}
                selected={sketch.id === selected}
                onSelect={() => select(sketch.id)}
                onTag={addTag}
              />
            ))}
            {list.nodes.length > 0 && <LoadMore list={list} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={7}>
          <Box pos="sticky" top={72}>
            {selected ? (
              <SketchDetail
                key={selected}
                id={selected}
                onClose={() => select(null)}
                onDuplicated={(id) => select(id)}
                onDeleted={() => {
                  select(null);
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
