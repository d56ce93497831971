import { notifications } from "@mantine/notifications";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { confirm } from "@/shared/confirm";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { imageDeleteDocument } from "../operations";
import { useImageErrorText } from "./errors";

/** Deletes one image after asking; resolves true when it is gone (a refusal shows as a notification). */
export function useDeleteImage(): {
  remove(image: { id: string; title?: string | null }): Promise<boolean>;
  fetching: boolean;
} {
  const { t } = useTranslation("images");
  const errorText = useImageErrorText();
  const { submit, fetching } = useFormMutation(imageDeleteDocument);
  const remove = useCallback(
    async (image: { id: string; title?: string | null }) => {
      const title = image.title || t("untitled");
      const sure = await confirm({
        title: t("delete.title"),
        message: t("delete.message", { title }),
        confirmLabel: t("common:actions.delete"),
        danger: true,
      });
      if (!sure) return false;
      const { ok, data } = await submit({ input: { id: image.id } });
      if (!ok) {
        const refusal = data?.imageDelete.userErrors[0];
        if (refusal)
          notifications.show({ color: "red", title: t("delete.failed"), message: errorText(refusal) });
        return false;
      }
      notifications.show({ color: "green", message: t("delete.done", { title }) });
      return true;
    },
    [submit, errorText, t],
  );
  return { remove, fetching };
}
