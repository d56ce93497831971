import { Badge, Button, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconMicrophone2, IconPlayerPlay } from "@tabler/icons-react";
import {
  Fragment,
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from "react";
import { useTranslation } from "react-i18next";
import { formatSongDuration } from "../lib/format";
import {
  barLength,
  currentLine,
  currentWord,
  firstOfType,
  indexLines,
  spanOnBar,
  type LyricsDiff,
  type LyricsSection,
  type LyricsTimeline,
} from "../lib/lyrics";
import classes from "./lyrics.module.css";

/** Each row of the lyrics (a section's name or a line) is this tall, and at most this many show at once. */
const ROW_PX = 28;
const ROWS_MAX = 8;
const ROWS_MIN = 4;
const MANUAL_SCROLL_MS = 4000;
const SCROLL_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
const CHANGE_COLOURS = { DROPPED: "red", ADDED: "blue", CHANGED: "orange" } as const;

/** Play from `time` (seconds); a click on the lyrics starts the song if it was paused. */
function seek(audio: HTMLAudioElement | null, time: number): void {
  if (!audio) return;
  audio.currentTime = time;
  if (audio.paused) void audio.play().catch(() => undefined); // refused autoplay: the place is set anyway
}

/** A small button that plays from a moment of the song. */
function PlayFrom({
  audio,
  time,
  label,
  hint,
  icon = <IconPlayerPlay size={12} />,
}: {
  audio: HTMLAudioElement | null;
  time: number;
  label: string;
  hint?: string;
  icon?: ReactNode;
}) {
  return (
    <Button
      variant="subtle"
      size="compact-xs"
      leftSection={icon}
      onClick={() => seek(audio, time)}
      aria-label={hint}
    >
      {label}
    </Button>
  );
}

function useSectionName() {
  const { t } = useTranslation("songs");
  return (section: LyricsSection) =>
    t("lyrics.sectionName", { type: t(`lyrics.section.${section.type}`), number: section.number });
}

/**
 * Follows the audio with one requestAnimationFrame loop while it plays (and once after a seek while paused):
 * it reads `currentTime`, marks the current line and word with attributes (colours only: rows never change
 * size), moves the bar's playhead by a transform, and scrolls the lyrics when the line changes. React renders
 * nothing per frame. A reader who scrolls the lyrics (wheel, touch, keys, the scroll bar) is left alone for
 * MANUAL_SCROLL_MS; then, or at once after a seek, the lyrics scroll back to the line being sung.
 */
function useFollow(
  audio: HTMLAudioElement | null,
  timeline: LyricsTimeline,
  duration: number | null | undefined,
  lyrics: RefObject<HTMLDivElement | null>,
  bar: RefObject<HTMLDivElement | null>,
) {
  const index = useMemo(() => indexLines(timeline), [timeline]);
  useEffect(() => {
    const list = lyrics.current;
    if (!audio || !list) return;
    const rows = Array.from(list.querySelectorAll<HTMLElement>("[data-line]"));
    // Where each row sits: read when the lyrics change width (a long line may wrap), never per frame.
    let tops: number[] = [];
    let heights: number[] = [];
    const measure = () => {
      tops = rows.map((row) => row.offsetTop);
      heights = rows.map((row) => row.offsetHeight);
    };
    measure();
    const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    resized?.observe(list);
    const played = bar.current?.querySelector<HTMLElement>("[data-played]") ?? null;
    const playhead = bar.current?.querySelector<HTMLElement>("[data-playhead]") ?? null;
    const smooth = !window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    let shownLine = -1;
    let scrolledTo = -1;
    let manualUntil = 0;
    let shownWord: HTMLElement | null = null;
    let frame = 0;

    const paint = () => {
      const time = audio.currentTime;
      const line = currentLine(index, time);
      if (line !== shownLine) {
        rows[shownLine]?.removeAttribute("aria-current");
        if (line >= 0) rows[line].setAttribute("aria-current", "true");
        shownLine = line;
      }
      if (line >= 0 && line !== scrolledTo && performance.now() >= manualUntil) {
        const top = tops[line] - (list.clientHeight - heights[line]) / 2;
        list.scrollTo({ top: Math.max(0, top), behavior: smooth ? "smooth" : "auto" });
        scrolledTo = line;
      }
      const word = line >= 0 ? currentWord(index.lines[line], time) : -1;
      const wordElement = word >= 0 ? ((rows[line].children[word] as HTMLElement | undefined) ?? null) : null;
      if (wordElement !== shownWord) {
        shownWord?.removeAttribute("data-current");
        wordElement?.setAttribute("data-current", "");
        shownWord = wordElement;
      }
      const fraction = Math.min(1, Math.max(0, time / barLength(audio.duration, duration, timeline)));
      if (played) played.style.transform = `scaleX(${fraction})`;
      if (playhead) playhead.style.transform = `translateX(${fraction * 100}%)`;
    };
    const loop = () => {
      paint();
      frame = requestAnimationFrame(loop);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const stop = () => {
      cancelAnimationFrame(frame);
      paint();
    };
    const still = () => {
      if (audio.paused) paint();
    };
    const seeked = () => {
      manualUntil = 0; // a seek (a click on a line, the bar, the player) brings the sung line back into view
      scrolledTo = -1;
      still();
    };
    // Scrolling by hand; the lyrics' own scrollTo fires none of these.
    const manual = () => {
      manualUntil = performance.now() + MANUAL_SCROLL_MS;
      scrolledTo = -1;
    };
    const manualKey = (event: KeyboardEvent) => {
      if (SCROLL_KEYS.has(event.key)) manual();
    };
    const scrollBar = (event: PointerEvent) => {
      if (event.target === list) manual(); // a press on the list itself, not on a row: its scroll bar
    };
    list.addEventListener("wheel", manual, { passive: true });
    list.addEventListener("touchmove", manual, { passive: true });
    list.addEventListener("keydown", manualKey);
    list.addEventListener("pointerdown", scrollBar);
    audio.addEventListener("playing", start);
    audio.addEventListener("pause", stop);
    audio.addEventListener("ended", stop);
    audio.addEventListener("seeked", seeked);
    audio.addEventListener("loadedmetadata", still);
    if (audio.paused) paint();
    else start();
    return () => {
      cancelAnimationFrame(frame);
      audio.removeEventListener("playing", start);
      audio.removeEventListener("pause", stop);
      audio.removeEventListener("ended", stop);
      audio.removeEventListener("seeked", seeked);
      list.removeEventListener("wheel", manual);
      list.removeEventListener("touchmove", manual);
      list.removeEventListener("keydown", manualKey);
      list.removeEventListener("pointerdown", scrollBar);
      resized?.disconnect();
      audio.removeEventListener("loadedmetadata", still);
      rows[shownLine]?.removeAttribute("aria-current");
      shownWord?.removeAttribute("data-current");
    };
  }, [audio, index, timeline, duration, lyrics, bar]);
}

function SectionBar({
  audio,
  timeline,
  length,
  name,
  barRef,
}: {
  audio: HTMLAudioElement | null;
  timeline: LyricsTimeline;
  length: number;
  name: string;
  barRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation("songs");
  const sectionName = useSectionName();
  // A click beside the sections (an instrumental part) plays from there too.
  const seekAt = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width > 0) seek(audio, ((event.clientX - box.left) / box.width) * length);
  };
  return (
    <div
      ref={barRef}
      className={classes.bar}
      onClick={seekAt}
      role="group"
      aria-label={t("lyrics.sectionBar", { name })}
      data-testid="section-bar"
    >
      {timeline.sections.map((section) => {
        const { left, width } = spanOnBar(section.start, section.end, length);
        const label = sectionName(section);
        return (
          <button
            key={section.position}
            type="button"
            className={classes.segment}
            data-type={section.type}
            style={{ left: `${left}%`, width: `${width}%` }}
            title={t("lyrics.sectionHint", {
              name: label,
              start: formatSongDuration(section.start),
              end: formatSongDuration(section.end),
              duration: formatSongDuration(section.duration),
            })}
            aria-label={t("lyrics.sectionPlay", { name: label, start: formatSongDuration(section.start) })}
            onClick={(event) => {
              event.stopPropagation();
              seek(audio, section.start);
            }}
          >
            {label}
          </button>
        );
      })}
      <div className={classes.played} data-played />
      <div className={classes.playhead} data-playhead />
    </div>
  );
}

function LyricsLines({
  audio,
  timeline,
  name,
  listRef,
}: {
  audio: HTMLAudioElement | null;
  timeline: LyricsTimeline;
  name: string;
  listRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation("songs");
  const sectionName = useSectionName();
  let n = 0;
  return (
    <div
      ref={listRef}
      className={classes.lyrics}
      role="group"
      aria-label={t("lyrics.label", { name })}
      data-testid="synced-lyrics"
    >
      {timeline.sections.map((section) => (
        <Fragment key={section.position}>
          <div className={classes.head}>
            {sectionName(section)} · {formatSongDuration(section.start)}
          </div>
          {section.lines.map((line) => (
            <button
              key={n}
              type="button"
              className={classes.line}
              data-line={n++}
              data-testid="lyrics-line"
              title={t("lyrics.lineHint", { time: formatSongDuration(line.start) })}
              onClick={() => seek(audio, line.start)}
            >
              {line.words.length > 0
                ? line.words.map((word, i) => (
                    <span key={i} className={classes.word}>
                      {word.text}
                    </span>
                  ))
                : line.text}
            </button>
          ))}
        </Fragment>
      ))}
    </div>
  );
}

function DiffPanel({ audio, diff }: { audio: HTMLAudioElement | null; diff: LyricsDiff | null }) {
  const { t } = useTranslation("songs");
  return (
    <div className={classes.diff} data-testid="lyrics-diff">
      <Stack gap={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {t("lyrics.diff.title")}
        </Text>
        {!diff ? (
          <Text size="sm" c="dimmed">
            {t("lyrics.diff.none")}
          </Text>
        ) : diff.identical ? (
          <Group gap={6} wrap="nowrap">
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text size="sm">{t("lyrics.diff.identical", { lines: diff.askedLines })}</Text>
          </Group>
        ) : (
          <>
            <Text size="sm">
              {t("lyrics.diff.summary", { kept: diff.keptLines, asked: diff.askedLines })}
            </Text>
            {diff.changes.map((change, i) => (
              <Stack key={i} gap={2} data-testid="lyrics-change" data-kind={change.kind}>
                <Group gap={6} wrap="nowrap">
                  <Badge size="xs" variant="light" color={CHANGE_COLOURS[change.kind]}>
                    {t(`lyrics.diff.${change.kind}`)}
                  </Badge>
                  {change.askedLine != null && (
                    <Text size="xs" c="dimmed">
                      {t("lyrics.diff.line", { number: change.askedLine })}
                    </Text>
                  )}
                  {change.start != null && (
                    <PlayFrom
                      audio={audio}
                      time={change.start}
                      label={formatSongDuration(change.start)}
                      hint={t("lyrics.diff.play", { time: formatSongDuration(change.start) })}
                    />
                  )}
                </Group>
                {change.asked != null && (
                  <Text size="sm" td={change.kind === "DROPPED" ? "line-through" : undefined}>
                    {change.asked}
                  </Text>
                )}
                {change.kind === "CHANGED" && (
                  <Text size="xs" c="dimmed">
                    {t("lyrics.diff.sungAs")}
                  </Text>
                )}
                {change.sung != null && <Text size="sm">{change.sung}</Text>}
              </Stack>
            ))}
          </>
        )}
      </Stack>
    </div>
  );
}

export interface SyncedPlayerProps {
  /** The choice's audio element (null until it is in the page). */
  audio: HTMLAudioElement | null;
  timeline: LyricsTimeline;
  diff: LyricsDiff | null;
  /** The choice's length in seconds, as the API says (the audio's own once it has loaded). */
  duration: number | null | undefined;
  /** The choice's name ("Version 2"), for labels. */
  name: string;
  /** The audio player: shown between the section bar and the lyrics. */
  children: ReactNode;
}

/**
 * A choice's player with its lyrics: the sections to scale above the player (click one to play it), the lyrics
 * following the audio line by line and word by word (click a line to play from it), where the singing and the
 * first chorus start, and beside the lyrics how the sung lines differ from the song's lyrics.
 */
export function SyncedPlayer({ audio, timeline, diff, duration, name, children }: SyncedPlayerProps) {
  const { t } = useTranslation("songs");
  const listRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  useFollow(audio, timeline, duration, listRef, barRef);
  const length = barLength(null, duration, timeline);
  const chorus = firstOfType(timeline, "CHORUS");
  // As many rows as the lyrics have (within bounds), fixed for the song: nothing resizes while it plays.
  const count = timeline.sections.reduce((rows, section) => rows + 1 + section.lines.length, 0);
  const sizes = {
    "--lyrics-row": `${ROW_PX}px`,
    "--lyrics-rows": Math.min(ROWS_MAX, Math.max(ROWS_MIN, count)),
  } as CSSProperties;
  return (
    <Stack gap={6} style={sizes}>
      <SectionBar audio={audio} timeline={timeline} length={length} name={name} barRef={barRef} />
      {children}
      <Group gap={4}>
        {timeline.firstVocal != null && (
          <PlayFrom
            audio={audio}
            time={timeline.firstVocal}
            icon={<IconMicrophone2 size={12} />}
            label={t("lyrics.firstVocal", { time: formatSongDuration(timeline.firstVocal) })}
          />
        )}
        {chorus && (
          <PlayFrom
            audio={audio}
            time={chorus.start}
            label={t("lyrics.firstChorus", { time: formatSongDuration(chorus.start) })}
          />
        )}
      </Group>
      <SimpleGrid type="container" cols={{ base: 1, "440px": 2 }} spacing="sm">
        <LyricsLines audio={audio} timeline={timeline} name={name} listRef={listRef} />
        <DiffPanel audio={audio} diff={diff} />
      </SimpleGrid>
    </Stack>
  );
}
