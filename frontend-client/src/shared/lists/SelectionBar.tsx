import { Button, Checkbox, Group } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Selection } from "./useSelection";

interface SelectionBarProps {
  selection: Selection;
  /** The area's i18n namespace; it has `list.selectAll`, `list.checkedCount` and `bulk.delete` (with count). */
  ns: string;
  onDelete(): void;
  deleting: boolean;
  /** How many one delete takes (the API's limit); the button says so when more are checked. */
  max?: number;
}

/** Above a list: "select all" (or how many are checked) and, once some are, the button deleting them. */
export function SelectionBar({ selection, ns, onDelete, deleting, max = Infinity }: SelectionBarProps) {
  const { t } = useTranslation(ns);
  const count = selection.ids.length;
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" px={4} mih={30}>
      <Checkbox
        label={count ? t("list.checkedCount", { count }) : t("list.selectAll")}
        checked={selection.allChecked}
        indeterminate={count > 0 && !selection.allChecked}
        onChange={(e) => selection.setAll(e.currentTarget.checked)}
      />
      {count > 0 && (
        <Button
          size="compact-sm"
          color="red"
          variant="light"
          leftSection={<IconTrash size={14} />}
          onClick={onDelete}
          loading={deleting}
        >
          {t("bulk.delete", { count: Math.min(count, max) })}
        </Button>
      )}
    </Group>
  );
}
