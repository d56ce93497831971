import { ActionIcon, Badge, Box, Card, Group, Image, Menu, Stack, Text } from "@mantine/core";
import { IconDots, IconFolderOpen, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ProjectCardFieldsFragment } from "@/gql/graphql";
import { formatBytes, formatRelative } from "@/shared/format";
import { projectPath } from "../paths";
import { ProjectName } from "./ProjectName";

/** A project in the list: its name (renamed in place), description, tags, files and size, a menu. */
export function ProjectCard({ project, onDelete }: { project: ProjectCardFieldsFragment; onDelete(): void }) {
  const { t } = useTranslation("projects");
  return (
    <Card withBorder radius="md" padding="sm" data-testid="project-card" data-project-id={project.id}>
      <Stack gap={6}>
        <Group gap={8} wrap="nowrap" justify="space-between">
          {project.coverImage?.thumbnailUrl && (
            <Image src={project.coverImage.thumbnailUrl} alt="" w={40} h={40} radius="sm" fit="cover" />
          )}
          <Box style={{ minWidth: 0, flex: 1 }}>
            <ProjectName id={project.id} name={project.name} order={3} size="h5" />
          </Box>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("card.menu", { name: project.name })}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                component={Link}
                to={projectPath(project.id)}
                leftSection={<IconFolderOpen size={14} />}
              >
                {t("actions.open")}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                {t("common:actions.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        {project.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {project.description}
          </Text>
        )}
        {project.tags.length > 0 && (
          <Group gap={4}>
            {project.tags.map((tag) => (
              <Badge key={tag} variant="light" size="sm" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed" data-testid="project-stats">
            {t("card.stats", {
              count: project.totalFiles,
              size: formatBytes(Number(project.totalSizeBytes)),
            })}
            {" · "}
            {formatRelative(project.updatedAt)}
          </Text>
          <Text
            component={Link}
            to={projectPath(project.id)}
            size="sm"
            c="blue"
            aria-label={t("card.open", { name: project.name })}
          >
            {t("actions.open")}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
