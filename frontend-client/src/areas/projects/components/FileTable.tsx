import { ActionIcon, Badge, Checkbox, Group, Menu, Table, Text } from "@mantine/core";
import { IconDots, IconDownload, IconFileArrowRight, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ProjectFileFieldsFragment } from "@/gql/graphql";
import { formatBytes, formatDateTime } from "@/shared/format";
import type { Selection } from "@/shared/lists";

/** A folder's files: path, type, size, last change, download, and a menu (move or rename, delete). */
export function FileTable({
  files,
  selection,
  onMove,
  onDelete,
}: {
  files: readonly ProjectFileFieldsFragment[];
  selection: Selection;
  onMove(file: ProjectFileFieldsFragment): void;
  onDelete(file: ProjectFileFieldsFragment): void;
}) {
  const { t } = useTranslation("projects");
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} highlightOnHover aria-label={t("files.title")} data-testid="file-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>{t("files.path")}</Table.Th>
            <Table.Th w={90}>{t("files.type")}</Table.Th>
            <Table.Th w={110} ta="right">
              {t("files.size")}
            </Table.Th>
            <Table.Th w={180}>{t("files.updated")}</Table.Th>
            <Table.Th w={80} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {files.map((file) => (
            <Table.Tr
              key={file.id}
              data-testid="file-row"
              data-path={file.relativePath}
              bg={selection.isChecked(file.id) ? "var(--mantine-color-blue-light)" : undefined}
            >
              <Table.Td>
                <Checkbox
                  checked={selection.isChecked(file.id)}
                  onChange={(e) => selection.toggle(file.id, e.currentTarget.checked)}
                  aria-label={t("files.select", { path: file.relativePath })}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: "anywhere" }} data-testid="file-path">
                  {file.relativePath}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="default" size="sm" tt="none">
                  {t(`fileType.${file.fileType}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" data-testid="file-size">
                  {formatBytes(Number(file.sizeBytes))}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {formatDateTime(file.updatedAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={2} wrap="nowrap" justify="flex-end">
                  <ActionIcon
                    component="a"
                    href={file.downloadUrl}
                    download={file.filename}
                    variant="subtle"
                    color="gray"
                    aria-label={t("files.download", { path: file.relativePath })}
                  >
                    <IconDownload size={16} />
                  </ActionIcon>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t("files.menu", { path: file.relativePath })}
                      >
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconFileArrowRight size={14} />} onClick={() => onMove(file)}>
                        {t("files.move")}
                      </Menu.Item>
                      <Menu.Item
                        component="a"
                        href={file.downloadUrl}
                        download={file.filename}
                        leftSection={<IconDownload size={14} />}
                      >
                        {t("files.downloadShort")}
                      </Menu.Item>
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => onDelete(file)}
                      >
                        {t("common:actions.delete")}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
