import { Button, Group, Select, SimpleGrid, Stack, Title } from "@mantine/core";
import { IconPlug, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type {
  EquipmentListQuery,
  EquipmentListQueryVariables,
  EquipmentStatus,
  EquipmentType,
} from "@/gql/graphql";
import {
  ListStatus,
  LoadMore,
  SearchInput,
  useAddressState,
  useConnection,
  useSearchParam,
} from "@/shared/lists";
import { EquipmentCard } from "../components/EquipmentCard";
import { useEquipmentActions } from "../components/useEquipmentActions";
import { STATUSES, TYPES } from "../lib/form";
import { isFiltered, listQuery, readList, SORT_NAMES, writeList, type ListState } from "../lib/list";
import { equipmentListDocument } from "../operations";
import { editPath, NEW_PATH } from "../paths";

type EquipmentNode = EquipmentListQuery["equipment"]["nodes"][number];
const ANY = "any";

/** The studio's software and plugins: search, type, status, sort; edit, duplicate, delete. */
export default function EquipmentListPage() {
  const { t } = useTranslation("equipment");
  const navigate = useNavigate();
  const [state, change] = useAddressState(readList, writeList);
  const { search, setSearch } = useSearchParam();
  const actions = useEquipmentActions();

  const list = useConnection<EquipmentListQuery, EquipmentListQueryVariables, EquipmentNode>({
    query: equipmentListDocument,
    variables: listQuery(state),
    connection: (data) => data.equipment,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          {t("list.title")}
        </Title>
        <Button component={Link} to={NEW_PATH} leftSection={<IconPlus size={16} />}>
          {t("list.new")}
        </Button>
      </Group>

      <Group gap="sm" align="flex-end">
        <SearchInput value={search} onChange={setSearch} ns="equipment" />
        <Select
          label={t("fields.type")}
          w={170}
          value={state.type ?? ANY}
          allowDeselect={false}
          onChange={(value) => change({ type: !value || value === ANY ? null : (value as EquipmentType) })}
          data={[
            { value: ANY, label: t("list.anyType") },
            ...TYPES.map((value) => ({ value, label: t(`type.${value}`) })),
          ]}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t("fields.status")}
          w={170}
          value={state.status ?? ANY}
          allowDeselect={false}
          onChange={(value) =>
            change({ status: !value || value === ANY ? null : (value as EquipmentStatus) })
          }
          data={[
            { value: ANY, label: t("list.anyStatus") },
            ...STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
          ]}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t("list.sort")}
          w={190}
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
        icon={<IconPlug size={32} stroke={1.4} />}
        ns="equipment"
        newPath={NEW_PATH}
      />
      {list.nodes.length > 0 && (
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 3, xl: 4 }}
          spacing="md"
          component="section"
          aria-label={t("list.results")}
        >
          {list.nodes.map((item) => (
            <EquipmentCard
              key={item.id}
              item={item}
              onDuplicate={() =>
                void actions.duplicate(item).then((id) => {
                  if (id) navigate(editPath(id));
                })
              }
              onDelete={() =>
                void actions.remove(item).then((deleted) => {
                  if (deleted) list.refetch();
                })
              }
            />
          ))}
        </SimpleGrid>
      )}
      {list.nodes.length > 0 && <LoadMore list={list} />}
    </Stack>
  );
}
