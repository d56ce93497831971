import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { rectSortingStrategy } from "@dnd-kit/sortable";
import {
  IconDeviceFloppy,
  IconDots,
  IconGripVertical,
  IconLayoutList,
  IconPlus,
  IconRestore,
  IconSitemap,
  IconStar,
  IconTrash,
  IconWand,
} from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import type { LyricSectionKind } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import {
  BUILDER_KINDS,
  canAdd,
  insertAt,
  labelsOf,
  architectureText,
  sameSections,
  slot,
  slotsOf,
  type Slot,
} from "../lib/architecture";
import {
  lyricArchitectureCreateDocument,
  lyricArchitectureDeleteDocument,
  lyricArchitecturesDocument,
  lyricArchitectureUpdateDocument,
} from "../operations";
import { useSongwritingErrorText } from "./errors";
import { SortableList, useSortableItem } from "./sortable";
import classes from "./songwriting.module.css";

const IDEA_MAX = 2000;

function SlotChip({
  item,
  label,
  kindLabel,
  onRemove,
}: {
  item: Slot;
  label: string;
  kindLabel: string;
  onRemove(): void;
}) {
  const { t } = useTranslation("songwriting");
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, style } = useSortableItem(item.id);
  return (
    <Paper
      ref={setNodeRef}
      style={style}
      withBorder
      radius="sm"
      px={4}
      py={2}
      className={classes.slot}
      data-testid="architecture-slot"
      data-label={label}
    >
      <Group gap={2} wrap="nowrap">
        <ActionIcon
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          variant="subtle"
          color="gray"
          size="sm"
          className={classes.handle}
          aria-label={t("architecture.move", { label })}
        >
          <IconGripVertical size={14} />
        </ActionIcon>
        <Text size="sm" fw={600} title={kindLabel}>
          {label}
        </Text>
        <CloseButton size="sm" aria-label={t("architecture.remove", { label })} onClick={onRemove} />
      </Group>
    </Paper>
  );
}

/**
 * The song's planned sections: dragged into order, added and removed, loaded from and saved as the user's
 * architectures (one of them the default); applied to the lyrics, read back from them, or used to write lyrics
 * from an idea.
 */
