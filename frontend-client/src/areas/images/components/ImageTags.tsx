import { TagsInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { cleanTags } from "@/areas/sketches/public";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { imageUpdateDocument } from "../operations";

/** An image's tags, saved (imageUpdate) as each one is added or removed. */
export function ImageTags({ id, tags }: { id: string; tags: readonly string[] }) {
  const { t } = useTranslation("images");
  const update = useFormMutation(imageUpdateDocument);
  const [value, setValue] = useState<string[]>([...tags]);

  const change = async (next: string[]) => {
    const cleaned = cleanTags(next);
    const before = value;
    setValue(cleaned);
    if (JSON.stringify(cleaned) === JSON.stringify(cleanTags(before))) return;
    const { ok, data } = await update.submit({ input: { id, tags: cleaned } });
    const saved = data?.imageUpdate.image?.tags;
    if (ok && saved) setValue([...saved]);
    else if (!ok) setValue(before);
  };

  return (
    <TagsInput
      label={t("fields.tags")}
      description={t("tags.hint")}
      placeholder={value.length ? undefined : t("tags.placeholder")}
      value={value}
      onChange={(next) => void change(next)}
      error={update.fieldErrors.tags ?? update.formError}
      splitChars={[","]}
      acceptValueOnBlur
      clearable
      size="sm"
      data-testid="image-tags"
    />
  );
}
