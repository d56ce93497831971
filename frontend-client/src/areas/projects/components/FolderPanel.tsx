import { Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  ProjectFileFieldsFragment,
  ProjectFolderFilesQuery,
  ProjectFolderFilesQueryVariables,
} from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import {
  BulkReport,
  LoadMore,
  SEARCH_DELAY_MS,
  SelectionBar,
  useConnection,
  useSelection,
  type BulkLine,
} from "@/shared/lists";
import { Loading } from "@/shared/layout/Loading";
import type { PickedFile } from "../lib/gather";
import {
  projectFileBulkDeleteDocument,
  projectFileDeleteDocument,
  projectFolderFilesDocument,
} from "../operations";
import { CliCommands } from "./CliCommands";
import { useProjectErrorText } from "./errors";
import { FileMoveModal } from "./FileMoveModal";
import { FileTable } from "./FileTable";
import { FolderAssets } from "./FolderAssets";
import { UploadDropZone } from "./UploadDropZone";

/** projectFileBulkDelete takes at most this many ids. */
const BULK_MAX = 100;

export interface FolderPanelProps {
  projectName: string;
  folder: { id: string; name: string };
  folders: readonly { id: string; name: string }[];
  /** Grows when a file of this project arrived (its list is read again). */
  version: number;
  onFiles(files: PickedFile[]): void;
  /** A file was deleted or moved: the project's totals change. */
  onChanged(): void;
}

/** One folder: drop or pick files, its files (download, move, delete, bulk delete), its assets, the CLI. */
export function FolderPanel({ projectName, folder, folders, version, onFiles, onChanged }: FolderPanelProps) {
  const { t } = useTranslation("projects");
  const errorText = useProjectErrorText();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [moving, setMoving] = useState<ProjectFileFieldsFragment | null>(null);
  const [report, setReport] = useState<BulkLine[] | null>(null);
  const single = useFormMutation(projectFileDeleteDocument);
  const bulk = useFormMutation(projectFileBulkDeleteDocument);

  const list = useConnection<
    ProjectFolderFilesQuery,
    ProjectFolderFilesQueryVariables,
    ProjectFileFieldsFragment
  >({
    query: projectFolderFilesDocument,
    variables: { id: folder.id, filter: { search: q || null } },
    connection: (data) => (data.node?.__typename === "ProjectFolder" ? data.node.files : null),
  });
  const { refetch } = list;
  useEffect(() => {
    if (version) refetch();
  }, [version, refetch]);

  const selection = useSelection(list.nodes);
  const paths = new Map(list.nodes.map((f) => [f.id, f.relativePath]));

  const changed = () => {
    list.refetch();
    onChanged();
  };

  const deleteOne = async (file: ProjectFileFieldsFragment) => {
    const sure = await confirm({
      title: t("files.deleteTitle"),
      message: t("files.deleteMessage", { path: file.relativePath }),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data } = await single.submit({ input: { id: file.id } });
    const problem = data?.projectFileDelete.userErrors[0];
    if (!ok && problem) notifications.show({ color: "red", message: errorText(problem) });
    if (ok) {
      selection.forget([file.id]);
      changed();
    }
  };

  const bulkDelete = async () => {
    const ids = selection.ids.slice(0, BULK_MAX);
    if (!ids.length) return;
    const sure = await confirm({
      title: t("bulk.confirmTitle", { count: ids.length }),
      message: t("bulk.confirmMessage", { count: ids.length }),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return;
    const names = new Map(ids.map((id) => [id, paths.get(id) ?? id]));
    const { data } = await bulk.submit({ input: { ids } });
    const payload = data?.projectFileBulkDelete;
    if (!payload?.results) {
      const problem = payload?.userErrors[0];
      if (problem) notifications.show({ color: "red", title: t("bulk.failed"), message: errorText(problem) });
      return;
    }
    const lines = payload.results.map((r) => ({
      id: r.id,
      title: names.get(r.id) ?? r.id,
      deleted: r.deleted,
      reason: r.deleted || !r.error ? undefined : errorText(r.error),
    }));
    setReport(lines);
    selection.forget(lines.filter((l) => l.deleted).map((l) => l.id));
    changed();
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center">
        <Title order={2} size="h4" data-testid="folder-title">
          {folder.name}
        </Title>
        <CliCommands project={projectName} folder={folder.name} />
      </Group>
      <UploadDropZone folderName={folder.name} onFiles={onFiles} />

      <Group gap="sm" align="flex-end">
        <TextInput
          label={t("files.search")}
          placeholder={t("files.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
          style={{ flex: 1 }}
        />
        {list.totalCount !== null && (
          <Text size="sm" c="dimmed" data-testid="file-count">
            {t("files.count", { count: list.totalCount })}
          </Text>
        )}
      </Group>
      {report && <BulkReport lines={report} ns="projects" onClose={() => setReport(null)} />}
      {list.nodes.length > 0 && (
        <SelectionBar
          selection={selection}
          ns="projects"
          onDelete={() => void bulkDelete()}
          deleting={bulk.fetching}
          max={BULK_MAX}
        />
      )}
      {!list.loaded || list.error ? (
        <Loading error={list.error} />
      ) : list.nodes.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="files-empty">
          {q ? t("files.noMatch") : t("files.none")}
        </Text>
      ) : (
        <FileTable
          files={list.nodes}
          selection={selection}
          onMove={setMoving}
          onDelete={(f) => void deleteOne(f)}
        />
      )}
      {list.nodes.length > 0 && <LoadMore list={list} />}

      <FolderAssets folderId={folder.id} folderName={folder.name} />

      {moving && (
        <FileMoveModal
          file={moving}
          folders={folders}
          onClose={() => setMoving(null)}
          onMoved={() => {
            setMoving(null);
            changed();
          }}
        />
      )}
    </Stack>
  );
}
