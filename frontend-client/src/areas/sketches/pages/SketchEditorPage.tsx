import {
  Alert,
  Anchor,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconMusic, IconSparkles } from "@tabler/icons-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { newSongPath } from "@/areas/songs/public";
import type { SketchFieldsFragment, SketchWorkflow } from "@/gql/graphql";
import { CharCount, useFocusFirstError, useUnsavedChangesGuard } from "@/shared/forms";
import { AiTitleField, GenerationProgress, useTemplateGeneration } from "@/shared/generation";
import { mapUserErrors, userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { InfoTemplateFields } from "../components/InfoTemplateFields";
import { TagChipsInput } from "../components/TagChipsInput";
import {
  cleanTitle,
  createInput,
  emptySketchForm,
  isUnchanged,
  LIMITS,
  sketchToForm,
  splitTags,
  titleSource,
  updateInput,
  type SketchFormValues,
} from "../lib/sketchForm";
import { sketchCreateDocument, sketchDocument, sketchUpdateDocument } from "../operations";
import { detailPath, LIBRARY_PATH } from "../paths";

const WORKFLOWS: SketchWorkflow[] = ["DRAFT", "USED", "ARCHIVED"];

function AiButton({
  onClick,
  disabled,
  children,
  hint,
}: {
  onClick(): void;
  disabled: boolean;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <Button
      variant="light"
      size="xs"
      leftSection={<IconSparkles size={14} />}
      onClick={onClick}
      disabled={disabled}
      title={hint}
    >
      {children}
    </Button>
  );
}

function SketchEditor({ id, initial }: { id?: string; initial: SketchFormValues }) {
  const { t } = useTranslation("sketches");
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const form = useForm<SketchFormValues>({ initialValues: initial });
  const create = useFormMutation(sketchCreateDocument);
  const update = useFormMutation(sketchUpdateDocument);
  const mutation = id ? update : create;
  const ai = useTemplateGeneration();
  const [leaveTo, setLeaveTo] = useState<string | null>(null);

  const dirty = !isUnchanged(initial, form.values);
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
    if (id) {
      const input = updateInput(id, initial, values);
      if (Object.keys(input).length === 1) {
        setLeaveTo(detailPath(id));
        return;
      }
      const { ok, data } = await update.submit({ input });
      if (data) showErrors(data.sketchUpdate.userErrors);
      if (ok && data?.sketchUpdate.sketch) {
        notifications.show({ color: "green", message: t("editor.saved") });
        setLeaveTo(detailPath(id));
      }
    } else {
      const { ok, data } = await create.submit({ input: createInput(values) });
      if (data) showErrors(data.sketchCreate.userErrors);
      const sketch = data?.sketchCreate.sketch;
      if (ok && sketch) {
        notifications.show({ color: "green", message: t("editor.created") });
        setLeaveTo(detailPath(sketch.id));
      }
    }
  });

  const values = form.values;
  const titleFrom = titleSource(values);
  const generate = async (
    target: "title" | "descriptionLong" | "descriptionShort" | "descriptionTags",
    action: string,
    category: string,
    inputText: string,
  ) => {
    const text = await ai.run({ category, action, inputText }, target);
    if (text === null) return;
    if (target === "title") form.setFieldValue("title", cleanTitle(text));
    else if (target === "descriptionTags") form.setFieldValue("descriptionTags", splitTags(text));
    else form.setFieldValue(target, text.trim());
  };
  const lyricsOrPrompt = values.lyrics.trim() || values.prompt.trim();
  const longOrLyrics = values.descriptionLong.trim() || lyricsOrPrompt;

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
            <Anchor component={Link} to={id ? detailPath(id) : LIBRARY_PATH} size="sm">
              <Group gap={4}>
                <IconArrowLeft size={14} />
                {t("editor.back")}
              </Group>
            </Anchor>
            <Title order={1} size="h2">
              {id ? t("editor.editTitle") : t("editor.newTitle")}
            </Title>
          </Stack>
          <Group gap="xs">
            {dirty && (
              <Text size="sm" c="dimmed" role="status">
                {t("editor.unsaved")}
              </Text>
            )}
            {id && initial.workflow !== "ARCHIVED" && (
              <Button
                component={Link}
                to={newSongPath(id)}
                variant="light"
                leftSection={<IconMusic size={16} />}
                title={t("actions.makeSongHint")}
              >
                {t("actions.makeSong")}
              </Button>
            )}
            <Button variant="default" onClick={() => navigate(id ? detailPath(id) : LIBRARY_PATH)}>
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
          <Grid.Col span={7}>
            <Stack gap="sm">
              <AiTitleField
                input={{
                  label: t("fields.title"),
                  description: <CharCount value={values.title} max={LIMITS.title} />,
                  "data-autofocus": true,
                  ...form.getInputProps("title"),
                }}
                generation={ai}
                onGenerate={() => void generate("title", "generate", "titel", titleFrom)}
                hasSource={!!titleFrom}
                buttonLabel={t("editor.aiTitle")}
                needsSourceHint={t("editor.aiTitleNeedsText")}
                progressLabel={t("editor.writingTitle")}
              />
              <Textarea
                label={t("fields.prompt")}
                description={
                  <>
                    {t("editor.promptHint")} · <CharCount value={values.prompt} max={LIMITS.prompt} />
                  </>
                }
                required
                autosize
                minRows={3}
                maxRows={8}
                {...form.getInputProps("prompt")}
              />
              <Textarea
                label={t("fields.lyrics")}
                description={<CharCount value={values.lyrics} max={LIMITS.lyrics} />}
                autosize
                minRows={10}
                maxRows={22}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
                {...form.getInputProps("lyrics")}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <Stack gap="md">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="sketch-workflow-field">
                  {t("fields.workflow")}
                </Text>
                <SegmentedControl
                  aria-labelledby="sketch-workflow-field"
                  value={values.workflow}
                  onChange={(value) => form.setFieldValue("workflow", value as SketchWorkflow)}
                  data={WORKFLOWS.map((w) => ({ value: w, label: t(`workflow.${w}`) }))}
                />
                {form.errors.workflow && (
                  <Text size="xs" c="red">
                    {form.errors.workflow}
                  </Text>
                )}
              </Stack>
              <TagChipsInput
                label={t("fields.tags")}
                description={t("editor.tagsHint")}
                value={values.tags}
                onChange={(tags) => form.setFieldValue("tags", tags)}
                error={form.errors.tags as string | undefined}
                suggestions
              />
              <Paper withBorder p="sm" radius="md" component="fieldset" style={{ margin: 0 }}>
                <Text component="legend" size="sm" fw={600} px={4}>
                  {t("fields.info")}
                </Text>
                <InfoTemplateFields
                  value={values.info}
                  onChange={(info) => form.setFieldValue("info", info)}
                  error={form.errors.info as string | undefined}
                />
              </Paper>
            </Stack>
          </Grid.Col>
        </Grid>

        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sketch-descriptions">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4" id="sketch-descriptions">
                {t("editor.descriptions")}
              </Title>
              <Text size="xs" c="dimmed">
                {t("editor.descriptionsHint")}
              </Text>
            </Group>
            <Grid gutter="lg">
              <Grid.Col span={7}>
                <Stack gap={6}>
                  <Textarea
                    label={t("fields.descriptionLong")}
                    description={<CharCount value={values.descriptionLong} max={LIMITS.descriptionLong} />}
                    autosize
                    minRows={4}
                    maxRows={10}
                    {...form.getInputProps("descriptionLong")}
                  />
                  <Group gap="xs">
                    <AiButton
                      disabled={!lyricsOrPrompt || ai.running}
                      onClick={() =>
                        void generate("descriptionLong", "generate-long", "description", lyricsOrPrompt)
                      }
                    >
                      {t("editor.aiDescriptionLong")}
                    </AiButton>
                  </Group>
                  <GenerationProgress generation={ai} target="descriptionLong" />
                </Stack>
              </Grid.Col>
              <Grid.Col span={5}>
                <Stack gap="sm">
                  <Stack gap={6}>
                    <TextInput
                      label={t("fields.descriptionShort")}
                      description={
                        <CharCount value={values.descriptionShort} max={LIMITS.descriptionShort} />
                      }
                      {...form.getInputProps("descriptionShort")}
                    />
                    <Group gap="xs">
                      <AiButton
                        disabled={!longOrLyrics || ai.running}
                        onClick={() =>
                          void generate("descriptionShort", "generate-short", "description", longOrLyrics)
                        }
                      >
                        {t("editor.aiDescriptionShort")}
                      </AiButton>
                    </Group>
                    <GenerationProgress generation={ai} target="descriptionShort" />
                  </Stack>
                  <Stack gap={6}>
                    <TagChipsInput
                      label={t("fields.descriptionTags")}
                      value={values.descriptionTags}
                      onChange={(tags) => form.setFieldValue("descriptionTags", tags)}
                      error={form.errors.descriptionTags as string | undefined}
                    />
                    <Group gap="xs">
                      <AiButton
                        disabled={!longOrLyrics || ai.running}
                        onClick={() =>
                          void generate("descriptionTags", "generate-tags", "description", longOrLyrics)
                        }
                      >
                        {t("editor.aiDescriptionTags")}
                      </AiButton>
                    </Group>
                    <GenerationProgress generation={ai} target="descriptionTags" />
                  </Stack>
                </Stack>
              </Grid.Col>
            </Grid>
          </Stack>
        </Paper>
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

function EditSketch({ id }: { id: string }) {
  const { t } = useTranslation("sketches");
  const [{ data, fetching, error }] = useQuery({ query: sketchDocument, variables: { id } });
  const sketch = data?.node?.__typename === "Sketch" ? (data.node as SketchFieldsFragment) : null;
  // The form starts from the sketch as first loaded; a later refresh of the query does not reset it.
  const [initial, setInitial] = useState<SketchFormValues | null>(null);
  if (sketch && initial === null) setInitial(sketchToForm(sketch));

  if (initial) return <SketchEditor id={id} initial={initial} />;
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
        <Button component={Link} to={LIBRARY_PATH} variant="default">
          {t("editor.back")}
        </Button>
      </Group>
    </Stack>
  );
}

/** /sketches/new and /sketches/:id/edit. */
export default function SketchEditorPage() {
  const { id } = useParams();
  if (id) return <EditSketch key={id} id={id} />;
  return <SketchEditor key="new" initial={emptySketchForm()} />;
}
