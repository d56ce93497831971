import type { TitleOrder } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { InlineTitle } from "@/shared/forms";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { LIMITS } from "../lib/generatorForm";
import { imageUpdateDocument } from "../operations";

/** An image's title, renamed in place (imageUpdate): the pencil or a double click, Enter saves. */
export function ImageTitle({
  id,
  title,
  order = 2,
  size = "h4",
}: {
  id: string;
  title: string | null;
  order?: TitleOrder;
  size?: string;
}) {
  const { t } = useTranslation("images");
  const update = useFormMutation(imageUpdateDocument);
  return (
    <InlineTitle
      value={title}
      placeholder={t("untitled")}
      label={t("fields.title")}
      editLabel={t("actions.rename")}
      maxLength={LIMITS.title}
      onStart={update.reset}
      // An emptied title is none (the API's null).
      onSave={async (next) => (await update.submit({ input: { id, title: next || null } })).ok}
      saving={update.fetching}
      error={update.fieldErrors.title ?? update.formError}
      order={order}
      size={size}
      testId="image-title"
      inputTestId="image-title-input"
    />
  );
}
