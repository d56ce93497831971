import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconBulb, IconMusic, IconWand } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { cleanTitle, sketchDetailPath } from "@/areas/sketches/public";
import type { SongFieldsFragment } from "@/gql/graphql";
import { CharCount, useFocusFirstError, useResultInAddress } from "@/shared/forms";
import { AiTitleField, useTemplateGeneration } from "@/shared/generation";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { Loading } from "@/shared/layout/Loading";
import { GeneratorLayout } from "@/shared/layout/GeneratorLayout";
import { InstrumentalBadge, SongStatusBadge, SongWorkflowBadge } from "../components/badges";
import { useSongErrorText } from "../components/errors";
import { MurekaBalance, useMurekaBalance } from "../components/MurekaBalance";
import { SongMetaEditor } from "../components/SongMetaEditor";
import { SongResult } from "../components/SongResult";
import { useSong } from "../components/useSong";
import {
  checkSongForm,
  createInput,
  emptySongForm,
  errorField,
  formFrom,
  LIMITS,
  MODELS,
  titleSource,
  type SongFieldProblem,
  type SongFormValues,
} from "../lib/songForm";
import { songCreateDocument, songModelsDocument, songSketchDocument } from "../operations";
import { LIBRARY_PATH, songDetailPath, type NewSongState } from "../paths";

interface SketchSource {
  id: string;
  title: string | null;
  workflow: string;
}

const same = (a: SongFormValues, b: SongFormValues) =>
  a.instrumental === b.instrumental &&
  a.title.trim() === b.title.trim() &&
  a.prompt.trim() === b.prompt.trim() &&
  a.model === b.model &&
  (a.instrumental || a.lyrics.trim() === b.lyrics.trim());

/** The song the generator made: its title, badges and details, then its progress or its choices. */
function GeneratedSong({ id }: { id: string }) {
  const { t } = useTranslation("songs");
  const { song, error, refresh } = useSong(id);
  if (!song) return <Loading error={error} />;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
            {song.title}
          </Title>
          <Group gap="xs">
            <SongStatusBadge status={song.status} />
            <SongWorkflowBadge workflow={song.workflow} />
            {song.instrumental && <InstrumentalBadge />}
          </Group>
        </Stack>
        <Anchor component={Link} to={songDetailPath(song.id)} size="sm" style={{ whiteSpace: "nowrap" }}>
          {t("generator.openInLibrary")}
        </Anchor>
      </Group>
      {song.status !== "QUEUED" && song.status !== "RUNNING" && (
        <Group gap="xs">
          <SongMetaEditor
            id={song.id}
            meta={{ title: song.title, tags: [...song.tags], workflow: song.workflow ?? null }}
          />
          {song.tags.length > 0 && (
            <Text size="xs" c="dimmed">
              {song.tags.join(", ")}
            </Text>
          )}
        </Group>
      )}
      <SongResult song={song} onRefresh={refresh} />
    </Stack>
  );
}

