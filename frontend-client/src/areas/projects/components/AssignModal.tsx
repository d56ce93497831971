import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import type { ProjectAssetKind } from "@/gql/graphql";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { SEARCH_DELAY_MS } from "@/shared/lists";
import { projectAssetAssignDocument, projectAssetChoicesDocument } from "../operations";

const KINDS: ProjectAssetKind[] = ["SONG", "SKETCH", "IMAGE"];

/** Files a song, sketch or image of the viewer's in a folder (projectAssetAssign): pick the kind, search, pick. */
export function AssignModal({
  folderId,
  folderName,
  onClose,
  onAssigned,
}: {
  folderId: string;
  folderName: string;
  onClose(): void;
  onAssigned(): void;
}) {
  const { t } = useTranslation("projects");
  const [kind, setKind] = useState<ProjectAssetKind>("SONG");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, SEARCH_DELAY_MS);
  const [chosen, setChosen] = useState<string | null>(null);
  const assign = useFormMutation(projectAssetAssignDocument);
  const [{ data, fetching }] = useQuery({
    query: projectAssetChoicesDocument,
    variables: {
      search: debounced.trim() || null,
      songs: kind === "SONG",
      sketches: kind === "SKETCH",
      images: kind === "IMAGE",
    },
  });
  const nodes =
    (kind === "SONG"
      ? data?.songs?.nodes
      : kind === "SKETCH"
        ? data?.sketches?.nodes
        : data?.images?.nodes) ?? [];
  const options = nodes.map((n) => ({ value: n.id, label: n.title || t("assets.untitled") }));

  const submit = async () => {
    if (!chosen) return;
    const { ok } = await assign.submit({ input: { folderId, assetId: chosen } });
    if (ok) onAssigned();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("assets.assignTitle", { folder: folderName })}
      closeButtonProps={{ "aria-label": t("common:actions.close") }}
      centered
    >
      <Stack gap="sm">
        <SegmentedControl
          value={kind}
          onChange={(value) => {
            setKind(value as ProjectAssetKind);
            setChosen(null);
          }}
          data={KINDS.map((k) => ({ value: k, label: t(`assets.kinds.${k}`) }))}
          aria-label={t("assets.kind")}
        />
        <Select
          label={t(`assets.pick.${kind}`)}
          placeholder={t("assets.searchPlaceholder")}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          value={chosen}
          onChange={setChosen}
          data={options}
          nothingFoundMessage={fetching ? t("common:status.loading") : t("assets.nothingFound")}
          comboboxProps={{ withinPortal: true }}
          error={assign.fieldErrors.assetId}
        />
        {assign.formError && (
          <Alert color="red" role="alert">
            {assign.formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t("common:actions.cancel")}
          </Button>
          <Button onClick={() => void submit()} disabled={!chosen} loading={assign.fetching}>
            {t("assets.assign")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
