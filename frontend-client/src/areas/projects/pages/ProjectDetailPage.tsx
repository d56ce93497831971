import { Alert, Anchor, Badge, Button, Grid, Group, NavLink, Paper, Stack, Text } from "@mantine/core";
import { IconArrowLeft, IconFolder, IconTrash } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { formatBytes, formatDateTime } from "@/shared/format";
import { Loading } from "@/shared/layout/Loading";
import { FolderPanel } from "../components/FolderPanel";
import { OpenUploads } from "../components/OpenUploads";
import { ProjectCover } from "../components/ProjectCover";
import { ProjectDescription } from "../components/ProjectDescription";
import { ProjectName } from "../components/ProjectName";
import { ProjectTags } from "../components/ProjectTags";
import { UploadList } from "../components/UploadList";
import { useDeleteProject } from "../components/useDeleteProject";
import { useFileArrived, useUploadQueue } from "../components/useUploadQueue";
import type { PickedFile } from "../lib/gather";
import { openUploads } from "../lib/resume";
import { totals } from "../lib/uploader";
import { projectDocument } from "../operations";
import { LIST_PATH } from "../paths";

/** A project: its name, tags and totals, its folders, the open folder's files and assets, and the uploads. */
export default function ProjectDetailPage() {
  const { t } = useTranslation("projects");
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: projectDocument, variables: { id } });
  const { queue, items } = useUploadQueue();
  const [version, setVersion] = useState(0);
  const deleter = useDeleteProject();

  const reread = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const arrived = useCallback(() => {
    setVersion((v) => v + 1);
    reread();
  }, [reread]);
  useFileArrived(queue, id, arrived);

  // Closing or reloading the tab stops the uploads (they continue once the files are picked again): ask first.
  const busy = totals(items).active;
  useEffect(() => {
    if (!busy) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [busy]);

  const project = data?.node?.__typename === "Project" ? data.node : null;
  if (!project) {
    if (data && !fetching) {
      return (
        <Stack gap="md">
          <Anchor component={Link} to={LIST_PATH} size="sm">
            {t("detail.back")}
          </Anchor>
          <Alert color="gray" role="alert">
            {t("detail.notFound")}
          </Alert>
        </Stack>
      );
    }
    return <Loading error={error} />;
  }

  const folders = project.folders;
  const folderId = params.get("folder");
  const folder = folders.find((f) => f.id === folderId) ?? folders[0];
  const folderName = (fid: string) => folders.find((f) => f.id === fid)?.name ?? "";
  const mine = items.filter((item) => item.projectId === project.id);
  const shownUploads = new Set(mine.map((item) => item.uploadId).filter(Boolean));
  const pending = openUploads().filter((u) => u.projectId === project.id && !shownUploads.has(u.uploadId));

  const addFiles = (files: PickedFile[]) => {
    if (folder) queue.add(project.id, folder.id, files);
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to={LIST_PATH} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t("detail.back")}
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <ProjectName id={project.id} name={project.name} order={1} size="h2" />
            <Text size="sm" c="dimmed" data-testid="project-totals">
              {t("detail.totals", {
                count: project.totalFiles,
                size: formatBytes(Number(project.totalSizeBytes)),
              })}
              {" · "}
              {t("detail.updated", { when: formatDateTime(project.updatedAt) })}
            </Text>
          </Stack>
          <ProjectCover id={project.id} cover={project.coverImage ?? null} />
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() =>
              void deleter.remove(project).then((deleted) => {
                if (deleted) navigate(LIST_PATH);
              })
            }
          >
            {t("actions.delete")}
          </Button>
        </Group>
        <ProjectDescription id={project.id} description={project.description ?? null} />
        <ProjectTags key={project.tags.join("\u0000")} id={project.id} tags={project.tags} />
      </Stack>

      <OpenUploads
        uploads={pending}
        folderName={folderName}
        onDiscard={(uid) => void queue.discardOpen(uid)}
      />
      <UploadList items={mine} queue={queue} projectId={project.id} folderName={folderName} />

      <Grid gutter="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p={4} component="nav" aria-label={t("detail.folders")}>
            {folders.map((f) => (
              <NavLink
                key={f.id}
                label={f.name}
                active={f.id === folder?.id}
                leftSection={<IconFolder size={16} />}
                rightSection={
                  mine.some(
                    (i) => i.folderId === f.id && ["queued", "hashing", "uploading"].includes(i.phase),
                  ) ? (
                    <Badge size="xs" variant="light">
                      {t("detail.uploading")}
                    </Badge>
                  ) : undefined
                }
                onClick={() =>
                  setParams(
                    (prev) => {
                      const next = new URLSearchParams(prev);
                      next.set("folder", f.id);
                      return next;
                    },
                    { replace: true },
                  )
                }
                aria-current={f.id === folder?.id ? "page" : undefined}
                data-testid="folder-link"
              />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {folder && (
            <FolderPanel
              key={folder.id}
              projectName={project.name}
              folder={folder}
              folders={folders}
              version={version}
              onFiles={addFiles}
              onChanged={reread}
            />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
