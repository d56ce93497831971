import { ActionIcon, Group, TextInput, Title, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { ConversationUpdateDocument } from "../operations";

/** The conversation's title; the pencil (or a click) turns it into a field: Enter saves, Escape cancels. */
export function InlineTitle({ id, title }: { id: string; title: string | null }) {
  const { t } = useTranslation("chat");
  const update = useFormMutation(ConversationUpdateDocument);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const shown = title || t("list.untitled");

  const start = () => {
    update.reset();
    setValue(title ?? "");
    setEditing(true);
  };
  const save = async () => {
    const next = value.trim();
    if (next === (title ?? "")) {
      setEditing(false);
      return;
    }
    const { ok } = await update.submit({ input: { id, title: next } });
    if (ok) setEditing(false);
  };

  if (editing) {
    return (
      <TextInput
        aria-label={t("title.label")}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
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
        error={update.fieldErrors.title ?? update.formError}
        disabled={update.fetching}
        maxLength={255}
        autoFocus
        style={{ flex: 1 }}
        data-testid="title-input"
      />
    );
  }
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
      <Title
        order={2}
        size="h4"
        lineClamp={1}
        title={shown}
        onDoubleClick={start}
        data-testid="conversation-title"
      >
        {shown}
      </Title>
      <Tooltip label={t("title.rename")} withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={start} aria-label={t("title.rename")}>
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
