import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { projectDeleteDocument } from "../operations";
import { useProjectErrorText } from "./errors";

/** Deletes a project after asking (its files with it); resolves true once deleted. */
export function useDeleteProject() {
  const { t } = useTranslation("projects");
  const errorText = useProjectErrorText();
  const mutation = useFormMutation(projectDeleteDocument);
  const remove = async (project: { id: string; name: string; totalFiles: number }): Promise<boolean> => {
    const sure = await confirm({
      title: t("delete.title", { name: project.name }),
      message: t("delete.message", { count: project.totalFiles }),
      confirmLabel: t("common:actions.delete"),
      danger: true,
    });
    if (!sure) return false;
    const { ok, data } = await mutation.submit({ input: { id: project.id } });
    const problem = data?.projectDelete.userErrors[0];
    if (!ok || !data?.projectDelete.deletedProjectId) {
      if (problem)
        notifications.show({ color: "red", title: t("delete.failed"), message: errorText(problem) });
      return false;
    }
    notifications.show({ color: "green", message: t("delete.done", { name: project.name }) });
    return true;
  };
  return { remove, fetching: mutation.fetching };
}
