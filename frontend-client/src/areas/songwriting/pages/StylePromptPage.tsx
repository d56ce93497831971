import {
  Alert,
  Anchor,
  Button,
  Chip,
  Fieldset,
  Grid,
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
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconArrowBackUp,
  IconFileText,
  IconLanguage,
  IconSparkles,
  IconWaveSine,
  IconPencil,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useClient, useQuery } from "urql";
import { sketchDetailPath } from "@/areas/sketches/public";
import type { MusicStyleTool, Voice } from "@/gql/graphql";
import { CharCount } from "@/shared/forms";
import { describeError } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { GenerationProgress } from "@/shared/generation";
import { FromSketch } from "../components/FromSketch";
import { NewSketchModal, PROMPT_MAX } from "../components/NewSketchModal";
import { SongwritingTabs } from "../components/SongwritingTabs";
import { useStyleAi } from "../components/useAiTools";
import { hasTerm, toggleTerm, withTags } from "../lib/stylePrompt";
import {
  musicStyleOptionsDocument,
  songwritingSketchDocument,
  songwritingSketchesDocument,
  songwritingSketchUpdateDocument,
} from "../operations";
import { lyricsPath, STYLE_PROMPT_PATH } from "../paths";

type Group = "styles" | "themes" | "instruments";
const GROUPS: Group[] = ["styles", "themes", "instruments"];
const TOOLS: { tool: MusicStyleTool; icon: typeof IconSparkles }[] = [
  { tool: "ENHANCE", icon: IconSparkles },
  { tool: "ENHANCE_SUNO", icon: IconWaveSine },
  { tool: "TRANSLATE", icon: IconLanguage },
];
type VoiceChoice = "AUTO" | Voice;

