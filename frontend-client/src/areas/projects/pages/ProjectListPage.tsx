import { Button, Group, Select, SimpleGrid, Stack, TagsInput, Title } from "@mantine/core";
import { IconFolders, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { cleanTags } from "@/areas/sketches/public";
import type { ProjectListQuery, ProjectListQueryVariables } from "@/gql/graphql";
import {
  ListStatus,
  LoadMore,
  SearchInput,
  useAddressState,
  useConnection,
  useSearchParam,
} from "@/shared/lists";
import { ProjectCard } from "../components/ProjectCard";
import { ProjectCreateModal } from "../components/ProjectCreateModal";
import { useDeleteProject } from "../components/useDeleteProject";
import { isFiltered, listQuery, readList, SORT_NAMES, writeList, type ListState } from "../lib/list";
import { projectListDocument } from "../operations";
import { LIST_PATH, projectPath } from "../paths";

type ProjectNode = ProjectListQuery["projects"]["nodes"][number];

/** The projects: search, tags, sort, "load more", a new project, rename in place and delete. */
export default function ProjectListPage() {
  const { t } = useTranslation("projects");
  const navigate = useNavigate();
  const [state, change] = useAddressState(readList, writeList);
  const { search, setSearch } = useSearchParam();
  const deleter = useDeleteProject();

  const list = useConnection<ProjectListQuery, ProjectListQueryVariables, ProjectNode>({
    query: projectListDocument,
    variables: listQuery(state),
    connection: (data) => data.projects,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          {t("list.title")}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => change({ creating: true })}>
          {t("list.new")}
        </Button>
      </Group>

      <Group gap="sm" align="flex-end">
        <SearchInput value={search} onChange={setSearch} ns="projects" />
        <TagsInput
          label={t("list.tags")}
          placeholder={state.tags.length ? undefined : t("list.tagsPlaceholder")}
          value={state.tags}
          onChange={(tags) => change({ tags: cleanTags(tags) })}
          splitChars={[","]}
          acceptValueOnBlur
          clearable
          w={280}
        />
        <Select
          label={t("list.sort")}
          w={200}
          value={state.sort}
          allowDeselect={false}
          onChange={(value) => value && change({ sort: value as ListState["sort"] })}
          data={SORT_NAMES.map((value) => ({ value, label: t(`list.sortBy.${value}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      <ListStatus
        error={list.error}
        loaded={list.loaded}
        empty={list.nodes.length === 0}
        filtered={isFiltered(state)}
        icon={<IconFolders size={32} stroke={1.4} />}
        ns="projects"
        newPath={`${LIST_PATH}?new=1`}
      />
      {list.nodes.length > 0 && (
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="md"
          component="section"
          aria-label={t("list.results")}
        >
          {list.nodes.map((project) => (
            <ProjectCard
              key={project.id}
              project={project}
              onDelete={() =>
                void deleter.remove(project).then((deleted) => {
                  if (deleted) list.refetch();
                })
              }
            />
          ))}
        </SimpleGrid>
      )}
      {list.nodes.length > 0 && <LoadMore list={list} />}

      <ProjectCreateModal
        opened={state.creating}
        onClose={() => change({ creating: false })}
        onCreated={(id) => navigate(projectPath(id))}
      />
    </Stack>
  );
}
