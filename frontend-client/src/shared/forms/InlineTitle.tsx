import { ActionIcon, Group, TextInput, Title, Tooltip, type TitleOrder } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";

export interface InlineTitleProps {
  /** The title as saved; null or "" shows `placeholder`. */
  value: string | null;
  placeholder: string;
  /** The field's accessible name while editing. */
  label: string;
  /** The pencil's label (and tooltip). */
  editLabel: string;
  maxLength: number;
  /**
   * Saves the trimmed text (called only when it changed); resolves true when saved, false to stay in the
   * field (with `error` saying why).
   */
  onSave(next: string): Promise<boolean>;
  /** Called when editing starts (e.g. to forget an earlier error). */
  onStart?(): void;
  saving?: boolean;
  error?: string | null;
  order?: TitleOrder;
  size?: string;
  /** data-testid of the title and of the field. */
  testId: string;
  inputTestId: string;
}

/** A title that the pencil (or a double click) turns into a field: Enter or leaving it saves, Escape cancels. */
export function InlineTitle({
  value,
  placeholder,
  label,
  editLabel,
  maxLength,
  onSave,
  onStart,
  saving = false,
  error,
  order = 2,
  size = "h4",
  testId,
  inputTestId,
}: InlineTitleProps) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const shown = value || placeholder;

  const start = () => {
    onStart?.();
    setText(value ?? "");
    setEditing(true);
  };
  const save = async () => {
    const next = text.trim();
    if (next === (value ?? "")) {
      setEditing(false);
      return;
    }
    if (await onSave(next)) setEditing(false);
  };

  if (editing) {
    return (
      <TextInput
        aria-label={label}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save();
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            setEditing(false);
          }
        }}
        onBlur={() => void save()}
        error={error}
        disabled={saving}
        maxLength={maxLength}
        autoFocus
        style={{ flex: 1 }}
        data-testid={inputTestId}
      />
    );
  }
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
      <Title order={order} size={size} lineClamp={1} title={shown} onDoubleClick={start} data-testid={testId}>
        {shown}
      </Title>
      <Tooltip label={editLabel} withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={start} aria-label={editLabel}>
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
