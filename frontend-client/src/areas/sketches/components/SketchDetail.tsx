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
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconArchive,
  IconArrowBackUp,
  IconCheck,
  IconCircleCheck,
  IconCopy,
  IconEdit,
  IconFeather,
  IconMusic,
  IconTrash,
  IconX,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import type { SketchFieldsFragment, SketchWorkflow } from "@/gql/graphql";
import { newSongPath } from "@/areas/songs/public";
import { lyricsPath } from "@/areas/songwriting/public";
import { formatDateTime } from "@/shared/format";
import { INFO_FIELDS, parseInfo } from "../lib/info";
import { sketchDocument } from "../operations";
import { editPath } from "../paths";
import { useSketchActions } from "./useSketchActions";
import { WorkflowBadge } from "./WorkflowBadge";

function CopyField({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation("sketches");
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t("detail.copied") : t("detail.copy", { field: label })} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? "teal" : "gray"}
            onClick={copy}
            aria-label={t("detail.copy", { field: label })}
            size="sm"
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function Field({
  label,
  value,
  copy,
  children,
}: {
  label: string;
  value?: string | null;
  copy?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation("sketches");
  const empty = !children && !value;
  return (
    <Stack gap={2}>
      <Group gap={4} justify="space-between" wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {label}
        </Text>
        {copy && value && <CopyField value={value} label={label} />}
      </Group>
      {children ??
        (empty ? (
          <Text size="sm" c="dimmed" fs="italic">
            {t("detail.empty")}
          </Text>
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {value}
          </Text>
        ))}
    </Stack>
  );
}

function Tags({ tags }: { tags: readonly string[] }) {
  const { t } = useTranslation("sketches");
  if (!tags.length)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t("detail.empty")}
      </Text>
    );
  return (
    <Group gap={4}>
      {tags.map((tag) => (
        <Badge key={tag} variant="outline" size="sm" tt="none">
          {tag}
        </Badge>
      ))}
    </Group>
  );
}

function Info({ info }: { info: string | null | undefined }) {
  const { t } = useTranslation("sketches");
  const values = parseInfo(info);
  const rows = INFO_FIELDS.filter((f) => values[f]);
  if (!rows.length && !values.notes)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t("detail.empty")}
      </Text>
    );
  return (
    <Stack gap={4}>
      {rows.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={0} fz="sm">
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr key={f}>
                <Table.Th w={170} fw={500}>
                  {t(`info.${f}`)}
                </Table.Th>
                <Table.Td>{values[f]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {values.notes && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {values.notes}
        </Text>
      )}
    </Stack>
  );
}

export interface SketchDetailProps {
  id: string;
  onClose(): void;
  /** After a duplicate: the copy's id. */
  onDuplicated(id: string): void;
  onDeleted(): void;
}

/** One sketch: every field, copy buttons, and what can be done with it. */
export function SketchDetail({ id, onClose, onDuplicated, onDeleted }: SketchDetailProps) {
  const { t } = useTranslation("sketches");
  const [{ data, fetching, error }] = useQuery({ query: sketchDocument, variables: { id } });
  const actions = useSketchActions();
  const sketch = data?.node?.__typename === "Sketch" ? (data.node as SketchFieldsFragment) : null;

  if (!sketch) {
    return (
      <Paper withBorder p="lg" radius="md">
        {fetching ? (
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

  const title = sketch.title || t("list.untitled");
  const move = (workflow: SketchWorkflow) => void actions.setWorkflow(sketch.id, workflow);

  return (
    <Paper withBorder radius="md" component="section" aria-label={t("detail.label", { title })}>
      <ScrollArea.Autosize mah="calc(100vh - 100px)" type="auto">
        <Stack gap="md" p="lg">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={2} size="h3" style={{ overflowWrap: "anywhere" }}>
                {title}
              </Title>
              <Group gap="xs">
                <WorkflowBadge workflow={sketch.workflow} />
                <Text size="xs" c="dimmed">
                  {t("detail.dates", {
                    created: formatDateTime(sketch.createdAt),
                    updated: formatDateTime(sketch.updatedAt),
                  })}
                </Text>
              </Group>
            </Stack>
            <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label={t("detail.close")}>
              <IconX size={18} />
            </ActionIcon>
          </Group>

          <Group gap="xs">
            <Button component={Link} to={editPath(sketch.id)} leftSection={<IconEdit size={16} />} size="xs">
              {t("actions.edit")}
            </Button>
            <Button
              component={Link}
              to={lyricsPath(sketch.id)}
              variant="default"
              size="xs"
              leftSection={<IconFeather size={16} />}
            >
              {t("actions.lyricEditor")}
            </Button>
            {sketch.workflow !== "ARCHIVED" && (
              <Button
                component={Link}
                to={newSongPath(sketch.id)}
                variant="light"
                size="xs"
                leftSection={<IconMusic size={16} />}
              >
                {t("actions.makeSong")}
              </Button>
            )}
            <Button
              variant="default"
              size="xs"
              leftSection={<IconCopy size={16} />}
              disabled={actions.busy}
              onClick={() =>
                void actions.duplicate(sketch.id).then((copy) => {
                  if (copy) onDuplicated(copy);
                })
              }
            >
              {t("actions.duplicate")}
            </Button>
            {sketch.workflow === "DRAFT" && (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconCircleCheck size={16} />}
                disabled={actions.busy}
                onClick={() => move("USED")}
              >
                {t("actions.markUsed")}
              </Button>
            )}
            {sketch.workflow !== "DRAFT" && (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconArrowBackUp size={16} />}
                disabled={actions.busy}
                onClick={() => move("DRAFT")}
              >
                {t("actions.backToDraft")}
              </Button>
            )}
            {sketch.workflow !== "ARCHIVED" && (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconArchive size={16} />}
                disabled={actions.busy}
                onClick={() => move("ARCHIVED")}
              >
                {t("actions.archive")}
              </Button>
            )}
            <Button
              variant="light"
              color="red"
              size="xs"
              leftSection={<IconTrash size={16} />}
              disabled={actions.busy}
              onClick={() =>
                void actions.remove(sketch.id, title).then((done) => {
                  if (done) onDeleted();
                })
              }
            >
              {t("common:actions.delete")}
            </Button>
          </Group>

          <Field label={t("fields.prompt")} value={sketch.prompt} copy />
          <Field label={t("fields.lyrics")} value={sketch.lyrics} copy />
          <Field label={t("fields.tags")}>
            <Tags tags={sketch.tags} />
          </Field>
          <Field label={t("fields.info")}>
            <Info info={sketch.info} />
          </Field>
          <Field label={t("fields.descriptionShort")} value={sketch.descriptionShort} copy />
          <Field label={t("fields.descriptionLong")} value={sketch.descriptionLong} copy />
          <Field label={t("fields.descriptionTags")}>
            <Tags tags={sketch.descriptionTags} />
          </Field>
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