export function ArchitectureBuilder({
  slots,
  onSlots,
  disabled,
  hasText,
  onApply,
  onRebuild,
  onGenerate,
}: {
  slots: Slot[];
  onSlots(slots: Slot[]): void;
  disabled: boolean;
  hasText: boolean;
  onApply(): void;
  onRebuild(): void;
  onGenerate(idea: string): void;
}) {
  const { t } = useTranslation("songwriting");
  const errorText = useSongwritingErrorText();
  const [{ data }, refetch] = useQuery({ query: lyricArchitecturesDocument });
  const create = useFormMutation(lyricArchitectureCreateDocument);
  const update = useFormMutation(lyricArchitectureUpdateDocument);
  const remove = useFormMutation(lyricArchitectureDeleteDocument);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [saving, setSaving] = useState<{ name: string; isDefault: boolean } | null>(null);
  const [idea, setIdea] = useState("");
  const started = useRef(false);
  const edited = useRef(false);

  const saved = data?.lyricArchitectures.nodes ?? [];
  const selected = saved.find((a) => a.id === selectedId) ?? null;
  const sections = slots.map((s) => s.kind);
  const labels = labelsOf(sections);

  // The first answer sets the builder to the user's default (or the shipped one), unless the user has changed the
  // sections already: what they added while it was on its way is kept.
  useEffect(() => {
    if (started.current || !data) return;
    started.current = true;
    if (edited.current) return;
    onSlots(slotsOf(data.lyricArchitectureDefault.structure.sections));
    setSelectedId(data.lyricArchitectureDefault.architecture?.id ?? null);
  }, [data, onSlots]);
  const change = (next: Slot[]) => {
    edited.current = true;
    onSlots(next);
  };

  const reload = () => refetch({ requestPolicy: "network-only" });
  const failed = (errors: readonly { field?: readonly string[] | null; message: string; code: string }[]) =>
    notifications.show({ color: "red", message: errors.map(errorText).join(" ") });

  const add = (kind: LyricSectionKind) => {
    const at = insertAt(sections, kind);
    change([...slots.slice(0, at), slot(kind), ...slots.slice(at)]);
  };

  const load = (id: string | null) => {
    setSelectedId(id);
    const found = saved.find((a) => a.id === id);
    if (found) change(slotsOf(found.sections));
  };

  const saveChanges = async () => {
    if (!selected) return;
    const { ok, data: result } = await update.submit({ input: { id: selected.id, sections } });
    if (ok) notifications.show({ color: "green", message: t("architecture.saved", { name: selected.name }) });
    else if (result) failed(result.lyricArchitectureUpdate.userErrors);
    reload();
  };

  const saveNew = async () => {
    if (!saving) return;
    const { ok, data: result } = await create.submit({
      input: { name: saving.name, sections, isDefault: saving.isDefault },
    });
    const made = result?.lyricArchitectureCreate.lyricArchitecture;
    if (ok && made) {
      setSaving(null);
      setSelectedId(made.id);
      notifications.show({ color: "green", message: t("architecture.saved", { name: made.name }) });
      reload();
    }
  };

  const makeDefault = async () => {
    if (!selected) return;
    const { ok, data: result } = await update.submit({ input: { id: selected.id, isDefault: true } });
    if (ok)
      notifications.show({
        color: "green",
        message: t("architecture.isNowDefault", { name: selected.name }),
      });
    else if (result) failed(result.lyricArchitectureUpdate.userErrors);
    reload();
  };

  const deleteSelected = async () => {
    if (!selected) return;
    const sure = await confirm({
      title: t("architecture.deleteTitle", { name: selected.name }),
      message: t("architecture.deleteMessage"),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data: result } = await remove.submit({ input: { id: selected.id } });
    if (ok) setSelectedId(null);
    else if (result) failed(result.lyricArchitectureDelete.userErrors);
    reload();
  };

  const changed = selected ? !sameSections(selected.sections, sections) : false;
  const nameOf = (id: string | number) => labels[slots.findIndex((s) => s.id === id)] ?? "";

  return (
    <Stack gap="sm">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          style={{ flex: 1 }}
          size="xs"
          label={t("architecture.savedList")}
          placeholder={t("architecture.unsaved")}
          data={saved.map((a) => ({
            value: a.id,
            label: a.isDefault ? `${a.name} (${t("architecture.default")})` : a.name,
          }))}
          value={selectedId}
          onChange={load}
          clearable
          nothingFoundMessage={t("architecture.noneSaved")}
          comboboxProps={{ withinPortal: true }}
        />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label={t("architecture.actions")}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={<IconDeviceFloppy size={14} />}
              disabled={!selected || !changed}
              onClick={() => void saveChanges()}
            >
              {t("architecture.save")}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconPlus size={14} />}
              disabled={!sections.length}
              onClick={() => setSaving({ name: "", isDefault: false })}
            >
              {t("architecture.saveAs")}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconStar size={14} />}
              disabled={!selected || selected.isDefault}
              onClick={() => void makeDefault()}
            >
              {t("architecture.makeDefault")}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconTrash size={14} />}
              color="red"
              disabled={!selected}
              onClick={() => void deleteSelected()}
            >
              {t("architecture.delete")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>

      <Stack gap={6}>
        <Group gap={6} data-testid="architecture-slots" aria-label={t("architecture.sections")} role="list">
          <SortableList
            ids={slots.map((s) => s.id)}
            nameOf={(id) => nameOf(String(id))}
            strategy={rectSortingStrategy}
            onMove={(ids) => change(ids.map((id) => slots.find((s) => s.id === id)).filter((s) => !!s))}
          >
            {slots.map((item, i) => (
              <div role="listitem" key={item.id}>
                <SlotChip
                  item={item}
                  label={labels[i]}
                  kindLabel={t(`kind.${item.kind}`)}
                  onRemove={() => change(slots.filter((s) => s.id !== item.id))}
                />
              </div>
            ))}
          </SortableList>
          {!slots.length && (
            <Text size="sm" c="dimmed">
              {t("architecture.empty")}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed" data-testid="architecture-text">
          {sections.length ? architectureText(sections) : ""}
          {selected && changed ? ` · ${t("architecture.changed")}` : ""}
        </Text>
        <Group gap={4}>
          {BUILDER_KINDS.map((kind) => (
            <Button
              key={kind}
              size="compact-xs"
              variant="default"
              leftSection={<IconPlus size={12} />}
              disabled={!canAdd(sections, kind)}
              onClick={() => add(kind)}
              aria-label={t("architecture.add", { kind: t(`kind.${kind}`) })}
            >
              {t(`kind.${kind}`)}
            </Button>
          ))}
        </Group>
      </Stack>

      <Group gap="xs">
        <Button
          size="xs"
          leftSection={<IconLayoutList size={14} />}
          onClick={onApply}
          disabled={disabled || !hasText || !sections.length}
        >
          {t("architecture.apply")}
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRestore size={14} />}
          onClick={onRebuild}
          disabled={disabled || !hasText}
        >
          {t("architecture.rebuild")}
        </Button>
      </Group>

      <Stack gap={6}>
        <Textarea
          size="xs"
          label={t("generate.idea")}
          description={t("generate.ideaHint")}
          value={idea}
          onChange={(e) => setIdea(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={IDEA_MAX}
        />
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconWand size={14} />}
            onClick={() => onGenerate(idea.trim())}
            disabled={disabled || !idea.trim() || !sections.length}
          >
            {t("generate.write")}
          </Button>
          <Badge variant="light" color="gray" leftSection={<IconSitemap size={12} />}>
            {sections.length ? architectureText(sections) : "–"}
          </Badge>
        </Group>
      </Stack>

      <Modal
        opened={saving !== null}
        onClose={() => setSaving(null)}
        title={t("architecture.saveAs")}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveNew();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t("architecture.name")}
              required
              data-autofocus
              value={saving?.name ?? ""}
              onChange={(e) => {
                const name = e.currentTarget.value;
                setSaving((s) => (s ? { ...s, name } : s));
              }}
              error={create.fieldErrors.name}
              maxLength={100}
            />
            <Text size="sm" c="dimmed">
              {architectureText(sections)}
            </Text>
            {create.fieldErrors.sections && (
              <Text size="sm" c="red">
                {create.fieldErrors.sections}
              </Text>
            )}
            {create.formError && (
              <Text size="sm" c="red">
                {create.formError}
              </Text>
            )}
            <Checkbox
              label={t("architecture.asDefault")}
              checked={saving?.isDefault ?? false}
              onChange={(e) => {
                const isDefault = e.currentTarget.checked;
                setSaving((s) => (s ? { ...s, isDefault } : s));
              }}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setSaving(null)}>
                {t("common:actions.cancel")}
              </Button>
              <Button type="submit" loading={create.fetching} disabled={!saving?.name.trim()}>
                {t("common:actions.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
