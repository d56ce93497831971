import {
  Alert,
  Anchor,
  Autocomplete,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp, IconArrowLeft, IconSparkles } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import type { PromptTemplateFieldsFragment } from "@/gql/graphql";
import { formatNumber } from "@/shared/format";
import { useFocusFirstError, useUnsavedChangesGuard } from "@/shared/forms";
import { GenerationProgress, useTemplateGeneration } from "@/shared/generation";
import { mapUserErrors, userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { TemplateBadges } from "../components/TemplateBadges";
import { validKeyPart } from "../lib/search";
import {
  presetOf,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  TEMPERATURE_PRESETS,
  temperatureKey,
} from "../lib/temperature";
import {
  emptyTemplateForm,
  nextVersion,
  templateCreateInput,
  templateToForm,
  templateUnchanged,
  templateUpdateInput,
  type TemplateFormValues,
} from "../lib/templateForm";
import { MAX_TOKENS_LIMIT, tokensToWords } from "../lib/tokens";
import {
  modelsDocument,
  promptTemplateCreateDocument,
  promptTemplateDocument,
  promptTemplateListDocument,
  promptTemplateUpdateDocument,
} from "../operations";
import { detailPath, LIST_PATH } from "../paths";

const CUSTOM = "custom";

function useModelOptions(current: string) {
  const { t } = useTranslation("prompt_templates");
  const [{ data }] = useQuery({ query: modelsDocument });
  const ollama = data?.ollama?.nodes.map((m) => m.name) ?? [];
  const openai = data?.openai?.nodes.map((m) => m.name) ?? [];
  const known = new Set([...ollama, ...openai]);
  const groups = [
    { group: t("editor.modelGroup.OLLAMA"), items: ollama },
    { group: t("editor.modelGroup.OPENAI"), items: openai },
  ].filter((g) => g.items.length);
  if (current && !known.has(current))
    groups.unshift({ group: t("editor.modelGroup.current"), items: [current] });
  return groups;
}

function useCategories(): string[] {
  const [{ data }] = useQuery({
    query: promptTemplateListDocument,
    variables: { first: 100, filter: { activeOnly: false } },
  });
  return [...new Set(data?.promptTemplates.nodes.map((n) => n.category) ?? [])].sort();
}

/** A condition with an "Improve with AI" button (prompt_engineering/improve_condition) and one level of undo. */
function ConditionField({
  label,
  description,
  name,
  form,
}: {
  label: string;
  description: string;
  name: "preCondition" | "postCondition";
  form: ReturnType<typeof useForm<TemplateFormValues>>;
}) {
  const { t } = useTranslation("prompt_templates");
  const ai = useTemplateGeneration();
  const [before, setBefore] = useState<string | null>(null);
  const value = form.values[name];
  const improve = async () => {
    const previous = value;
    const text = await ai.run({
      category: "prompt_engineering",
      action: "improve_condition",
      inputText: value,
    });
    if (text === null || !text.trim()) return;
    setBefore(previous);
    form.setFieldValue(name, text.trim());
  };
  return (
    <Stack gap={6}>
      <Textarea
        label={label}
        description={description}
        autosize
        minRows={5}
        maxRows={16}
        required
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
        {...form.getInputProps(name)}
      />
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconSparkles size={14} />}
          disabled={!value.trim() || ai.running}
          onClick={() => void improve()}
        >
          {t("editor.improve")}
        </Button>
        {before !== null && !ai.running && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconArrowBackUp size={14} />}
            onClick={() => {
              form.setFieldValue(name, before);
              setBefore(null);
            }}
          >
            {t("editor.undoImprove")}
          </Button>
        )}
      </Group>
      <GenerationProgress generation={ai} label={t("editor.improving")} />
    </Stack>
  );
}

