import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CharCount } from "@/shared/forms";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { LIMITS } from "../lib/list";
import { projectUpdateDocument } from "../operations";

/** A project's description, changed in a dialog (projectUpdate; emptied, it is none). */
export function ProjectDescription({ id, description }: { id: string; description: string | null }) {
  const { t } = useTranslation("projects");
  const update = useFormMutation(projectUpdateDocument);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");

  const open = () => {
    update.reset();
    setText(description ?? "");
    setEditing(true);
  };
  const save = async () => {
    const next = text.trim();
    if (next === (description ?? "")) {
      setEditing(false);
      return;
    }
    if ((await update.submit({ input: { id, description: next || null } })).ok) setEditing(false);
  };

  return (
    <>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <Text
          size="sm"
          c={description ? undefined : "dimmed"}
          style={{ whiteSpace: "pre-wrap", flex: 1 }}
          data-testid="project-description"
        >
          {description || t("detail.noDescription")}
        </Text>
        <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={12} />} onClick={open}>
          {t("detail.editDescription")}
        </Button>
      </Group>
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t("detail.editDescription")}
        closeButtonProps={{ "aria-label": t("common:actions.close") }}
        centered
      >
        <Stack gap="sm">
          <Textarea
            label={t("fields.description")}
            description={<CharCount value={text} max={LIMITS.description} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={update.fieldErrors.description}
            autosize
            minRows={4}
            maxRows={12}
            maxLength={LIMITS.description}
            data-autofocus
          />
          {update.formError && (
            <Alert color="red" role="alert">
              {update.formError}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setEditing(false)}>
              {t("common:actions.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={update.fetching}>
              {t("common:actions.save")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
