import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconFiles, IconFolderUp, IconUpload } from "@tabler/icons-react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { filesFromDrop, filesFromInput, type PickedFile } from "../lib/gather";

/**
 * Drop files or whole folders here (subfolders kept), or pick files or a folder. `onFiles` gets each file with
 * its relative path.
 */
export function UploadDropZone({
  folderName,
  onFiles,
}: {
  folderName: string;
  onFiles(files: PickedFile[]): void;
}) {
  const { t } = useTranslation("projects");
  const [dragging, setDragging] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's types: set as attributes (Chromium, Firefox and Safari take webkitdirectory).
    folderInput.current?.setAttribute("webkitdirectory", "");
    folderInput.current?.setAttribute("directory", "");
  }, []);

  const onDrag = (event: DragEvent, on: boolean) => {
    event.preventDefault();
    event.stopPropagation();
    setDragging(on);
  };

  const picked = (input: HTMLInputElement | null) => {
    if (!input?.files) return;
    const files = filesFromInput(input.files);
    input.value = "";
    if (files.length) onFiles(files);
  };

  return (
    <Paper
      p="md"
      radius="md"
      role="group"
      aria-label={t("upload.zone", { folder: folderName })}
      data-testid="upload-dropzone"
      onDragEnter={(e) => onDrag(e, true)}
      onDragOver={(e) => onDrag(e, true)}
      onDragLeave={(e) => onDrag(e, false)}
      onDrop={(e) => {
        onDrag(e, false);
        void filesFromDrop(e.dataTransfer).then((files) => files.length && onFiles(files));
      }}
      style={{
        border: `2px dashed var(--mantine-color-${dragging ? "blue-6" : "gray-4"})`,
        background: dragging ? "var(--mantine-color-blue-0)" : undefined,
      }}
    >
      <Stack align="center" gap={6}>
        <IconUpload size={28} stroke={1.4} aria-hidden />
        <Text size="sm" ta="center">
          {dragging ? t("upload.dropNow") : t("upload.drop", { folder: folderName })}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconFiles size={14} />}
            onClick={() => filesInput.current?.click()}
          >
            {t("upload.chooseFiles")}
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconFolderUp size={14} />}
            onClick={() => folderInput.current?.click()}
          >
            {t("upload.chooseFolder")}
          </Button>
        </Group>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          data-testid="upload-files-input"
          onChange={(e) => picked(e.currentTarget)}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid="upload-folder-input"
          onChange={(e) => picked(e.currentTarget)}
        />
      </Stack>
    </Paper>
  );
}