function Generator({
  initial,
  sketch,
  songId,
}: {
  initial: SongFormValues;
  sketch: SketchSource | null;
  songId: string | null;
}) {
  const { t } = useTranslation("songs");
  const errorText = useSongErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  const form = useForm<SongFormValues>({ initialValues: initial });
  const create = useFormMutation(songCreateDocument);
  const balance = useMurekaBalance();
  const ai = useTemplateGeneration();
  const [baseline, setBaseline] = useState(initial);
  const [formError, setFormError] = useState<string | null>(null);
  const [noBalance, setNoBalance] = useState<string | null>(null);
  const [sketchError, setSketchError] = useState<string | null>(null);
  // The server's list once it answers; the default list (the server's own default) until then.
  const [{ data: modelsData }] = useQuery({ query: songModelsDocument });
  const models = modelsData?.songModels ?? MODELS;

  const values = form.values;
  const dirty =
    !same(values, baseline) && !!(values.title.trim() || values.lyrics.trim() || values.prompt.trim());
  const show = useResultInAddress("song", songId, dirty);

  const problemText = (field: string, problem: SongFieldProblem): string => {
    if (problem.code === "REQUIRED") return t(`validation.${field}Required`);
    if (problem.code === "TOO_LONG")
      return t("validation.tooLong", { max: problem.max, length: problem.length });
    return t("validation.modelInvalid");
  };

  const onSubmit = form.onSubmit(async (submitted) => {
    setFormError(null);
    setNoBalance(null);
    setSketchError(null);
    const problems = checkSongForm(submitted, models);
    const fields = Object.entries(problems) as [string, SongFieldProblem][];
    if (fields.length) {
      form.setErrors(Object.fromEntries(fields.map(([field, p]) => [field, problemText(field, p)])));
      focusError();
      return;
    }
    const { data } = await create.submit({ input: createInput(submitted, sketch?.id) });
    const payload = data?.songCreate;
    if (!payload) return;
    const fieldErrors: Record<string, string> = {};
    const general: string[] = [];
    for (const error of payload.userErrors) {
      const field = errorField(error.field);
      if (error.code === "INSUFFICIENT_BALANCE") {
        setNoBalance(errorText(error));
        balance.refresh();
      } else if (field === "sketchId") setSketchError(errorText(error));
      else if (field) fieldErrors[field] ??= errorText(error);
      else general.push(errorText(error));
    }
    if (Object.keys(fieldErrors).length) {
      form.setErrors(fieldErrors);
      focusError();
    }
    if (general.length) setFormError(general.join(" "));
    if (payload.song) {
      setBaseline(submitted);
      show(payload.song.id);
      balance.refresh();
    }
  });

  const titleFrom = titleSource(values);
  const writeTitle = async () => {
    const text = await ai.run({ category: "titel", action: "generate", inputText: titleFrom }, "title");
    if (text !== null) form.setFieldValue("title", cleanTitle(text).slice(0, LIMITS.title).trim());
  };

  const archived = sketch?.workflow === "ARCHIVED";
  const refusedForBalance = noBalance ?? (balance.empty ? t("balance.emptyNote") : null);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={0}>
          <Anchor component={Link} to={LIBRARY_PATH} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {t("generator.back")}
            </Group>
          </Anchor>
          <Title order={1} size="h2">
            {t("generator.title")}
          </Title>
        </Stack>
        <MurekaBalance balance={balance} />
      </Group>

      <GeneratorLayout
        resultLabel={t("generator.resultLabel")}
        emptyIcon={<IconMusic size={36} stroke={1.3} />}
        emptyText={t("generator.resultEmpty")}
        result={songId && <GeneratedSong key={songId} id={songId} />}
        form={
          <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={t("generator.title")}>
            <Stack gap="sm">
              {sketch && (
                <Paper withBorder radius="md" p="xs" px="sm" bg="var(--mantine-color-yellow-light)">
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                      <IconBulb size={16} style={{ flex: "none" }} aria-hidden />
                      <Text size="sm" truncate>
                        {t("generator.fromSketch", { title: sketch.title || t("generator.untitledSketch") })}
                      </Text>
                    </Group>
                    <Anchor component={Link} to={sketchDetailPath(sketch.id)} size="sm">
                      {t("generator.openSketch")}
                    </Anchor>
                  </Group>
                </Paper>
              )}
              {(archived || sketchError) && (
                <Alert color="orange" role="alert">
                  {sketchError ?? t("generator.sketchArchived")}
                </Alert>
              )}
              <Stack gap={4}>
                <Text size="sm" fw={500} id="song-kind-label">
                  {t("fields.kind")}
                </Text>
                <SegmentedControl
                  aria-labelledby="song-kind-label"
                  value={values.instrumental ? "instrumental" : "song"}
                  onChange={(value) => {
                    form.setFieldValue("instrumental", value === "instrumental");
                    form.clearFieldError("lyrics");
                  }}
                  data={[
                    { value: "song", label: t("kind.song") },
                    { value: "instrumental", label: t("kind.instrumental") },
                  ]}
                  style={{ alignSelf: "flex-start" }}
                />
              </Stack>
              <AiTitleField
                input={{
                  label: t("fields.title"),
                  description: <CharCount value={values.title} max={LIMITS.title} />,
                  required: true,
                  "data-autofocus": true,
                  ...form.getInputProps("title"),
                }}
                generation={ai}
                onGenerate={() => void writeTitle()}
                hasSource={!!titleFrom}
                buttonLabel={t("form.aiTitle")}
                needsSourceHint={t("form.aiTitleNeedsText")}
                progressLabel={t("form.writingTitle")}
              />
              {values.instrumental ? (
                <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-gray-light)">
                  <Text size="sm" c="dimmed">
                    {t("form.noLyrics")}
                  </Text>
                </Paper>
              ) : (
                <Textarea
                  label={t("fields.lyrics")}
                  description={
                    <>
                      {t("form.lyricsHint")} · <CharCount value={values.lyrics} max={LIMITS.lyrics} />
                    </>
                  }
                  required
                  autosize
                  minRows={8}
                  maxRows={18}
                  styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
                  {...form.getInputProps("lyrics")}
                />
              )}
              <Textarea
                label={t("fields.prompt")}
                description={
                  <>
                    {t("form.promptHint")} · <CharCount value={values.prompt} max={LIMITS.prompt} />
                  </>
                }
                required
                autosize
                minRows={2}
                maxRows={6}
                {...form.getInputProps("prompt")}
              />
              <Select
                label={t("fields.model")}
                description={t("form.modelHint")}
                allowDeselect={false}
                data={models.map((m) => ({ value: m, label: m === "auto" ? t("form.modelAuto") : m }))}
                w={380}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps("model")}
              />
              {formError && (
                <Alert color="red" role="alert">
                  {formError}
                </Alert>
              )}
              {refusedForBalance && (
                <Alert color="red" role="alert" title={t("balance.emptyTitle")} data-testid="no-balance">
                  {refusedForBalance}
                </Alert>
              )}
              <Group gap="sm" align="center">
                <Button
                  type="submit"
                  leftSection={<IconWand size={18} />}
                  loading={create.fetching}
                  disabled={archived || balance.empty}
                >
                  {values.instrumental ? t("generator.generateInstrumental") : t("generator.generateSong")}
                </Button>
                <Text size="xs" c="dimmed" style={{ flex: 1 }}>
                  {t("generator.billingNote")}
                </Text>
              </Group>
            </Stack>
          </form>
        }
      />
    </Stack>
  );
}

