import { Group, Modal, Select, SimpleGrid, Stack, TagsInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPhoto } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { cleanTags } from "@/areas/sketches/public";
import type { ImageListQuery, ImageListQueryVariables } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import {
  BulkReport,
  ListStatus,
  LoadMore,
  SearchInput,
  SelectionBar,
  useAddressState,
  useConnection,
  useSearchParam,
  useSelection,
  type BulkLine,
} from "@/shared/lists";
import { useImageErrorText } from "../components/errors";
import { ImageCard } from "../components/ImageCard";
import { ImageDetail } from "../components/ImageDetail";
import { ImagesTabs } from "../components/ImagesTabs";
import { useStyleLabel, useStyleOptions } from "../components/styleOptions";
import { useDeleteImage } from "../components/useDeleteImage";
import {
  bulkLines,
  galleryQuery,
  isFiltered,
  OVERLAY_FILTER_NAMES,
  readGallery,
  SORT_NAMES,
  writeGallery,
  type GalleryState,
} from "../lib/gallery";
import { imageBulkDeleteDocument, imageListDocument } from "../operations";
import { GALLERY_PATH, NEW_PATH } from "../paths";

type ImageNode = ImageListQuery["images"]["nodes"][number];

const ANY = "any";
/** imageBulkDelete takes at most this many ids. */
const BULK_MAX = 100;

/** The gallery: search, sort, filters, "load more", bulk delete, rename in place, and a preview of one image. */
export default function ImageGalleryPage() {
  const { t } = useTranslation("images");
  const errorText = useImageErrorText();
  const styleLabel = useStyleLabel();
  const compositions = useStyleOptions().composition;
  const [state, change] = useAddressState(
    (params: URLSearchParams) => readGallery(params, compositions),
    writeGallery,
  );

  const { search, setSearch } = useSearchParam();
  const [report, setReport] = useState<BulkLine[] | null>(null);
  const bulk = useFormMutation(imageBulkDeleteDocument);
  const single = useDeleteImage();

  const list = useConnection<ImageListQuery, ImageListQueryVariables, ImageNode>({
    query: imageListDocument,
    variables: galleryQuery(state),
    connection: (data) => data.images,
  });

  const selection = useSelection(list.nodes);
  const shown = new Map(list.nodes.map((n) => [n.id, n]));
  const titleOf = (id: string) => shown.get(id)?.title || t("untitled");
  const forget = (ids: string[]) => {
    selection.forget(ids);
    if (state.image && ids.includes(state.image)) change({ image: null });
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
    const names = new Map(ids.map((id) => [id, titleOf(id)]));
    const { data } = await bulk.submit({ input: { ids } });
    const payload = data?.imageBulkDelete;
    if (!payload?.results) {
      const problem = payload?.userErrors[0];
      if (problem) notifications.show({ color: "red", title: t("bulk.failed"), message: errorText(problem) });
      return;
    }
    const lines = bulkLines(payload.results, (id) => names.get(id) ?? id, errorText);
    setReport(lines);
    forget(lines.filter((l) => l.deleted).map((l) => l.id));
    list.refetch();
  };

  const deleteOne = async (image: ImageNode) => {
    if (!(await single.remove(image))) return;
    forget([image.id]);
    list.refetch();
  };

  return (
    <Stack gap="md">
      <ImagesTabs current={GALLERY_PATH} />
      <Title order={1} size="h2">
        {t("list.title")}
      </Title>

      <Group gap="sm" align="flex-end" wrap="nowrap">
        <SearchInput value={search} onChange={setSearch} ns="images" />
        <Select
          label={t("list.sort")}
          w={200}
          value={state.sort}
          allowDeselect={false}
          onChange={(value) => value && change({ sort: value as GalleryState["sort"] })}
          data={SORT_NAMES.map((value) => ({ value, label: t(`list.sortBy.${value}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <Select
          label={t("styleOption.composition")}
          w={220}
          value={state.composition ?? ANY}
          allowDeselect={false}
          onChange={(value) => change({ composition: !value || value === ANY ? null : value })}
          data={[
            { value: ANY, label: t("list.anyComposition") },
            ...compositions.map((value) => ({ value, label: styleLabel("composition", value) })),
          ]}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t("list.overlay")}
          w={220}
          value={state.overlay}
          allowDeselect={false}
          onChange={(value) => value && change({ overlay: value as GalleryState["overlay"] })}
          data={OVERLAY_FILTER_NAMES.map((value) => ({ value, label: t(`list.overlayFilter.${value}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
        <TagsInput
          label={t("list.tags")}
          placeholder={state.tags.length ? undefined : t("list.tagsPlaceholder")}
          value={state.tags}
          onChange={(tags) => change({ tags: cleanTags(tags) })}
          splitChars={[","]}
          acceptValueOnBlur
          clearable
          style={{ flex: 1, maxWidth: 420 }}
        />
      </Group>

      {report && <BulkReport lines={report} ns="images" onClose={() => setReport(null)} />}

      {list.nodes.length > 0 && (
        <SelectionBar
          selection={selection}
          ns="images"
          onDelete={() => void bulkDelete()}
          deleting={bulk.fetching}
          max={BULK_MAX}
        />
      )}
      <ListStatus
        error={list.error}
        loaded={list.loaded}
        empty={list.nodes.length === 0}
        filtered={isFiltered(state)}
        icon={<IconPhoto size={32} stroke={1.4} />}
        ns="images"
        newPath={NEW_PATH}
      />
      {list.nodes.length > 0 && (
        <SimpleGrid
          cols={{ base: 2, sm: 3, md: 4, xl: 5 }}
          spacing="md"
          component="section"
          aria-label={t("list.results")}
        >
          {list.nodes.map((image) => (
            <ImageCard
              key={image.id}
              image={image}
              checked={selection.isChecked(image.id)}
              onCheck={(on) => selection.toggle(image.id, on)}
              onOpen={() => change({ image: image.id })}
              onDelete={() => void deleteOne(image)}
            />
          ))}
        </SimpleGrid>
      )}
      {list.nodes.length > 0 && <LoadMore list={list} />}

      <Modal
        opened={!!state.image}
        onClose={() => change({ image: null })}
        title={t("preview.title")}
        closeButtonProps={{ "aria-label": t("common:actions.close") }}
        size="min(72rem, 96vw)"
        centered
      >
        {state.image && (
          <ImageDetail
            key={state.image}
            id={state.image}
            variant="preview"
            onDeleted={() => {
              if (state.image) forget([state.image]);
              list.refetch();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
