import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconChecks,
  IconChevronDown,
  IconDeviceFloppy,
  IconEraser,
  IconFileText,
  IconMusic,
  IconSearch,
} from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useClient, type CombinedError } from "urql";
import { sketchDetailPath } from "@/areas/sketches/public";
import { NEW_SONG_PATH, newSongPath, type NewSongState } from "@/areas/songs/public";
import type {
  LyricChangeFieldsFragment,
  LyricsAnalysisQuery,
  LyricsLanguage,
  LyricsTool,
} from "@/gql/graphql";
import { CharCount, useUnsavedChangesGuard } from "@/shared/forms";
import { describeError } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { apiLanguage } from "@/shared/i18n";
import { AiSuggestion } from "../components/AiSuggestion";
import { ArchitectureBuilder } from "../components/ArchitectureBuilder";
import { ChangesPreview } from "../components/ChangesPreview";
import { FindReplace } from "../components/FindReplace";
import { FromSketch } from "../components/FromSketch";
import { LyricsTextEditor } from "../components/LyricsTextEditor";
import { NewSketchModal } from "../components/NewSketchModal";
import { SectionList, sectionName } from "../components/SectionList";
import { SongwritingTabs } from "../components/SongwritingTabs";
import { useLyricsAi } from "../components/useAiTools";
import { useTextHistory } from "../components/useTextHistory";
import { DEFAULT_SECTIONS, slotsOf, type Slot } from "../lib/architecture";
import { suggestionLines, unquoted } from "../lib/lyrics";
import {
  lyricsAnalysisDocument,
  lyricsApplyStructureDocument,
  lyricsCleanupDocument,
  lyricsFinalizeDocument,
  lyricsRebuildArchitectureDocument,
  lyricsReplaceSectionDocument,
  songwritingSketchUpdateDocument,
} from "../operations";
import { LYRICS_PATH } from "../paths";

const LYRICS_MAX = 10_000;
const ANALYSIS_DELAY_MS = 400;
const LINE_HEIGHT = 24; // the editor's (songwriting.module.css)
const WHOLE_SONG_TOOLS: LyricsTool[] = ["OPTIMIZE_PHRASING", "TRANSLATE"];

type Analysis = { text: string; language: LyricsLanguage; data: LyricsAnalysisQuery };
/** What the AI is writing: for one section (its index in lyricsParse), or the whole text. */
type Suggestion = {
  tool: LyricsTool | "GENERATE";
  section: number | null;
  name: string | null;
  song: string;
};
type Preview = { title: string; cleanup: LyricChangeFieldsFragment; text: string; note: string | null };
type SketchRef = { id: string; title: string | null };