function TemplateEditor({
  template,
  initial,
}: {
  template?: PromptTemplateFieldsFragment;
  initial: TemplateFormValues;
}) {
  const { t } = useTranslation("prompt_templates");
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const creating = !template;
  const form = useForm<TemplateFormValues>({
    initialValues: initial,
    validate: creating
      ? {
          category: (v) => (v.trim() && !validKeyPart(v.trim()) ? t("editor.keyRule") : null),
          action: (v) => (v.trim() && !validKeyPart(v.trim()) ? t("editor.keyRule") : null),
        }
      : undefined,
  });
  const create = useFormMutation(promptTemplateCreateDocument);
  const update = useFormMutation(promptTemplateUpdateDocument);
  const mutation = creating ? create : update;
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const models = useModelOptions(form.values.model);
  const categories = useCategories();

  const dirty = creating
    ? JSON.stringify(form.values) !== JSON.stringify(initial)
    : !templateUnchanged(initial, form.values);
  useUnsavedChangesGuard(dirty && leaveTo === null);
  useEffect(() => {
    if (leaveTo !== null) navigate(leaveTo);
  }, [leaveTo, navigate]);
  useHotkeys([["mod+S", () => formRef.current?.requestSubmit()]], []);

  const showErrors = (errors: readonly UserErrorLike[]) => {
    form.setErrors(mapUserErrors(errors, (e) => userErrorText(e, t)).fieldErrors);
    if (errors.length) focusError();
  };

  const onSubmit = form.onSubmit(async (values) => {
    if (template) {
      const input = templateUpdateInput(initial, values);
      if (Object.keys(input).length === 2) {
        setLeaveTo(detailPath(template));
        return;
      }
      const { ok, data } = await update.submit({ input });
      if (data) showErrors(data.promptTemplateUpdate.userErrors);
      const saved = data?.promptTemplateUpdate.promptTemplate;
      if (ok && saved) {
        notifications.show({ color: "green", message: t("editor.saved", { version: saved.version }) });
        setLeaveTo(detailPath(saved));
      }
    } else {
      const { ok, data } = await create.submit({ input: templateCreateInput(values) });
      if (data) showErrors(data.promptTemplateCreate.userErrors);
      const saved = data?.promptTemplateCreate.promptTemplate;
      if (ok && saved) {
        notifications.show({ color: "green", message: t("editor.created") });
        setLeaveTo(detailPath(saved));
      }
    }
  }, focusError); // a field the form itself refuses (category, action) gets the focus too

  const values = form.values;
  const temperature =
    typeof values.temperature === "number" ? values.temperature : Number(values.temperature);
  const hasTemperature = values.temperature !== "" && Number.isFinite(temperature);
  const preset = hasTemperature ? presetOf(temperature) : null;
  const tempKey = hasTemperature ? temperatureKey(temperature) : null;
  const words = tokensToWords(
    typeof values.maxTokens === "number" ? values.maxTokens : Number(values.maxTokens),
  );
  const back = template ? detailPath(template) : LIST_PATH;
  const heading = template ? `${template.category}/${template.action}` : t("editor.newTitle");

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={heading}>
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Stack gap={0}>
            <Anchor component={Link} to={back} size="sm">
              <Group gap={4}>
                <IconArrowLeft size={14} />
                {t("editor.back")}
              </Group>
            </Anchor>
            <Group gap="sm">
              <Title order={1} size="h2" ff={template ? "monospace" : undefined}>
                {heading}
              </Title>
              {template && <TemplateBadges template={template} />}
            </Group>
            {template && (
              <Text size="sm" c="dimmed">
                {t("editor.versionHint", { version: template.version, next: nextVersion(template.version) })}
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            {dirty && (
              <Text size="sm" c="dimmed" role="status">
                {t("editor.unsaved")}
              </Text>
            )}
            <Button variant="default" onClick={() => navigate(back)}>
              {t("common:actions.cancel")}
            </Button>
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
          <Grid.Col span={8}>
            <Stack gap="md">
              {creating && (
                <Group grow align="flex-start">
                  <Autocomplete
                    label={t("fields.category")}
                    description={t("editor.keyRule")}
                    data={categories}
                    required
                    data-autofocus
                    {...form.getInputProps("category")}
                  />
                  <TextInput
                    label={t("fields.action")}
                    description={t("editor.keyRule")}
                    required
                    {...form.getInputProps("action")}
                  />
                </Group>
              )}
              <Textarea
                label={t("fields.description")}
                autosize
                minRows={1}
                maxRows={4}
                {...form.getInputProps("description")}
              />
              <ConditionField
                form={form}
                name="preCondition"
                label={t("fields.preCondition")}
                description={t("editor.preHint")}
              />
              <ConditionField
                form={form}
                name="postCondition"
                label={t("fields.postCondition")}
                description={t("editor.postHint")}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={4}>
            <Paper withBorder p="md" radius="md" component="fieldset" style={{ margin: 0 }}>
              <Text component="legend" size="sm" fw={600} px={4}>
                {t("editor.settings")}
              </Text>
              <Stack gap="md">
                <Select
                  label={t("fields.model")}
                  data={models}
                  searchable
                  nothingFoundMessage={t("editor.noModel")}
                  placeholder={t("editor.modelPlaceholder")}
                  {...form.getInputProps("model")}
                  value={values.model || null}
                  onChange={(value) => form.setFieldValue("model", value ?? "")}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="temperature-presets">
                    {t("fields.temperature")}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="temperature-presets"
                    orientation="vertical"
                    fullWidth
                    value={preset !== null ? String(preset) : CUSTOM}
                    onChange={(value) => {
                      if (value !== CUSTOM) form.setFieldValue("temperature", Number(value));
                    }}
                    data={[
                      ...TEMPERATURE_PRESETS.map((p) => ({
                        value: String(p.value),
                        label: `${formatNumber(p.value)} · ${t(`temperature.${p.key}`)}`,
                      })),
                      { value: CUSTOM, label: t("editor.customTemperature"), disabled: true },
                    ]}
                  />
                  <NumberInput
                    aria-label={t("editor.temperatureValue")}
                    description={tempKey ? t(`temperature.${tempKey}`) : undefined}
                    min={TEMPERATURE_MIN}
                    max={TEMPERATURE_MAX}
                    step={0.05}
                    decimalScale={2}
                    {...form.getInputProps("temperature")}
                  />
                </Stack>
                <NumberInput
                  label={t("fields.maxTokens")}
                  description={words !== null ? t("list.words", { count: words }) : undefined}
                  min={1}
                  max={MAX_TOKENS_LIMIT}
                  step={16}
                  allowDecimal={false}
                  thousandSeparator
                  {...form.getInputProps("maxTokens")}
                />
                <Switch
                  label={t("fields.active")}
                  description={t("editor.activeHint")}
                  {...form.getInputProps("active", { type: "checkbox" })}
                />
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" gap="xs">
          <Text size="xs" c="dimmed">
            {t("editor.saveHint")}
          </Text>
          <Button type="submit" loading={mutation.fetching}>
            {t("common:actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditTemplate({ category, action }: { category: string; action: string }) {
  const { t } = useTranslation("prompt_templates");
  const [{ data, fetching, error }] = useQuery({
    query: promptTemplateDocument,
    variables: { category, action },
  });
  const template = data?.promptTemplate ?? null;
  // The form starts from the template as first loaded; a later refresh of the query does not reset it.
  const [start, setStart] = useState<{
    template: PromptTemplateFieldsFragment;
    initial: TemplateFormValues;
  } | null>(null);
  if (template && start === null) setStart({ template, initial: templateToForm(template) });

  if (start) return <TemplateEditor template={start.template} initial={start.initial} />;
  if (fetching || (!data && !error))
    return (
      <Center h="50vh">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  return (
    <Stack maw={600}>
      <Alert color={error ? "red" : "yellow"} role="alert">
        {error ? t("common:status.error") : t("detail.notFound")}
      </Alert>
      <Group>
        <Button component={Link} to={LIST_PATH} variant="default">
          {t("editor.back")}
        </Button>
      </Group>
    </Stack>
  );
}

/** /prompt-templates/new and /prompt-templates/:category/:action/edit. */
export default function PromptTemplateEditorPage() {
  const { category, action } = useParams();
  if (category && action)
    return <EditTemplate key={`${category}/${action}`} category={category} action={action} />;
  return <TemplateEditor key="new" initial={emptyTemplateForm()} />;
}
