import { useTranslation } from "react-i18next";
import { InlineTitle as EditableTitle } from "@/shared/forms";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { ConversationUpdateDocument } from "../operations";

/** The conversation's title; the pencil (or a double click) turns it into a field: Enter saves, Escape cancels. */
export function InlineTitle({ id, title }: { id: string; title: string | null }) {
  const { t } = useTranslation("chat");
  const update = useFormMutation(ConversationUpdateDocument);
  return (
    <EditableTitle
      value={title}
      placeholder={t("list.untitled")}
      label={t("title.label")}
      editLabel={t("title.rename")}
      maxLength={255}
      onStart={update.reset}
      onSave={async (next) => (await update.submit({ input: { id, title: next } })).ok}
      saving={update.fetching}
      error={update.fieldErrors.title ?? update.formError}
      testId="conversation-title"
      inputTestId="title-input"
    />
  );
}
