import { Alert, Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconEdit } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SongUpdateInput, SongWorkflow } from "@/gql/graphql";
import { useFocusFirstError } from "@/shared/forms";
import { mapUserErrors } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { cleanTags, metaUpdate, type SongMeta } from "../lib/meta";
import { LIMITS } from "../lib/songForm";
import { songUpdateDocument } from "../operations";
import { WORKFLOWS } from "./badges";
import { useSongErrorText } from "./errors";

const NONE = "none";

function MetaForm({ id, meta, onDone }: { id: string; meta: SongMeta; onDone(): void }) {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const form = useForm<SongMeta>({ initialValues: meta });
  const update = useFormMutation(songUpdateDocument);

  const onSubmit = form.onSubmit(async (values) => {
    if (!values.title.trim()) {
      form.setErrors({ title: t("validation.required") });
      focusError();
      return;
    }
    if (values.title.trim().length > LIMITS.title) {
      form.setErrors({ title: t("validation.tooLong", { max: LIMITS.title }) });
      focusError();
      return;
    }
    const changes = metaUpdate(meta, values);
    if (!Object.keys(changes).length) {
      onDone();
      return;
    }
    const input: SongUpdateInput = { id, ...changes };
    const { ok, data } = await update.submit({ input });
    const errors = data?.songUpdate.userErrors ?? [];
    if (errors.length) {
      form.setErrors(mapUserErrors(errors, errorText).fieldErrors);
      focusError();
    }
    if (ok) {
      notifications.show({ color: "green", message: t("meta.saved") });
      onDone();
    }
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t("meta.title")}>
      <Stack gap="sm">
        {update.formError && (
          <Alert color="red" role="alert">
            {update.formError}
          </Alert>
        )}
        <TextInput
          label={t("fields.title")}
          required
          data-autofocus
          description={t("form.count", { count: form.values.title.trim().length, max: LIMITS.title })}
          {...form.getInputProps("title")}
        />
        <TagsInput
          label={t("fields.tags")}
          description={t("meta.tagsHint")}
          placeholder={form.values.tags.length ? undefined : t("meta.tagsPlaceholder")}
          value={form.values.tags}
          onChange={(tags) => form.setFieldValue("tags", cleanTags(tags))}
          error={form.errors.tags}
          splitChars={[","]}
          acceptValueOnBlur
          clearable
        />
        <Select
          label={t("fields.workflow")}
          description={t("meta.workflowHint")}
          value={form.values.workflow ?? NONE}
          onChange={(value) =>
            form.setFieldValue("workflow", !value || value === NONE ? null : (value as SongWorkflow))
          }
          allowDeselect={false}
          data={[
            { value: NONE, label: t("workflow.none") },
            ...WORKFLOWS.map((w) => ({ value: w, label: t(`workflow.${w}`) })),
          ]}
          error={form.errors.workflow}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={update.fetching}>
            {t("common:actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Edit details": title, tags and workflow of a song, in a dialog. */
export function SongMetaEditor({
  id,
  meta,
  size = "xs",
}: {
  id: string;
  meta: SongMeta;
  size?: "xs" | "sm";
}) {
  const { t } = useTranslation("songs");
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size={size}
        leftSection={<IconEdit size={16} />}
        onClick={() => setOpened(true)}
      >
        {t("meta.edit")}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t("meta.title")} centered>
        {opened && <MetaForm id={id} meta={meta} onDone={() => setOpened(false)} />}
        <Text size="xs" c="dimmed" mt="sm">
          {t("meta.note")}
        </Text>
      </Modal>
    </>
  );
}
