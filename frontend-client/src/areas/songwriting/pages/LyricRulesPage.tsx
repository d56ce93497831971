import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { verticalListSortingStrategy } from "@dnd-kit/sortable";
import { notifications } from "@mantine/notifications";
import { IconGripVertical, IconPencil, IconPlus, IconRestore, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import type { LyricRuleFieldsFragment } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { describeError } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { useSongwritingErrorText } from "../components/errors";
import { RuleEditor } from "../components/RuleEditor";
import { SongwritingTabs } from "../components/SongwritingTabs";
import { SortableList, useSortableItem } from "../components/sortable";
import {
  lyricRuleDeleteDocument,
  lyricRuleResetDocument,
  lyricRulesDocument,
  lyricRulesReorderDocument,
  lyricRuleUpdateDocument,
} from "../operations";
import { RULES_PATH } from "../paths";
import classes from "../components/songwriting.module.css";

/** The sample the preview starts with: something for each shipped rule to do. */
const SAMPLE =
  "I walk alone, through the city lights at night  \n" +
  "Hold on, Tonight we run\n" +
  "She said \u201cstay\u201d\u2014don\u2019t go\u2026 Day \u2013 night\t\n\n\n\n" +
  "**Chorus**\n" +
  "The night is long. We carry on";

function RuleRow({
  rule,
  editing,
  busy,
  onEdit,
  onToggle,
  onReset,
  onDelete,
}: {
  rule: LyricRuleFieldsFragment;
  editing: boolean;
  busy: boolean;
  onEdit(): void;
  onToggle(active: boolean): void;
  onReset(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation("songwriting");
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, style } = useSortableItem(rule.id);
  return (
    <Paper
      ref={setNodeRef}
      style={style}
      withBorder
      radius="sm"
      p="xs"
      bg={editing ? "var(--mantine-primary-color-light)" : undefined}
      role="listitem"
      aria-label={rule.name}
      data-testid="rule-row"
      data-name={rule.name}
      data-active={rule.active}
    >
      <Group gap="xs" wrap="nowrap">
        <ActionIcon
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          variant="subtle"
          color="gray"
          className={classes.handle}
          aria-label={t("rules.move", { name: rule.name })}
        >
          <IconGripVertical size={16} />
        </ActionIcon>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} size="sm" truncate>
              {rule.name}
            </Text>
            {rule.kind === "SECTION" && (
              <Badge size="xs" variant="light" color="grape">
                {t("rules.kinds.SECTION")}
              </Badge>
            )}
            {!rule.isDefault ? (
              <Badge size="xs" variant="light" color="teal">
                {t("rules.own")}
              </Badge>
            ) : (
              rule.isModified && (
                <Badge size="xs" variant="light" color="orange">
                  {t("rules.modified")}
                </Badge>
              )
            )}
          </Group>
          <Text size="xs" c="dimmed" ff="monospace" truncate title={rule.pattern}>
            {rule.pattern}
          </Text>
        </Stack>
        <Switch
          size="sm"
          checked={rule.active}
          onChange={(e) => onToggle(e.currentTarget.checked)}
          disabled={busy}
          aria-label={t("rules.activeFor", { name: rule.name })}
        />
        <Tooltip label={t("rules.edit")}>
          <ActionIcon
            variant={editing ? "filled" : "subtle"}
            aria-label={t("rules.editName", { name: rule.name })}
            onClick={onEdit}
          >
            <IconPencil size={16} />
          </ActionIcon>
        </Tooltip>
        {rule.isDefault ? (
          <Tooltip label={t("rules.reset")}>
            <ActionIcon
              variant="subtle"
              color="orange"
              aria-label={t("rules.resetName", { name: rule.name })}
              onClick={onReset}
              disabled={!rule.isModified || busy}
            >
              <IconRestore size={16} />
            </ActionIcon>
          </Tooltip>
        ) : (
          <Tooltip label={t("common:actions.delete")}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t("rules.deleteName", { name: rule.name })}
              onClick={onDelete}
              disabled={busy}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Paper>
  );
}

/** /lyric-rules: your lyric parsing rules in the order they run, switched on and off, edited and previewed. */
export default function LyricRulesPage() {
  const { t } = useTranslation("songwriting");
  const errorText = useSongwritingErrorText();
  const [{ data, fetching, error }, refetch] = useQuery({ query: lyricRulesDocument });
  const update = useFormMutation(lyricRuleUpdateDocument);
  const reset = useFormMutation(lyricRuleResetDocument);
  const remove = useFormMutation(lyricRuleDeleteDocument);
  const reorder = useFormMutation(lyricRulesReorderDocument);
  // The order just dropped, shown until the server's list is in it (or the move failed).
  const [order, setOrder] = useState<string[] | null>(null);
  // Which rule the editor has open: an id, "new", or none.
  const [editing, setEditing] = useState<string | null>(null);
  const [sample, setSample] = useState(SAMPLE);

  const rules = data?.lyricRules.nodes ?? [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  const shownOrder =
    order && order.length === rules.length && order.every((id) => byId.has(id))
      ? order
      : rules.map((r) => r.id);
  const shown = shownOrder.map((id) => byId.get(id)).filter((r): r is LyricRuleFieldsFragment => !!r);
  const open = editing && editing !== "new" ? (byId.get(editing) ?? null) : null;
  const busy = reorder.fetching;

  const reload = () => refetch({ requestPolicy: "network-only" });
  const failed = (errors: readonly { field?: readonly string[] | null; message: string; code: string }[]) => {
    if (errors.length) notifications.show({ color: "red", message: errors.map(errorText).join(" ") });
  };

  const move = async (ids: string[]) => {
    setOrder(ids);
    const { ok, data: result } = await reorder.submit({ input: { ids } });
    if (!ok) {
      setOrder(null);
      if (result) failed(result.lyricRulesReorder.userErrors);
    }
  };

  const toggle = async (rule: LyricRuleFieldsFragment, active: boolean) => {
    const { ok, data: result } = await update.submit({ input: { id: rule.id, active } });
    if (!ok && result) failed(result.lyricRuleUpdate.userErrors);
  };

  const resetRule = async (rule: LyricRuleFieldsFragment) => {
    const sure = await confirm({
      title: t("rules.resetTitle", { name: rule.name }),
      message: t("rules.resetMessage"),
      confirmLabel: t("rules.reset"),
    });
    if (!sure) return;
    const { ok, data: result } = await reset.submit({ input: { id: rule.id } });
    if (ok) notifications.show({ color: "green", message: t("rules.wasReset", { name: rule.name }) });
    else if (result) failed(result.lyricRuleReset.userErrors);
  };

  const deleteRule = async (rule: LyricRuleFieldsFragment) => {
    const sure = await confirm({
      title: t("rules.deleteTitle", { name: rule.name }),
      message: t("rules.deleteMessage"),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data: result } = await remove.submit({ input: { id: rule.id } });
    if (ok && editing === rule.id) setEditing(null);
    if (!ok && result) failed(result.lyricRuleDelete.userErrors);
    reload();
  };

  return (
    <Stack gap="md">
      <SongwritingTabs current={RULES_PATH} />
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {t("rules.title")}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t("rules.intro")}
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
          {t("rules.new")}
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {describeError(error, t)}
        </Alert>
      )}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap={6}>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {t("rules.orderHint")}
              </Text>
              {(fetching || busy) && <Loader size="xs" aria-label={t("common:status.loading")} />}
            </Group>
            <Stack gap={6} role="list" aria-label={t("rules.list")} data-testid="rule-list">
              <SortableList
                ids={shownOrder}
                nameOf={(id) => byId.get(String(id))?.name ?? ""}
                strategy={verticalListSortingStrategy}
                onMove={(ids) => void move(ids)}
              >
                {shown.map((rule) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    editing={editing === rule.id}
                    busy={busy}
                    onEdit={() => setEditing(rule.id)}
                    onToggle={(active) => void toggle(rule, active)}
                    onReset={() => void resetRule(rule)}
                    onDelete={() => void deleteRule(rule)}
                  />
                ))}
              </SortableList>
            </Stack>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {editing ? (
            <RuleEditor
              key={open ? `${open.id}:${open.updatedAt ?? ""}` : "new"}
              rule={open}
              sample={sample}
              onSample={setSample}
              onSaved={(saved) => {
                notifications.show({ color: "green", message: t("rules.saved", { name: saved.name }) });
                setEditing(saved.id);
              }}
              onClose={() => setEditing(null)}
              onReset={(rule) => void resetRule(rule)}
            />
          ) : (
            <Paper withBorder radius="md" p="md">
              <Text size="sm" c="dimmed">
                {t("rules.pick")}
              </Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
