import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  IconArrowBackUp,
  IconLanguage,
  IconPhoto,
  IconPlayerStop,
  IconSparkles,
  IconTextCaption,
  IconWand,
} from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { cleanTitle } from "@/areas/sketches/public";
import type { ImagePromptTool } from "@/gql/graphql";
import { CharCount, useFocusFirstError, useResultInAddress } from "@/shared/forms";
import { AiTitleField } from "@/shared/generation";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { GeneratorLayout } from "@/shared/layout/GeneratorLayout";
import { useImageErrorText } from "../components/errors";
import { ImageDetail } from "../components/ImageDetail";
import { ImagesTabs } from "../components/ImagesTabs";
import { usePromptTool } from "../components/usePromptTool";
import { useStyleLabel, useStyleOptions } from "../components/styleOptions";
import {
  AUTO,
  checkImageForm,
  createInput,
  effectiveEnhance,
  ENHANCE_MODES,
  errorField,
  isCover,
  LIMITS,
  loadPreferences,
  NOT_FOR_COVERS,
  preferencesOf,
  QUALITIES,
  savePreferences,
  SIZES,
  STYLE_OPTIONS,
  STYLES,
  withCoverRules,
  type ImageFieldProblem,
  type ImageFormValues,
  type StyleOptionName,
} from "../lib/generatorForm";
import { imageCreateDocument } from "../operations";
import { NEW_PATH } from "../paths";

