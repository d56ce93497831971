import { notifications } from "@mantine/notifications";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { SketchWorkflow } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { sketchDeleteDocument, sketchDuplicateDocument, sketchUpdateDocument } from "../operations";

/** Duplicate, change the workflow and delete (after a confirmation), with a notification for each outcome. */
export function useSketchActions() {
  const { t } = useTranslation("sketches");
  const duplicateMutation = useFormMutation(sketchDuplicateDocument);
  const updateMutation = useFormMutation(sketchUpdateDocument);
  const deleteMutation = useFormMutation(sketchDeleteDocument);

  // userErrors of an action that has no form: the first one, in a notification.
  const report = useCallback(
    (errors: readonly UserErrorLike[]) => {
      const [first] = errors;
      if (first)
        notifications.show({
          color: "red",
          title: t("common:status.error"),
          message: userErrorText(first, t),
        });
    },
    [t],
  );

  const duplicate = useCallback(
    async (id: string): Promise<string | null> => {
      const { ok, data } = await duplicateMutation.submit({ input: { id } });
      const copy = data?.sketchDuplicate.sketch;
      if (!ok || !copy) {
        if (data) report(data.sketchDuplicate.userErrors);
        return null;
      }
      notifications.show({ color: "green", message: t("actions.duplicated") });
      return copy.id;
    },
    [duplicateMutation, report, t],
  );

  const setWorkflow = useCallback(
    async (id: string, workflow: SketchWorkflow): Promise<boolean> => {
      const { ok, data } = await updateMutation.submit({ input: { id, workflow } });
      if (!ok) {
        if (data) report(data.sketchUpdate.userErrors);
        return false;
      }
      notifications.show({ color: "green", message: t(`actions.workflowChanged.${workflow}`) });
      return true;
    },
    [updateMutation, report, t],
  );

  const remove = useCallback(
    async (id: string, title: string): Promise<boolean> => {
      const sure = await confirm({
        title: t("actions.deleteTitle"),
        message: t("actions.deleteMessage", { title }),
        confirmLabel: t("common:actions.delete"),
        danger: true,
      });
      if (!sure) return false;
      const { ok, data } = await deleteMutation.submit({ input: { id } });
      if (!ok) {
        if (data) report(data.sketchDelete.userErrors);
        return false;
      }
      notifications.show({ color: "green", message: t("actions.deleted", { title }) });
      return true;
    },
    [deleteMutation, report, t],
  );

  return {
    duplicate,
    setWorkflow,
    remove,
    busy: duplicateMutation.fetching || updateMutation.fetching || deleteMutation.fetching,
  };
}
