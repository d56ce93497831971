import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconLink, IconUnlink } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { imagePreviewPath } from "@/areas/images/public";
import { sketchDetailPath } from "@/areas/sketches/public";
import { songDetailPath } from "@/areas/songs/public";
import type {
  ProjectAssetFieldsFragment,
  ProjectFolderAssetsQuery,
  ProjectFolderAssetsQueryVariables,
} from "@/gql/graphql";
import { formatRelative } from "@/shared/format";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { LoadMore, useConnection } from "@/shared/lists";
import { projectAssetUnassignDocument, projectFolderAssetsDocument } from "../operations";
import { AssignModal } from "./AssignModal";

function assetOf(
  asset: ProjectAssetFieldsFragment,
): { id: string; title: string | null; path: string } | null {
  if (asset.song) return { id: asset.song.id, title: asset.song.title, path: songDetailPath(asset.song.id) };
  if (asset.sketch)
    return {
      id: asset.sketch.id,
      title: asset.sketch.title ?? null,
      path: sketchDetailPath(asset.sketch.id),
    };
  if (asset.image)
    return { id: asset.image.id, title: asset.image.title ?? null, path: imagePreviewPath(asset.image.id) };
  return null;
}

/** The songs, sketches and images filed in a folder, with "file one here" and "take it out". */
export function FolderAssets({ folderId, folderName }: { folderId: string; folderName: string }) {
  const { t } = useTranslation("projects");
  const [assigning, setAssigning] = useState(false);
  const unassign = useFormMutation(projectAssetUnassignDocument);
  const list = useConnection<
    ProjectFolderAssetsQuery,
    ProjectFolderAssetsQueryVariables,
    ProjectAssetFieldsFragment
  >({
    query: projectFolderAssetsDocument,
    variables: { id: folderId },
    connection: (data) => (data.node?.__typename === "ProjectFolder" ? data.node.assets : null),
  });

  const remove = async (assetId: string) => {
    const { ok } = await unassign.submit({ input: { folderId, assetId } });
    if (ok) list.refetch();
  };

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="assets-title">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id="assets-title">
            {t("assets.title")}
          </Title>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconLink size={14} />}
            onClick={() => setAssigning(true)}
          >
            {t("assets.add")}
          </Button>
        </Group>
        {list.loaded && list.nodes.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("assets.none")}
          </Text>
        )}
        {list.nodes.map((asset) => {
          const item = assetOf(asset);
          if (!item) return null;
          return (
            <Group
              key={`${asset.kind}:${item.id}`}
              gap="xs"
              wrap="nowrap"
              data-testid="folder-asset"
              data-kind={asset.kind}
            >
              {asset.image?.thumbnailUrl && (
                <Image src={asset.image.thumbnailUrl} alt="" w={32} h={32} radius="sm" fit="cover" />
              )}
              <Badge variant="light" size="sm" tt="none" w={72}>
                {t(`assets.kinds.${asset.kind}`)}
              </Badge>
              <Anchor component={Link} to={item.path} size="sm" style={{ flex: 1, minWidth: 0 }} truncate>
                {item.title || t("assets.untitled")}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatRelative(asset.assignedAt)}
              </Text>
              <Tooltip label={t("assets.remove")} withArrow>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => void remove(item.id)}
                  aria-label={t("assets.removeOne", { title: item.title || t("assets.untitled") })}
                >
                  <IconUnlink size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          );
        })}
        {list.nodes.length > 0 && <LoadMore list={list} />}
      </Stack>
      {assigning && (
        <AssignModal
          folderId={folderId}
          folderName={folderName}
          onClose={() => setAssigning(false)}
          onAssigned={() => {
            setAssigning(false);
            list.refetch();
          }}
        />
      )}
    </Paper>
  );
}
