import type { TitleOrder } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { InlineTitle } from "@/shared/forms";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { LIMITS } from "../lib/list";
import { projectUpdateDocument } from "../operations";

/** A project's name, renamed in place (projectUpdate; nothing moves in storage). */
export function ProjectName({
  id,
  name,
  order = 2,
  size = "h4",
}: {
  id: string;
  name: string;
  order?: TitleOrder;
  size?: string;
}) {
  const { t } = useTranslation("projects");
  const update = useFormMutation(projectUpdateDocument);
  return (
    <InlineTitle
      value={name}
      placeholder={name}
      label={t("fields.name")}
      editLabel={t("actions.rename")}
      maxLength={LIMITS.name}
      onStart={update.reset}
      onSave={async (next) => (await update.submit({ input: { id, name: next } })).ok}
      saving={update.fetching}
      error={update.fieldErrors.name ?? update.formError}
      order={order}
      size={size}
      testId="project-name"
      inputTestId="project-name-input"
    />
  );
}
