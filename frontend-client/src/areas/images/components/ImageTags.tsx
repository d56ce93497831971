import { useTranslation } from "react-i18next";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { SavedTags } from "@/shared/forms";
import { imageUpdateDocument } from "../operations";

/** An image's tags, saved (imageUpdate) as each one is added or removed. */
export function ImageTags({ id, tags }: { id: string; tags: readonly string[] }) {
  const { t } = useTranslation("images");
  const update = useFormMutation(imageUpdateDocument);
  const save = async (cleaned: string[]) => {
    const { ok, data } = await update.submit({ input: { id, tags: cleaned } });
    return ok ? (data?.imageUpdate.image?.tags ?? null) : null;
  };
  return (
    <SavedTags
      tags={tags}
      save={save}
      label={t("fields.tags")}
      description={t("tags.hint")}
      placeholder={t("tags.placeholder")}
      testId="image-tags"
      error={update.fieldErrors.tags ?? update.formError}
    />
  );
}