function LyricEditor({
  initialText,
  initialSketch,
  onAdopt,
}: {
  initialText: string;
  initialSketch: SketchRef | null;
  onAdopt(sketchId: string): void;
}) {
  const { t } = useTranslation("songwriting");
  const client = useClient();
  const navigate = useNavigate();
  const history = useTextHistory(initialText);
  const { text } = history;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const ai = useLyricsAi();
  const update = useFormMutation(songwritingSketchUpdateDocument);

  const [sketch, setSketch] = useState<SketchRef | null>(initialSketch);
  const [baseline, setBaseline] = useState(initialText);
  // The lyrics' language: the page's (which follows the account's once it is known) until one is picked.
  const [pickedLanguage, setLanguage] = useState<LyricsLanguage | null>(null);
  const language = pickedLanguage ?? apiLanguage();
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [applying, setApplying] = useState(false);
  const [working, setWorking] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [finding, setFinding] = useState(false);
  const [extendBy, setExtendBy] = useState(4);
  const [instructions, setInstructions] = useState("");
  const [slots, setSlots] = useState<Slot[]>(() => slotsOf(DEFAULT_SECTIONS));
  const [creating, setCreating] = useState(false);
  const [leaving, setLeaving] = useState<{ to: string; state?: NewSongState } | null>(null);

  const dirty = text !== baseline;
  useUnsavedChangesGuard(dirty && leaving === null);
  useEffect(() => {
    if (leaving) navigate(leaving.to, { state: leaving.state });
  }, [leaving, navigate]);
  // A sketch made here goes into the address once the page knows the text is saved (else leaving would ask).
  const [created, setCreated] = useState<string | null>(null);
  useEffect(() => {
    if (created) onAdopt(created);
  }, [created, onAdopt]);

  // Sections, syllables and rhymes of the text, asked for as typing pauses.
  const [debounced] = useDebouncedValue(text, ANALYSIS_DELAY_MS);
  useEffect(() => {
    if (!debounced.trim()) return;
    let live = true;
    void client
      .query(lyricsAnalysisDocument, { text: debounced, language }, { uncached: true })
      .toPromise()
      .then((result) => {
        if (live && result.data) setAnalysis({ text: debounced, language, data: result.data });
      });
    return () => {
      live = false;
    };
  }, [client, debounced, language]);
  const current = text.trim() && analysis?.text === text && analysis.language === language ? analysis : null;
  const shown = text.trim() ? analysis : null;
  const stale = !!text.trim() && !current;
  const sections = shown?.data.lyricsParse ?? [];

  const pending = suggestion !== null;
  const readOnly = pending || working !== null;
  const sectionsNow = slots.map((s) => s.kind);

  const failed = useCallback(
    (error: CombinedError) => notifications.show({ color: "red", message: describeError(error, t) }),
    [t],
  );

  // ------------------------------------------------------------------ AI

  const runSectionTool = (index: number, tool: LyricsTool) => {
    const section = sections[index];
    if (!section) return;
    setSuggestion({
      tool,
      section: index,
      name: sectionName(section, index, (n) => t("sections.unlabelled", { n })),
      song: text,
    });
    void ai.sectionTool(
      {
        tool,
        song: text,
        section: index,
        lines: tool === "EXTEND" ? extendBy : null,
        userInstructions: instructions.trim() || null,
      },
      "lyrics",
    );
  };

  const runWholeSong = (tool: LyricsTool) => {
    setSuggestion({ tool, section: null, name: null, song: text });
    void ai.sectionTool({ tool, song: text, userInstructions: instructions.trim() || null }, "lyrics");
  };

  const generate = (idea: string) => {
    setSuggestion({ tool: "GENERATE", section: null, name: null, song: text });
    void ai.generate(
      { text: idea, structure: { sections: sectionsNow }, userInstructions: instructions.trim() || null },
      "lyrics",
    );
  };

  const discard = () => {
    ai.cancel();
    setSuggestion(null);
  };

  /** The suggestion in place of its section (through lyricsReplaceSection: nothing else changes), or the text. */
  const apply = async () => {
    if (!suggestion || ai.phase !== "done") return;
    if (suggestion.section === null) {
      history.set(unquoted(ai.text), "tool");
      setSuggestion(null);
      return;
    }
    setApplying(true);
    const result = await client
      .query(
        lyricsReplaceSectionDocument,
        {
          text: suggestion.song,
          section: suggestion.section,
          lines: suggestionLines(ai.text, suggestion.name),
        },
        { uncached: true },
      )
      .toPromise();
    setApplying(false);
    if (result.error) return failed(result.error);
    if (result.data) {
      history.set(result.data.lyricsReplaceSection, "tool");
      setSuggestion(null);
    }
  };

  // ------------------------------------------------------------------ tools

  const applyStructure = async () => {
    setWorking("structure");
    const result = await client
      .query(lyricsApplyStructureDocument, { text, structure: { sections: sectionsNow } }, { uncached: true })
      .toPromise();
    setWorking(null);
    if (result.error) return failed(result.error);
    const done = result.data?.lyricsApplyStructure;
    if (!done) return;
    history.set(done.text, "tool");
    const notes = [
      done.unlabelledCount ? t("structure.unlabelled", { count: done.unlabelledCount }) : "",
      done.unusedLabels.length ? t("structure.unused", { labels: done.unusedLabels.join(", ") }) : "",
    ].filter(Boolean);
    notifications.show({
      color: notes.length ? "yellow" : "green",
      title: t("structure.applied", { structure: done.structure.text }),
      message: notes.join(" ") || t("structure.allMatched"),
    });
  };

  const rebuild = async () => {
    setWorking("rebuild");
    const result = await client
      .query(lyricsRebuildArchitectureDocument, { text }, { uncached: true })
      .toPromise();
    setWorking(null);
    if (result.error) return failed(result.error);
    const found = result.data?.lyricsRebuildArchitecture;
    if (!found) return;
    if (!found.sections.length) {
      notifications.show({ color: "yellow", message: t("structure.noLabels") });
      return;
    }
    setSlots(slotsOf(found.sections));
    notifications.show({ color: "green", message: t("structure.rebuilt", { structure: found.text }) });
  };

  const cleanup = async () => {
    setWorking("cleanup");
    const result = await client.query(lyricsCleanupDocument, { text }, { uncached: true }).toPromise();
    setWorking(null);
    if (result.error) return failed(result.error);
    const done = result.data?.lyricsCleanup;
    if (done) setPreview({ title: t("cleanup.title"), cleanup: done, text: done.text, note: null });
  };

  const finalize = async () => {
    setWorking("finalize");
    const result = await client
      .query(lyricsFinalizeDocument, { text, structure: { sections: sectionsNow } }, { uncached: true })
      .toPromise();
    setWorking(null);
    if (result.error) return failed(result.error);
    const done = result.data?.lyricsFinalize;
    if (!done) return;
    const { structured } = done;
    const note = [
      t("finalize.structure", { structure: structured.structure.text }),
      structured.unlabelledCount ? t("structure.unlabelled", { count: structured.unlabelledCount }) : "",
      structured.unusedLabels.length
        ? t("structure.unused", { labels: structured.unusedLabels.join(", ") })
        : "",
    ]
      .filter(Boolean)
      .join(" ");
    setPreview({ title: t("finalize.title"), cleanup: done.cleanup, text: done.text, note });
  };

  // ------------------------------------------------------------------ sketch, song

  const save = async (): Promise<boolean> => {
    if (!sketch) {
      setCreating(true);
      return false;
    }
    const { ok, data } = await update.submit({ input: { id: sketch.id, lyrics: text } });
    const saved = data?.sketchUpdate.sketch;
    if (ok && saved) {
      setBaseline(text);
      setSketch({ id: saved.id, title: saved.title ?? null });
      notifications.show({
        color: "green",
        message: t("sketch.saved", { title: saved.title || t("sketch.untitled") }),
      });
      return true;
    }
    if (update.formError || data?.sketchUpdate.userErrors.length) {
      notifications.show({
        color: "red",
        message: data?.sketchUpdate.userErrors.map((e) => e.message).join(" ") ?? update.formError,
      });
    }
    return false;
  };

  const sendToSong = async () => {
    if (sketch) {
      if (dirty && !(await save())) return;
      setLeaving({ to: newSongPath(sketch.id) });
    } else {
      setLeaving({ to: NEW_SONG_PATH, state: { lyrics: text } });
    }
  };

  useHotkeys([["mod+S", () => void save()]], []);

  const goToLine = (line: number) => {
    const area = textarea.current;
    if (!area) return;
    const lines = text.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start);
    area.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) {
      event.preventDefault();
      if (!readOnly) history.undo();
    } else if ((key === "z" && event.shiftKey) || key === "y") {
      event.preventDefault();
      if (!readOnly) history.redo();
    } else if (key === "f") {
      event.preventDefault();
      setFinding(true);
    }
  };

  const hasText = !!text.trim();
  const suggestionTitle = suggestion
    ? suggestion.tool === "GENERATE"
      ? t("ai.generateTitle")
      : suggestion.section === null
        ? t("ai.wholeTitle", { tool: t(`tools.${suggestion.tool}`, { count: extendBy }) })
        : t("ai.sectionTitle", {
            tool: t(`tools.${suggestion.tool}`, { count: extendBy }),
            name: suggestion.name,
          })
    : "";

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Group gap="xs" justify="space-between" wrap="wrap">
            <Group gap={4} wrap="wrap">
              <Tooltip label={t("editor.undo")}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t("editor.undo")}
                  onClick={history.undo}
                  disabled={!history.canUndo || readOnly}
                >
                  <IconArrowBackUp size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("editor.redo")}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t("editor.redo")}
                  onClick={history.redo}
                  disabled={!history.canRedo || readOnly}
                >
                  <IconArrowForwardUp size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("find.title")}>
                <ActionIcon
                  variant={finding ? "light" : "default"}
                  size="lg"
                  aria-label={t("find.title")}
                  aria-pressed={finding}
                  onClick={() => setFinding((f) => !f)}
                >
                  <IconSearch size={18} />
                </ActionIcon>
              </Tooltip>
              <Button
                variant="default"
                leftSection={<IconEraser size={16} />}
                onClick={() => void cleanup()}
                disabled={!hasText || readOnly}
                loading={working === "cleanup"}
              >
                {t("cleanup.button")}
              </Button>
              <Button
                variant="default"
                leftSection={<IconChecks size={16} />}
                onClick={() => void finalize()}
                disabled={!hasText || readOnly || !sectionsNow.length}
                loading={working === "finalize"}
                title={t("finalize.hint")}
              >
                {t("finalize.button")}
              </Button>
            </Group>
            <SegmentedControl
              size="xs"
              aria-label={t("editor.language")}
              value={language}
              onChange={(value) => setLanguage(value as LyricsLanguage)}
              data={[
                { value: "EN", label: t("editor.languageEN") },
                { value: "DE", label: t("editor.languageDE") },
              ]}
            />
          </Group>

          {finding && (
            <FindReplace
              text={text}
              readOnly={readOnly}
              textareaRef={textarea}
              onReplace={(changed) => history.set(changed, "tool")}
              onClose={() => setFinding(false)}
            />
          )}

          {suggestion && (
            <AiSuggestion
              generation={ai}
              title={suggestionTitle}
              applyLabel={
                suggestion.section === null
                  ? t("ai.applyWhole")
                  : t("ai.applySection", { name: suggestion.name })
              }
              applying={applying}
              onApply={() => void apply()}
              onDiscard={discard}
            />
          )}

          <LyricsTextEditor
            text={text}
            stats={shown?.data.lyricsStats.lines ?? null}
            onChange={(value) => history.set(value, "typing")}
            onKeyDown={onKeyDown}
            readOnly={readOnly}
            busy={ai.running || working !== null}
            textareaRef={textarea}
            label={t("editor.label")}
            description={t("editor.description")}
          />
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              {pending ? t("editor.readOnly") : t("editor.hint")} ·{" "}
              <CharCount value={text} max={LYRICS_MAX} />
            </Text>
            {stale && (
              <Text size="xs" c="dimmed" data-testid="analysis-stale">
                {t("editor.counting")}
              </Text>
            )}
          </Group>

          <Paper withBorder radius="md" p="sm">
            <Group justify="space-between" gap="sm" wrap="wrap">
              <Stack gap={2}>
                {sketch ? (
                  <Group gap={6}>
                    <Text size="sm">{t("sketch.editing")}</Text>
                    <Anchor component={Link} to={sketchDetailPath(sketch.id)} size="sm" fw={600}>
                      {sketch.title || t("sketch.untitled")}
                    </Anchor>
                  </Group>
                ) : (
                  <Text size="sm">{t("sketch.none")}</Text>
                )}
                <Text size="xs" c={dirty ? "orange" : "dimmed"} data-testid="save-state">
                  {dirty ? t("sketch.unsaved") : sketch ? t("sketch.allSaved") : t("sketch.notSaved")}
                </Text>
              </Stack>
              <Group gap="xs">
                <Button
                  leftSection={<IconDeviceFloppy size={16} />}
                  onClick={() => void save()}
                  loading={update.fetching}
                  disabled={!hasText || readOnly || (!!sketch && !dirty)}
                >
                  {sketch ? t("sketch.save") : t("sketch.saveNew")}
                </Button>
                {sketch && (
                  <Button
                    variant="default"
                    leftSection={<IconFileText size={16} />}
                    onClick={() => setCreating(true)}
                    disabled={!hasText || readOnly}
                  >
                    {t("sketch.saveAsNew")}
                  </Button>
                )}
                <Button
                  variant="light"
                  leftSection={<IconMusic size={16} />}
                  onClick={() => void sendToSong()}
                  disabled={!hasText || readOnly}
                >
                  {t("song.send")}
                </Button>
              </Group>
            </Group>
          </Paper>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <Paper withBorder radius="md" p="sm" component="section" aria-label={t("sections.title")}>
            <Stack gap="sm">
              <Group justify="space-between" wrap="nowrap">
                <Title order={2} size="h4">
                  {t("sections.title")}
                </Title>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button
                      size="compact-sm"
                      variant="default"
                      rightSection={<IconChevronDown size={12} />}
                      disabled={!hasText || readOnly}
                    >
                      {t("sections.wholeSong")}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {WHOLE_SONG_TOOLS.map((tool) => (
                      <Menu.Item key={tool} onClick={() => runWholeSong(tool)}>
                        {t(`tools.${tool}`)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              </Group>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <NumberInput
                  size="xs"
                  label={t("sections.extendBy")}
                  value={extendBy}
                  onChange={(value) => setExtendBy(typeof value === "number" ? value : 4)}
                  min={1}
                  max={16}
                  clampBehavior="strict"
                  allowDecimal={false}
                  w={110}
                />
                <TextInput
                  size="xs"
                  style={{ flex: 1 }}
                  label={t("sections.instructions")}
                  placeholder={t("sections.instructionsHint")}
                  value={instructions}
                  onChange={(e) => setInstructions(e.currentTarget.value)}
                />
              </Group>
              <SectionList
                sections={sections}
                stats={shown?.data.lyricsStats.sections ?? []}
                stale={stale}
                disabled={readOnly}
                extendBy={extendBy}
                onTool={runSectionTool}
                onGoTo={goToLine}
              />
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="sm" component="section" aria-label={t("architecture.title")}>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4">
                  {t("architecture.title")}
                </Title>
                {working === "structure" || working === "rebuild" ? <Loader size="xs" /> : null}
              </Group>
              <ArchitectureBuilder
                slots={slots}
                onSlots={setSlots}
                disabled={readOnly}
                hasText={hasText}
                onApply={() => void applyStructure()}
                onRebuild={() => void rebuild()}
                onGenerate={generate}
              />
            </Stack>
          </Paper>
        </Stack>
      </Grid.Col>

      <ChangesPreview
        opened={preview !== null}
        title={preview?.title ?? ""}
        cleanup={preview?.cleanup ?? null}
        note={
          preview?.note ? (
            <Badge variant="light" size="lg" style={{ textTransform: "none" }}>
              {preview.note}
            </Badge>
          ) : undefined
        }
        changed={!!preview && preview.text !== text}
        onAccept={() => {
          if (preview) history.set(preview.text, "tool");
          setPreview(null);
        }}
        onClose={() => setPreview(null)}
      />
      {creating && (
        <NewSketchModal
          opened
          onClose={() => setCreating(false)}
          lyrics={text}
          onCreated={(made) => {
            setCreating(false);
            setBaseline(text);
            setSketch({ id: made.id, title: made.title ?? null });
            notifications.show({
              color: "green",
              message: t("sketch.created", { title: made.title || t("sketch.untitled") }),
            });
            setCreated(made.id);
          }}
        />
      )}
    </Grid>
  );
}

/** /lyrics: the lyric editor; ?sketch=<id> edits that sketch's lyrics (a sketch saved here is put there too). */
export default function LyricEditorPage() {
  const { t } = useTranslation("songwriting");
  const [params, setParams] = useSearchParams();
  const sketchId = params.get("sketch");
  // The editor starts afresh for another sketch (or none), not for the sketch it has just saved the text into.
  const [session, setSession] = useState({ sketchId, mount: 0 });
  const [adopted, setAdopted] = useState<string | null>(null);
  if (sketchId !== session.sketchId) {
    setSession(
      sketchId !== null && sketchId === adopted
        ? { sketchId, mount: session.mount }
        : { sketchId, mount: session.mount + 1 },
    );
  }
  const adopt = useCallback(
    (id: string) => {
      setAdopted(id);
      setParams({ sketch: id }, { replace: true });
    },
    [setParams],
  );
  return (
    <Stack gap="md">
      <SongwritingTabs current={LYRICS_PATH} sketchId={sketchId} />
      <Title order={1} size="h2">
        {t("editor.title")}
      </Title>
      <FromSketch key={session.mount} sketchId={session.sketchId}>
        {(sketch) => (
          <LyricEditor
            initialText={sketch?.lyrics ?? ""}
            initialSketch={sketch ? { id: sketch.id, title: sketch.title ?? null } : null}
            onAdopt={adopt}
          />
        )}
      </FromSketch>
    </Stack>
  );
}