/** A labelled segmented control (Mantine's has no label of its own). */
function Segments<T extends string>({
  id,
  label,
  value,
  values,
  labelOf,
  onChange,
  disabled,
  hint,
}: {
  id: string;
  label: string;
  value: T;
  values: readonly T[];
  labelOf(value: T): string;
  onChange(value: T): void;
  disabled?: boolean;
  hint?: string | null;
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        value={value}
        onChange={(next) => onChange(next as T)}
        data={values.map((v) => ({ value: v, label: labelOf(v) }))}
        disabled={disabled}
        size="xs"
        style={{ alignSelf: "flex-start" }}
      />
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

type PromptTool = Exclude<ImagePromptTool, "TITLE">;
const PROMPT_TOOLS: { tool: PromptTool; icon: typeof IconSparkles }[] = [
  { tool: "ENHANCE", icon: IconSparkles },
  { tool: "TRANSLATE", icon: IconLanguage },
  { tool: "INTERPRET_LYRICS", icon: IconTextCaption },
];

function Generator({ imageId }: { imageId: string | null }) {
  const { t } = useTranslation("images");
  const errorText = useImageErrorText();
  const styleLabel = useStyleLabel();
  const options = useStyleOptions();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const form = useForm<ImageFormValues>({
    initialValues: { prompt: "", title: "", ...loadPreferences() },
  });
  const create = useFormMutation(imageCreateDocument);
  const tool = usePromptTool();
  const [generated, setGenerated] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // The prompt before the last tool rewrote it: Undo puts it back.
  const [undo, setUndo] = useState<{ tool: PromptTool; text: string } | null>(null);

  const values = form.values;
  const cover = isCover(values);

  // The look (size, quality, styles, enhance) is remembered in this browser for the next image.
  const prefs = JSON.stringify(preferencesOf(values));
  useEffect(() => savePreferences(JSON.parse(prefs)), [prefs]);

  const dirty = !!values.prompt.trim() && values.prompt.trim() !== generated;
  const show = useResultInAddress("image", imageId, dirty);

  /** Changes the look with the album cover's rules applied. */
  const setLook = (changes: Partial<ImageFormValues>) =>
    form.setValues(withCoverRules({ ...values, ...changes }));

  const problemText = (field: string, problem: ImageFieldProblem): string =>
    problem.code === "REQUIRED"
      ? t(`validation.${field}Required`)
      : t("validation.tooLong", { max: problem.max, length: problem.length });

  const onSubmit = form.onSubmit(async (submitted) => {
    setFormError(null);
    const problems = Object.entries(checkImageForm(submitted)) as [string, ImageFieldProblem][];
    if (problems.length) {
      form.setErrors(Object.fromEntries(problems.map(([field, p]) => [field, problemText(field, p)])));
      focusError();
      return;
    }
    const { data } = await create.submit({ input: createInput(submitted) });
    const payload = data?.imageCreate;
    if (!payload) return;
    const fieldErrors: Record<string, string> = {};
    const general: string[] = [];
    for (const error of payload.userErrors) {
      const field = errorField(error.field);
      if (field && field in values) fieldErrors[field] ??= errorText(error);
      else general.push(errorText(error));
    }
    if (Object.keys(fieldErrors).length) {
      form.setErrors(fieldErrors);
      focusError();
    }
    if (general.length) setFormError(general.join(" "));
    if (payload.image) {
      setGenerated(submitted.prompt.trim());
      setUndo(null);
      show(payload.image.id);
    }
  });

  const streaming = tool.running && tool.target === "prompt";
  const runTool = async (which: PromptTool) => {
    const before = values.prompt;
    const text = await tool.run(
      { tool: which, text: before, composition: values.composition, enhance: values.enhance },
      "prompt",
    );
    if (text === null) return;
    form.setFieldValue("prompt", text.trim());
    form.clearFieldError("prompt");
    setUndo({ tool: which, text: before });
  };
  const writeTitle = async () => {
    const text = await tool.run(
      { tool: "TITLE", text: values.prompt, composition: values.composition, enhance: values.enhance },
      "title",
    );
    if (text !== null) form.setFieldValue("title", cleanTitle(text).slice(0, LIMITS.title).trim());
  };
  const hasPrompt = !!values.prompt.trim();

  const styleSelect = (option: StyleOptionName) => {
    const field = STYLE_OPTIONS[option];
    return (
      <Select
        key={option}
        label={t(`styleOption.${option}`)}
        value={values[field]}
        allowDeselect={false}
        onChange={(value) => setLook({ [field]: value ?? AUTO })}
        data={[AUTO, ...options[option]].map((value) => ({
          value,
          label: styleLabel(option, value),
          disabled: cover && option === "artistic_style" && value === NOT_FOR_COVERS,
        }))}
        error={form.errors[field]}
        comboboxProps={{ withinPortal: true }}
      />
    );
  };

  return (
    <GeneratorLayout
      resultLabel={t("generator.resultLabel")}
      emptyIcon={<IconPhoto size={36} stroke={1.3} />}
      emptyText={t("generator.resultEmpty")}
      result={imageId && <ImageDetail key={imageId} id={imageId} variant="generator" />}
      form={
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t("generator.title")}>
          <Stack gap="sm">
            <Stack gap={6}>
              <Textarea
                label={t("fields.prompt")}
                description={
                  <>
                    {t("form.promptHint")} · <CharCount value={values.prompt} max={LIMITS.prompt} />
                  </>
                }
                required
                autosize
                minRows={4}
                maxRows={12}
                data-autofocus
                {...form.getInputProps("prompt")}
                value={streaming ? tool.text : values.prompt}
                readOnly={streaming}
                aria-busy={streaming}
              />
              <Group gap="xs" wrap="wrap">
                {PROMPT_TOOLS.map(({ tool: which, icon: Icon }) => (
                  <Button
                    key={which}
                    variant="light"
                    size="xs"
                    leftSection={<Icon size={14} />}
                    onClick={() => void runTool(which)}
                    disabled={!hasPrompt || tool.running}
                    title={hasPrompt ? t(`tools.${which}.hint`) : t("tools.needsText")}
                  >
                    {t(`tools.${which}.label`)}
                  </Button>
                ))}
                {undo && !streaming && (
                  <Button
                    variant="subtle"
                    size="xs"
                    color="gray"
                    leftSection={<IconArrowBackUp size={14} />}
                    onClick={() => {
                      form.setFieldValue("prompt", undo.text);
                      setUndo(null);
                    }}
                  >
                    {t("tools.undo", { tool: t(`tools.${undo.tool}.label`) })}
                  </Button>
                )}
              </Group>
              {streaming && (
                <Paper withBorder p="xs" radius="sm" role="status" bg="var(--mantine-color-gray-light)">
                  <Group gap="xs" wrap="nowrap">
                    <Loader size="xs" aria-hidden />
                    <Text size="sm" style={{ flex: 1 }}>
                      {t("tools.writing")}
                    </Text>
                    <Button
                      size="compact-xs"
                      variant="default"
                      leftSection={<IconPlayerStop size={12} />}
                      onClick={tool.cancel}
                    >
                      {t("tools.stop")}
                    </Button>
                  </Group>
                </Paper>
              )}
              {tool.phase === "failed" && tool.target === "prompt" && (
                <Alert color="red" role="alert" p="xs" title={t("tools.failed")}>
                  {tool.error}
                </Alert>
              )}
            </Stack>

            <AiTitleField
              input={{
                label: t("fields.title"),
                description: (
                  <>
                    {cover ? t("form.coverTitleHint") : t("form.titleHint")} ·{" "}
                    <CharCount value={values.title} max={LIMITS.title} />
                  </>
                ),
                ...form.getInputProps("title"),
              }}
              generation={tool}
              onGenerate={() => void writeTitle()}
              hasSource={hasPrompt}
              buttonLabel={t("form.aiTitle")}
              needsSourceHint={t("form.aiTitleNeedsText")}
              progressLabel={t("form.writingTitle")}
            />

            <Fieldset legend={t("form.look")} radius="md" p="sm">
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
                  {(Object.keys(STYLE_OPTIONS) as StyleOptionName[]).map(styleSelect)}
                </SimpleGrid>
                {cover && (
                  <Alert color="blue" variant="light" p="xs" data-testid="cover-note">
                    {t("form.coverNote")}
                  </Alert>
                )}
                <Segments
                  id="image-size"
                  label={t("fields.size")}
                  value={values.size}
                  values={SIZES}
                  labelOf={(v) => t(`size.${v}`)}
                  onChange={(size) => setLook({ size })}
                  disabled={cover}
                />
                <Group gap="xl" align="flex-start" wrap="wrap">
                  <Segments
                    id="image-quality"
                    label={t("fields.quality")}
                    value={values.quality}
                    values={QUALITIES}
                    labelOf={(v) => t(`quality.${v}`)}
                    onChange={(quality) => setLook({ quality })}
                  />
                  <Segments
                    id="image-style"
                    label={t("fields.style")}
                    value={values.style}
                    values={STYLES}
                    labelOf={(v) => t(`style.${v}`)}
                    onChange={(style) => setLook({ style })}
                  />
                </Group>
                <Select
                  label={t("fields.enhance")}
                  description={t(`enhance.effective.${effectiveEnhance(values)}`)}
                  value={values.enhance}
                  allowDeselect={false}
                  onChange={(value) => value && setLook({ enhance: value as ImageFormValues["enhance"] })}
                  data={ENHANCE_MODES.map((mode) => ({ value: mode, label: t(`enhance.${mode}`) }))}
                  disabled={cover}
                  w={{ base: "100%", sm: 360 }}
                  comboboxProps={{ withinPortal: true }}
                />
              </Stack>
            </Fieldset>

            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <Group gap="sm" align="center" wrap="nowrap">
              <Button
                type="submit"
                leftSection={<IconWand size={18} />}
                loading={create.fetching}
                disabled={streaming}
              >
                {t("generator.generate")}
              </Button>
              <Text size="xs" c="dimmed" style={{ flex: 1 }}>
                {t("generator.billingNote")}
              </Text>
            </Group>
          </Stack>
        </form>
      }
    />
  );
}

/** /images/new: the generator; ?image=<id> shows an image made here (after a reload, too). */
export default function ImageGeneratorPage() {
  const { t } = useTranslation("images");
  const [params] = useSearchParams();
  return (
    <Stack gap="md">
      <ImagesTabs current={NEW_PATH} />
      <Title order={1} size="h2">
        {t("generator.title")}
      </Title>
      <Generator imageId={params.get("image")} />
    </Stack>
  );
}
