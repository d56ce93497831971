import { Alert, Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProjectFileFieldsFragment } from "@/gql/graphql";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { projectFileMoveDocument } from "../operations";

/** Moves a file to another path or folder of its project (projectFileMove; nothing moves in storage). */
export function FileMoveModal({
  file,
  folders,
  onClose,
  onMoved,
}: {
  file: ProjectFileFieldsFragment;
  folders: readonly { id: string; name: string }[];
  onClose(): void;
  onMoved(): void;
}) {
  const { t } = useTranslation("projects");
  const move = useFormMutation(projectFileMoveDocument);
  const [path, setPath] = useState(file.relativePath);
  const [folderId, setFolderId] = useState(file.folder.id);

  const submit = async () => {
    const input = {
      id: file.id,
      relativePath: path.trim() === file.relativePath ? null : path.trim(),
      folderId: folderId === file.folder.id ? null : folderId,
    };
    if (input.relativePath === null && input.folderId === null) {
      onClose();
      return;
    }
    const { ok } = await move.submit({ input });
    if (ok) onMoved();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("files.moveTitle", { name: file.filename })}
      closeButtonProps={{ "aria-label": t("common:actions.close") }}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput
            label={t("files.path")}
            description={t("files.pathHint")}
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            error={move.fieldErrors.relativePath}
            data-autofocus
          />
          <Select
            label={t("files.folder")}
            value={folderId}
            allowDeselect={false}
            onChange={(value) => value && setFolderId(value)}
            data={folders.map((f) => ({ value: f.id, label: f.name }))}
            error={move.fieldErrors.folderId}
            comboboxProps={{ withinPortal: true }}
          />
          {move.formError && (
            <Alert color="red" role="alert">
              {move.formError}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" loading={move.fetching}>
              {t("files.moveSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
