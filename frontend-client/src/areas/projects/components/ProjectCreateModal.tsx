import { Alert, Button, Group, Modal, Stack, TagsInput, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { cleanTags } from "@/areas/sketches/public";
import { CharCount, useFocusFirstError } from "@/shared/forms";
import { mapUserErrors } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { LIMITS } from "../lib/list";
import { projectCreateDocument } from "../operations";
import { useProjectErrorText } from "./errors";

interface Values {
  name: string;
  tags: string[];
  description: string;
}

/** A new project (name, tags, description); it starts with its ten folders. Resolves with its id. */
export function ProjectCreateModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  onCreated(id: string): void;
}) {
  const { t } = useTranslation("projects");
  const errorText = useProjectErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const create = useFormMutation(projectCreateDocument);
  const form = useForm<Values>({ initialValues: { name: "", tags: [], description: "" } });

  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    if (!values.name.trim()) {
      form.setErrors({ name: t("create.nameRequired") });
      focusError();
      return;
    }
    const { ok, data } = await create.submit({
      input: {
        name: values.name.trim(),
        tags: cleanTags(values.tags),
        description: values.description.trim() || null,
      },
    });
    const payload = data?.projectCreate;
    if (payload?.userErrors.length) {
      form.setErrors(mapUserErrors(payload.userErrors, errorText).fieldErrors);
      focusError();
    }
    if (ok && payload?.project) {
      form.reset();
      onCreated(payload.project.id);
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("create.title")}
      closeButtonProps={{ "aria-label": t("common:actions.close") }}
      centered
    >
      <form ref={formRef} onSubmit={submit} noValidate aria-label={t("create.title")}>
        <Stack gap="sm">
          <TextInput
            label={t("fields.name")}
            description={<CharCount value={form.values.name} max={LIMITS.name} />}
            required
            data-autofocus
            maxLength={LIMITS.name}
            {...form.getInputProps("name")}
          />
          <TagsInput
            label={t("fields.tags")}
            placeholder={form.values.tags.length ? undefined : t("fields.tagsPlaceholder")}
            splitChars={[","]}
            acceptValueOnBlur
            clearable
            {...form.getInputProps("tags")}
          />
          <Textarea
            label={t("fields.description")}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={LIMITS.description}
            {...form.getInputProps("description")}
          />
          <Alert color="gray" variant="light">
            {t("create.folders")}
          </Alert>
          {create.formError && (
            <Alert color="red" role="alert">
              {create.formError}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" loading={create.fetching}>
              {t("create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
