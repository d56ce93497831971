import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconCopy, IconTrash } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import type { EquipmentType, LicenseManagement } from "@/gql/graphql";
import { CharCount, useFocusFirstError, useUnsavedChangesGuard } from "@/shared/forms";
import { mapUserErrors, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import { Loading } from "@/shared/layout/Loading";
import { SecretInput } from "../components/SecretInput";
import { useEquipmentActions } from "../components/useEquipmentActions";
import {
  createInput,
  emptyForm,
  isUnchanged,
  LICENSE_MANAGEMENTS,
  LIMITS,
  STATUSES,
  toForm,
  TYPES,
  updateInput,
  type EquipmentFormValues,
} from "../lib/form";
import { equipmentCreateDocument, equipmentItemDocument, equipmentUpdateDocument } from "../operations";
import { editPath, LIST_PATH } from "../paths";

const NONE = "none";

function EquipmentEditor({
  id,
  name,
  initial,
}: {
  id?: string;
  name?: string;
  initial: EquipmentFormValues;
}) {
  const { t } = useTranslation("equipment");
  const navigate = useNavigate();
  const errorText = useUserErrorText("equipment");
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const form = useForm<EquipmentFormValues>({ initialValues: initial });
  const create = useFormMutation(equipmentCreateDocument);
  const update = useFormMutation(equipmentUpdateDocument);
  const mutation = id ? update : create;
  const actions = useEquipmentActions();
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const [saved, setSaved] = useState(initial);

  const dirty = !isUnchanged(saved, form.values);
  useUnsavedChangesGuard(dirty && leaveTo === null);
  useEffect(() => {
    if (leaveTo !== null) navigate(leaveTo);
  }, [leaveTo, navigate]);
  useHotkeys([["mod+S", () => formRef.current?.requestSubmit()]], []);

  const showErrors = (errors: readonly UserErrorLike[]) => {
    form.setErrors(mapUserErrors(errors, errorText).fieldErrors);
    if (errors.length) focusError();
  };

  const onSubmit = form.onSubmit(async (values) => {
    if (id) {
      const input = updateInput(id, saved, values);
      if (Object.keys(input).length === 1) {
        notifications.show({ color: "gray", message: t("editor.nothingChanged") });
        return;
      }
      const { ok, data } = await update.submit({ input });
      if (data) showErrors(data.equipmentUpdate.userErrors);
      const item = data?.equipmentUpdate.equipment;
      if (ok && item) {
        const next = toForm(item, item.secrets);
        setSaved(next);
        form.setValues(next);
        form.resetDirty(next);
        notifications.show({ color: "green", message: t("editor.saved") });
      }
    } else {
      const { ok, data } = await create.submit({ input: createInput(values) });
      if (data) showErrors(data.equipmentCreate.userErrors);
      const item = data?.equipmentCreate.equipment;
      if (ok && item) {
        notifications.show({ color: "green", message: t("editor.created", { name: item.name }) });
        setLeaveTo(editPath(item.id));
      }
    }
  });

  const values = form.values;
  const management = values.licenseManagement;
  const field = (key: keyof EquipmentFormValues) => form.getInputProps(key);

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={id ? t("editor.editTitle") : t("editor.newTitle")}
    >
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Stack gap={0}>
            <Anchor component={Link} to={LIST_PATH} size="sm">
              <Group gap={4}>
                <IconArrowLeft size={14} />
                {t("editor.back")}
              </Group>
            </Anchor>
            <Title order={1} size="h2">
              {id ? t("editor.editNamed", { name }) : t("editor.newTitle")}
            </Title>
          </Stack>
          <Group gap="xs">
            {dirty && (
              <Text size="sm" c="dimmed" role="status">
                {t("editor.unsaved")}
              </Text>
            )}
            {id && (
              <>
                <Button
                  variant="default"
                  leftSection={<IconCopy size={16} />}
                  onClick={() =>
                    void actions.duplicate({ id, name: name ?? "" }).then((copy) => {
                      if (copy) setLeaveTo(editPath(copy));
                    })
                  }
                  title={t("actions.duplicateHint")}
                >
                  {t("actions.duplicate")}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={() =>
                    void actions.remove({ id, name: name ?? "" }).then((deleted) => {
                      if (deleted) setLeaveTo(LIST_PATH);
                    })
                  }
                >
                  {t("common:actions.delete")}
                </Button>
              </>
            )}
            <Button type="submit" loading={mutation.fetching}>
              {t("common:actions.save")}
            </Button>
          </Group>
        </Group>
        {mutation.formError && (
          <Alert color="red" role="alert">
            {mutation.formError}
          </Alert>
        )}

        <Grid gutter="lg" align="flex-start">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder p="md" radius="md">
              <Stack gap="sm">
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    {t("fields.type")}
                  </Text>
                  <SegmentedControl
                    value={values.type}
                    onChange={(value) => form.setFieldValue("type", value as EquipmentType)}
                    data={TYPES.map((value) => ({ value, label: t(`type.${value}`) }))}
                    disabled={!!id}
                    aria-label={t("fields.type")}
                  />
                  {id && (
                    <Text size="xs" c="dimmed">
                      {t("editor.typeFixed")}
                    </Text>
                  )}
                </Stack>
                <TextInput
                  label={t("fields.name")}
                  required
                  data-autofocus
                  maxLength={LIMITS.name}
                  description={<CharCount value={values.name} max={LIMITS.name} />}
                  {...field("name")}
                />
                <Group grow>
                  <TextInput label={t("fields.version")} maxLength={LIMITS.version} {...field("version")} />
                  <Select
                    label={t("fields.status")}
                    value={values.status}
                    allowDeselect={false}
                    onChange={(value) =>
                      value && form.setFieldValue("status", value as EquipmentFormValues["status"])
                    }
                    data={STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
                    error={form.errors.status}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Group>
                <TextInput
                  label={t("fields.manufacturer")}
                  maxLength={LIMITS.manufacturer}
                  {...field("manufacturer")}
                />
                <TextInput
                  label={t("fields.url")}
                  description={t("fields.urlHint")}
                  maxLength={LIMITS.url}
                  {...field("url")}
                />
                <TagsInput
                  label={t("fields.softwareTags")}
                  splitChars={[","]}
                  acceptValueOnBlur
                  clearable
                  {...field("softwareTags")}
                />
                <TagsInput
                  label={t("fields.pluginTags")}
                  splitChars={[","]}
                  acceptValueOnBlur
                  clearable
                  {...field("pluginTags")}
                />
                <Textarea
                  label={t("fields.description")}
                  autosize
                  minRows={3}
                  maxRows={10}
                  maxLength={LIMITS.text}
                  {...field("description")}
                />
                <Textarea
                  label={t("fields.systemRequirements")}
                  autosize
                  minRows={2}
                  maxRows={8}
                  maxLength={LIMITS.text}
                  {...field("systemRequirements")}
                />
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder p="md" radius="md" component="section" aria-label={t("editor.access")}>
              <Stack gap="sm">
                <Title order={2} size="h5">
                  {t("editor.access")}
                </Title>
                <Text size="xs" c="dimmed">
                  {t("secrets.hint")}
                </Text>
                <TextInput label={t("fields.username")} maxLength={LIMITS.username} {...field("username")} />
                <SecretInput
                  label={t("fields.password")}
                  value={values.password}
                  onChange={(v) => form.setFieldValue("password", v)}
                  error={form.errors.password}
                  maxLength={LIMITS.password}
                  testId="secret-password"
                />
                <Select
                  label={t("fields.licenseManagement")}
                  description={t("license.rules")}
                  value={management || NONE}
                  allowDeselect={false}
                  onChange={(value) =>
                    form.setFieldValue(
                      "licenseManagement",
                      !value || value === NONE ? "" : (value as LicenseManagement),
                    )
                  }
                  data={[
                    { value: NONE, label: t("license.none") },
                    ...LICENSE_MANAGEMENTS.map((value) => ({ value, label: t(`license.${value}`) })),
                  ]}
                  error={form.errors.licenseManagement}
                  comboboxProps={{ withinPortal: true }}
                />
                {(management === "LICENSE_KEY" || values.licenseKey || form.errors.licenseKey) && (
                  <SecretInput
                    label={t("fields.licenseKey")}
                    value={values.licenseKey}
                    onChange={(v) => form.setFieldValue("licenseKey", v)}
                    error={form.errors.licenseKey}
                    maxLength={LIMITS.licenseKey}
                    testId="secret-license-key"
                  />
                )}
                {(management === "OTHER" || values.licenseDescription || form.errors.licenseDescription) && (
                  <Textarea
                    label={t("fields.licenseDescription")}
                    autosize
                    minRows={2}
                    maxRows={6}
                    maxLength={LIMITS.text}
                    {...field("licenseDescription")}
                  />
                )}
                <Group grow align="flex-start">
                  <TextInput type="date" label={t("fields.purchaseDate")} {...field("purchaseDate")} />
                  <SecretInput
                    label={t("fields.price")}
                    description={t("fields.priceHint")}
                    value={values.price}
                    onChange={(v) => form.setFieldValue("price", v)}
                    error={form.errors.price}
                    maxLength={LIMITS.price}
                    testId="secret-price"
                  />
                </Group>
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      </Stack>
    </form>
  );
}

/** /equipment/new, and /equipment/:id with the item's secrets read for this one item. */
export default function EquipmentEditorPage() {
  const { t } = useTranslation("equipment");
  const { id } = useParams();
  const [{ data, error, fetching }] = useQuery({
    query: equipmentItemDocument,
    variables: { id: id ?? "" },
    pause: !id,
    requestPolicy: "network-only",
  });
  if (!id) return <EquipmentEditor key="new" initial={emptyForm()} />;
  const item = data?.node?.__typename === "Equipment" ? data.node : null;
  if (!item) {
    if (data && !fetching) {
      return (
        <Stack gap="md">
          <Anchor component={Link} to={LIST_PATH} size="sm">
            {t("editor.back")}
          </Anchor>
          <Alert color="gray" role="alert">
            {t("editor.notFound")}
          </Alert>
        </Stack>
      );
    }
    return <Loading error={error} />;
  }
  return <EquipmentEditor key={item.id} id={item.id} name={item.name} initial={toForm(item, item.secrets)} />;
}
