import { ActionIcon, Button, Group, Image, Modal, Select, Stack, Text, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPhoto, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { SEARCH_DELAY_MS } from "@/shared/lists";
import { projectAssetChoicesDocument, projectUpdateDocument } from "../operations";

/** A project's cover: one of the viewer's images (projectUpdate's coverImageId), chosen by search, or none. */
export function ProjectCover({
  id,
  cover,
}: {
  id: string;
  cover: { id: string; thumbnailUrl?: string | null } | null;
}) {
  const { t } = useTranslation("projects");
  const update = useFormMutation(projectUpdateDocument);
  const [choosing, setChoosing] = useState(false);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, SEARCH_DELAY_MS);
  const [chosen, setChosen] = useState<string | null>(null);
  const [{ data }] = useQuery({
    query: projectAssetChoicesDocument,
    variables: { search: debounced.trim() || null, songs: false, sketches: false, images: true },
    pause: !choosing,
  });
  const options = (data?.images?.nodes ?? []).map((n) => ({
    value: n.id,
    label: n.title || t("assets.untitled"),
  }));

  const save = async (coverImageId: string | null) => {
    if ((await update.submit({ input: { id, coverImageId } })).ok) setChoosing(false);
  };

  return (
    <>
      <Group gap={4} wrap="nowrap" data-testid="project-cover">
        {cover?.thumbnailUrl ? (
          <Image src={cover.thumbnailUrl} alt={t("cover.alt")} w={56} h={56} radius="sm" fit="cover" />
        ) : (
          <IconPhoto size={28} stroke={1.3} color="var(--mantine-color-dimmed)" aria-hidden />
        )}
        <Stack gap={2}>
          <Button size="compact-xs" variant="subtle" onClick={() => setChoosing(true)}>
            {cover ? t("cover.change") : t("cover.choose")}
          </Button>
          {cover && (
            <Tooltip label={t("cover.remove")} withArrow>
              <ActionIcon
                size="xs"
                variant="subtle"
                color="gray"
                onClick={() => void save(null)}
                aria-label={t("cover.remove")}
              >
                <IconX size={12} />
              </ActionIcon>
            </Tooltip>
          )}
        </Stack>
      </Group>
      <Modal
        opened={choosing}
        onClose={() => setChoosing(false)}
        title={t("cover.title")}
        closeButtonProps={{ "aria-label": t("common:actions.close") }}
        centered
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t("cover.hint")}
          </Text>
          <Select
            label={t("assets.kinds.IMAGE")}
            placeholder={t("assets.searchPlaceholder")}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            value={chosen}
            onChange={setChosen}
            data={options}
            nothingFoundMessage={t("assets.nothingFound")}
            comboboxProps={{ withinPortal: true }}
            error={update.fieldErrors.coverImageId ?? update.formError}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setChoosing(false)}>
              {t("common:actions.cancel")}
            </Button>
            <Button onClick={() => void save(chosen)} disabled={!chosen} loading={update.fetching}>
              {t("cover.save")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
