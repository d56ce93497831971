import { ActionIcon, Button, Group, Paper, Progress, Stack, Text, Tooltip } from "@mantine/core";
import { IconPlayerPlay, IconPlayerStop, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatBytes, formatPercent } from "@/shared/format";
import { totals, type UploadItem, type UploadQueue } from "../lib/uploader";
import { useUploadProblemText } from "./errors";

const ACTIVE = ["queued", "hashing", "uploading", "completing"];

function fraction(item: UploadItem): number {
  if (item.phase === "done") return 1;
  if (item.phase === "hashing") return item.size ? item.hashed / item.size : 0;
  return item.size ? item.sent / item.size : item.phase === "completing" ? 1 : 0;
}

function UploadRow({
  item,
  folderName,
  queue,
}: {
  item: UploadItem;
  folderName: string;
  queue: UploadQueue;
}) {
  const { t } = useTranslation("projects");
  const problemText = useUploadProblemText();
  const share = fraction(item);
  const color =
    item.phase === "failed"
      ? "red"
      : item.phase === "done"
        ? "teal"
        : item.phase === "hashing"
          ? "grape"
          : "blue";
  return (
    <Stack
      gap={2}
      data-testid="upload-item"
      data-phase={item.phase}
      data-path={item.relativePath}
      data-resumed={item.resumed}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" truncate style={{ minWidth: 0, flex: 1 }} title={item.relativePath}>
          {item.relativePath}
          <Text span size="xs" c="dimmed">
            {" · "}
            {folderName}
          </Text>
        </Text>
        <Text size="xs" c="dimmed" data-testid="upload-status">
          {t(`upload.phase.${item.phase}`)}
          {item.phase === "hashing" || item.phase === "uploading" ? ` ${formatPercent(share)}` : ""}
          {item.resumed && item.phase !== "done" ? ` · ${t("upload.resumed")}` : ""}
        </Text>
        <Text size="xs" c="dimmed" w={150} ta="right">
          {item.phase === "done"
            ? formatBytes(item.size)
            : t("upload.bytes", { sent: formatBytes(item.sent), total: formatBytes(item.size) })}
        </Text>
        <Group gap={2} wrap="nowrap">
          {(item.phase === "queued" || item.phase === "hashing" || item.phase === "uploading") && (
            <Tooltip label={t("upload.stop")} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => queue.stop(item.key)}
                aria-label={t("upload.stopFile", { path: item.relativePath })}
              >
                <IconPlayerStop size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {(item.phase === "stopped" || item.phase === "failed") && (
            <Tooltip label={t("upload.resume")} withArrow>
              <ActionIcon
                variant="subtle"
                size="sm"
                onClick={() => queue.retry(item.key)}
                aria-label={t("upload.resumeFile", { path: item.relativePath })}
              >
                <IconPlayerPlay size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {item.phase !== "completing" && (
            <Tooltip label={item.phase === "done" ? t("upload.dismiss") : t("upload.discard")} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => void queue.discard(item.key)}
                aria-label={t("upload.discardFile", { path: item.relativePath })}
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Progress
        value={share * 100}
        color={color}
        size="sm"
        animated={ACTIVE.includes(item.phase) && item.phase !== "queued"}
        aria-label={t("upload.fileProgress", { path: item.relativePath })}
      />
      {item.problem && (
        <Text size="xs" c="red.7" role="alert" data-testid="upload-problem">
          {problemText(item.problem)}
        </Text>
      )}
    </Stack>
  );
}

/** The project's uploads: the total (files and bytes), then one row per file with its phase and progress. */
export function UploadList({
  items,
  queue,
  projectId,
  folderName,
}: {
  items: readonly UploadItem[];
  queue: UploadQueue;
  projectId: string;
  folderName(id: string): string;
}) {
  const { t } = useTranslation("projects");
  if (!items.length) return null;
  const sum = totals(items);
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t("upload.title")}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500} data-testid="upload-total">
            {t(sum.active ? "upload.totalActive" : "upload.totalDone", {
              done: sum.filesDone,
              count: sum.files,
              sent: formatBytes(sum.bytesSent),
              total: formatBytes(sum.bytes),
            })}
          </Text>
          {sum.filesDone > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => queue.clearDone(projectId)}
            >
              {t("upload.clearDone")}
            </Button>
          )}
        </Group>
        <Progress
          value={sum.bytes ? (sum.bytesSent / sum.bytes) * 100 : sum.filesDone === sum.files ? 100 : 0}
          size="md"
          color={sum.active ? "blue" : "teal"}
          aria-label={t("upload.totalProgress")}
        />
        <Stack gap={8} mah={360} style={{ overflowY: "auto" }}>
          {items.map((item) => (
            <UploadRow key={item.key} item={item} folderName={folderName(item.folderId)} queue={queue} />
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
