import { Alert, Button, Group, List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatBytes } from "@/shared/format";
import type { OpenUpload } from "../lib/resume";

/**
 * Uploads of this project begun earlier in this browser (before a reload) whose files are not picked again:
 * dropping or picking the same file into the same folder continues it; or give it up.
 */
export function OpenUploads({
  uploads,
  folderName,
  onDiscard,
}: {
  uploads: readonly OpenUpload[];
  folderName(id: string): string;
  onDiscard(uploadId: string): void;
}) {
  const { t } = useTranslation("projects");
  if (!uploads.length) return null;
  return (
    <Alert color="yellow" title={t("resume.title", { count: uploads.length })} data-testid="open-uploads">
      <Text size="sm" mb="xs">
        {t("resume.hint")}
      </Text>
      <List size="sm" spacing={4}>
        {uploads.map((u) => (
          <List.Item key={u.uploadId} data-testid="open-upload">
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" span>
                {t("resume.line", {
                  path: u.relativePath,
                  folder: folderName(u.folderId),
                  size: formatBytes(u.size),
                })}
              </Text>
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => onDiscard(u.uploadId)}>
                {t("resume.discard")}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