function StyleEditor({
  initialPrompt,
  initialSketch,
}: {
  initialPrompt: string;
  initialSketch: { id: string; title: string | null } | null;
}) {
  const { t } = useTranslation("songwriting");
  const client = useClient();
  const [{ data: optionsData }] = useQuery({ query: musicStyleOptionsDocument });
  const options = optionsData?.musicStyleOptions;
  const ai = useStyleAi();
  const update = useFormMutation(songwritingSketchUpdateDocument);
  const [prompt, setPrompt] = useState(initialPrompt);
  const [undo, setUndo] = useState<{ tool: MusicStyleTool; text: string } | null>(null);
  const [useCases, setUseCases] = useState<string[]>([]);
  const [voice, setVoice] = useState<VoiceChoice>("AUTO");
  const [sketch, setSketch] = useState(initialSketch);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const [{ data: sketchesData }] = useQuery({
    query: songwritingSketchesDocument,
    variables: { search: debounced.trim() || null },
  });
  const [creating, setCreating] = useState(false);
  const [applied, setApplied] = useState<{ id: string; title: string | null } | null>(null);

  const streaming = ai.running && ai.target === "prompt";
  const hasPrompt = !!prompt.trim();
  const label = (group: string, value: string) => t(`options.${group}.${value}`, { defaultValue: value });

  const runTool = async (tool: MusicStyleTool) => {
    const before = prompt;
    const text = await ai.run(
      { tool, text: before, voice: tool === "ENHANCE_SUNO" && voice !== "AUTO" ? voice : null },
      "prompt",
    );
    if (text === null) return;
    setPrompt(text.trim().slice(0, PROMPT_MAX));
    setUndo({ tool, text: before });
  };

  const sketchOptions = (sketchesData?.sketches.nodes ?? []).map((s) => ({
    value: s.id,
    label: s.title || t("sketch.untitled"),
  }));
  if (sketch && !sketchOptions.some((o) => o.value === sketch.id)) {
    sketchOptions.unshift({ value: sketch.id, label: sketch.title || t("sketch.untitled") });
  }

  const applyToSketch = async () => {
    if (!sketch) return;
    const found = await client
      .query(songwritingSketchDocument, { id: sketch.id }, { requestPolicy: "network-only" })
      .toPromise();
    if (found.error) {
      notifications.show({ color: "red", message: describeError(found.error, t) });
      return;
    }
    const node = found.data?.node?.__typename === "Sketch" ? found.data.node : null;
    if (!node) {
      notifications.show({ color: "red", message: t("sketch.missing") });
      return;
    }
    const { ok, data } = await update.submit({
      input: { id: sketch.id, prompt, ...(useCases.length ? { tags: withTags(node.tags, useCases) } : {}) },
    });
    const saved = data?.sketchUpdate.sketch;
    if (ok && saved) {
      setApplied({ id: saved.id, title: saved.title ?? null });
      notifications.show({
        color: "green",
        message: t("style.applied", { title: saved.title || t("sketch.untitled") }),
      });
    }
  };

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Textarea
            label={t("style.prompt")}
            description={
              <>
                {t("style.promptHint")} · <CharCount value={prompt} max={PROMPT_MAX} />
              </>
            }
            autosize
            minRows={4}
            maxRows={12}
            value={streaming ? ai.text : prompt}
            onChange={(e) => setPrompt(e.currentTarget.value)}
            readOnly={streaming}
            aria-busy={streaming}
            error={update.fieldErrors.prompt}
            data-autofocus
          />
          <Group gap="xs" wrap="wrap">
            {TOOLS.map(({ tool, icon: Icon }) => (
              <Button
                key={tool}
                size="xs"
                variant="light"
                leftSection={<Icon size={14} />}
                onClick={() => void runTool(tool)}
                disabled={!hasPrompt || ai.running}
                title={hasPrompt ? t(`style.tools.${tool}.hint`) : t("style.needsText")}
              >
                {t(`style.tools.${tool}.label`)}
              </Button>
            ))}
            {undo && !streaming && (
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                leftSection={<IconArrowBackUp size={14} />}
                onClick={() => {
                  setPrompt(undo.text);
                  setUndo(null);
                }}
              >
                {t("style.undo", { tool: t(`style.tools.${undo.tool}.label`) })}
              </Button>
            )}
          </Group>
          <Group gap="xs" align="center">
            <Text size="sm" id="suno-voice">
              {t("style.voice")}
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby="suno-voice"
              value={voice}
              onChange={(value) => setVoice(value as VoiceChoice)}
              data={(["AUTO", "MALE", "FEMALE"] as const).map((v) => ({
                value: v,
                label: t(`style.voices.${v}`),
              }))}
            />
          </Group>
          <GenerationProgress generation={ai} target="prompt" label={t("style.writing")} />

          <Fieldset legend={t("style.chooser")} radius="md" p="sm">
            {!options ? (
              <Loader size="sm" aria-label={t("common:status.loading")} />
            ) : (
              <Stack gap="sm">
                {GROUPS.map((group) => (
                  <Stack key={group} gap={4}>
                    <Text size="sm" fw={500} id={`style-${group}`}>
                      {t(`style.groups.${group}`)}
                    </Text>
                    <Group gap={6} role="group" aria-labelledby={`style-${group}`}>
                      {options[group].map((value) => (
                        <Chip
                          key={value}
                          size="xs"
                          checked={hasTerm(prompt, value)}
                          onChange={() => setPrompt((p) => toggleTerm(p, value))}
                          disabled={streaming}
                        >
                          {label(group, value)}
                        </Chip>
                      ))}
                    </Group>
                  </Stack>
                ))}
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="style-useCases">
                    {t("style.groups.useCases")}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t("style.useCasesHint")}
                  </Text>
                  <Chip.Group multiple value={useCases} onChange={setUseCases}>
                    <Group gap={6} role="group" aria-labelledby="style-useCases">
                      {options.useCases.map((value) => (
                        <Chip key={value} value={value} size="xs">
                          {label("useCases", value)}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                </Stack>
              </Stack>
            )}
          </Fieldset>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder radius="md" p="md" component="section" aria-label={t("style.toSketch")}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t("style.toSketch")}
            </Title>
            <Select
              label={t("style.sketch")}
              placeholder={t("style.pickSketch")}
              searchable
              clearable
              searchValue={search}
              onSearchChange={setSearch}
              data={sketchOptions}
              value={sketch?.id ?? null}
              onChange={(id, option) => {
                setApplied(null);
                setSketch(id ? { id, title: option?.label ?? null } : null);
              }}
              nothingFoundMessage={t("style.noSketches")}
              comboboxProps={{ withinPortal: true }}
              filter={({ options: all }) => all}
            />
            <Group gap="xs">
              <Button
                onClick={() => void applyToSketch()}
                disabled={!sketch || !hasPrompt || streaming}
                loading={update.fetching}
              >
                {t("style.apply")}
              </Button>
              <Button
                variant="default"
                leftSection={<IconFileText size={16} />}
                onClick={() => setCreating(true)}
                disabled={!hasPrompt || streaming}
              >
                {t("style.newSketch")}
              </Button>
            </Group>
            {update.formError && (
              <Text size="sm" c="red" role="alert">
                {update.formError}
              </Text>
            )}
            {applied && (
              <Alert color="green" p="xs" data-testid="style-applied">
                <Group gap="md">
                  <Anchor component={Link} to={sketchDetailPath(applied.id)} size="sm">
                    {t("style.openSketch", { title: applied.title || t("sketch.untitled") })}
                  </Anchor>
                  <Anchor component={Link} to={lyricsPath(applied.id)} size="sm">
                    <Group gap={4} component="span">
                      <IconPencil size={14} />
                      {t("style.openLyrics")}
                    </Group>
                  </Anchor>
                </Group>
              </Alert>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
      {creating && (
        <NewSketchModal
          opened
          onClose={() => setCreating(false)}
          prompt={prompt}
          tags={useCases}
          onCreated={(made) => {
            setCreating(false);
            setSketch({ id: made.id, title: made.title ?? null });
            setApplied({ id: made.id, title: made.title ?? null });
            notifications.show({
              color: "green",
              message: t("sketch.created", { title: made.title || t("sketch.untitled") }),
            });
          }}
        />
      )}
    </Grid>
  );
}

/** /style-prompt: the music style prompt editor; ?sketch=<id> starts from that sketch's prompt. */
export default function StylePromptPage() {
  const { t } = useTranslation("songwriting");
  const [params] = useSearchParams();
  const sketchId = params.get("sketch");
  return (
    <Stack gap="md">
      <SongwritingTabs current={STYLE_PROMPT_PATH} sketchId={sketchId} />
      <Title order={1} size="h2">
        {t("style.title")}
      </Title>
      <FromSketch key={sketchId ?? ""} sketchId={sketchId}>
        {(sketch) => (
          <StyleEditor
            initialPrompt={sketch?.prompt ?? ""}
            initialSketch={sketch ? { id: sketch.id, title: sketch.title ?? null } : null}
          />
        )}
      </FromSketch>
    </Stack>
  );
}