function fromSong(song: SongFieldsFragment): SongFormValues {
  return formFrom(song);
}

function GeneratorStart({ sketchId, songId }: { sketchId: string | null; songId: string | null }) {
  const { t } = useTranslation("songs");
  // Lyrics handed over by another page (the lyric editor), when there is no sketch or song to start from.
  const handed = (useLocation().state as NewSongState | null)?.lyrics ?? null;
  const [{ data: sketchData, error: sketchFailed }] = useQuery({
    query: songSketchDocument,
    variables: { id: sketchId ?? "" },
    pause: !sketchId,
  });
  // The form starts once from what is known then; later refreshes do not reset it.
  const [start, setStart] = useState<{ initial: SongFormValues; sketch: SketchSource | null } | null>(null);
  const made = useSong(start ? null : songId);

  const sketchNode = sketchData?.node?.__typename === "Sketch" ? sketchData.node : null;
  const sketchReady = !sketchId || !!sketchData || !!sketchFailed;
  const songReady = !songId || made.loaded || !!made.error;
  if (start === null && sketchReady && songReady) {
    const sketch = sketchNode
      ? { id: sketchNode.id, title: sketchNode.title ?? null, workflow: sketchNode.workflow }
      : null;
    const initial = made.song
      ? fromSong(made.song)
      : sketchNode
        ? formFrom({ title: sketchNode.title, lyrics: sketchNode.lyrics, prompt: sketchNode.prompt })
        : handed
          ? formFrom({ lyrics: handed })
          : emptySongForm();
    setStart({ initial, sketch });
  }

  if (!start)
    return (
      <Center h="50vh">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  return (
    <Stack gap="sm">
      {sketchId && !start.sketch && (
        <Alert color="yellow" role="alert">
          {t("generator.sketchMissing")}
        </Alert>
      )}
      <Generator initial={start.initial} sketch={start.sketch} songId={songId} />
    </Stack>
  );
}

/** /songs/new: ?sketch=<id> starts from a sketch; ?song=<id> shows a song made here (after a reload, too). */
export default function SongGeneratorPage() {
  const [params] = useSearchParams();
  const sketchId = params.get("sketch");
  const songId = params.get("song");
  // Another sketch (or none, from the navigation) starts the form afresh; a song made here keeps it.
  return <GeneratorStart key={sketchId ?? ""} sketchId={sketchId} songId={songId} />;
}
