import { TagsInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { cleanTags } from "@/areas/sketches/public";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { projectUpdateDocument } from "../operations";

/** A project's tags, saved (projectUpdate) as each one is added or removed. */
export function ProjectTags({ id, tags }: { id: string; tags: readonly string[] }) {
  const { t } = useTranslation("projects");
  const update = useFormMutation(projectUpdateDocument);
  const [value, setValue] = useState<string[]>([...tags]);

  const change = async (next: string[]) => {
    const cleaned = cleanTags(next);
    const before = value;
    setValue(cleaned);
    if (JSON.stringify(cleaned) === JSON.stringify(cleanTags(before))) return;
    const { ok, data } = await update.submit({ input: { id, tags: cleaned } });
    const saved = data?.projectUpdate.project?.tags;
    if (ok && saved) setValue([...saved]);
    else if (!ok) setValue(before);
  };

  return (
    <TagsInput
      label={t("fields.tags")}
      placeholder={value.length ? undefined : t("fields.tagsPlaceholder")}
      value={value}
      onChange={(next) => void change(next)}
      error={update.fieldErrors.tags ?? update.formError}
      splitChars={[","]}
      acceptValueOnBlur
      clearable
      size="sm"
      data-testid="project-tags"
    />
  );
}
