import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import { equipmentDeleteDocument, equipmentDuplicateDocument } from "../operations";

/** Delete (after asking) and duplicate (on the server) an item; each resolves with what came of it. */
export function useEquipmentActions() {
  const { t } = useTranslation("equipment");
  const errorText = useUserErrorText("equipment");
  const del = useFormMutation(equipmentDeleteDocument);
  const dup = useFormMutation(equipmentDuplicateDocument);

  const remove = async (item: { id: string; name: string }): Promise<boolean> => {
    const sure = await confirm({
      title: t("delete.title", { name: item.name }),
      message: t("delete.message"),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return false;
    const { ok, data } = await del.submit({ input: { id: item.id } });
    const problem = data?.equipmentDelete.userErrors[0];
    if (!ok) {
      if (problem)
        notifications.show({ color: "red", title: t("delete.failed"), message: errorText(problem) });
      return false;
    }
    notifications.show({ color: "green", message: t("delete.done", { name: item.name }) });
    return true;
  };

  /** The copy's id, or null. */
  const duplicate = async (item: { id: string; name: string }): Promise<string | null> => {
    const { ok, data } = await dup.submit({ input: { id: item.id } });
    const copy = data?.equipmentDuplicate.equipment;
    const problem = data?.equipmentDuplicate.userErrors[0];
    if (!ok || !copy) {
      if (problem)
        notifications.show({ color: "red", title: t("duplicate.failed"), message: errorText(problem) });
      return null;
    }
    notifications.show({ color: "green", message: t("duplicate.done", { name: copy.name }) });
    return copy.id;
  };

  return { remove, duplicate, fetching: del.fetching || dup.fetching };
}
