import { useTranslation } from "react-i18next";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { SavedTags } from "@/shared/forms";
import { projectUpdateDocument } from "../operations";

/** A project's tags, saved (projectUpdate) as each one is added or removed. */
export function ProjectTags({ id, tags }: { id: string; tags: readonly string[] }) {
  const { t } = useTranslation("projects");
  const update = useFormMutation(projectUpdateDocument);
  const save = async (cleaned: string[]) => {
    const { ok, data } = await update.submit({ input: { id, tags: cleaned } });
    return ok ? (data?.projectUpdate.project?.tags ?? null) : null;
  };
  return (
    <SavedTags
      tags={tags}
      save={save}
      label={t("fields.tags")}
      placeholder={t("fields.tagsPlaceholder")}
      testId="project-tags"
      error={update.fieldErrors.tags ?? update.formError}
    />
  );
}
