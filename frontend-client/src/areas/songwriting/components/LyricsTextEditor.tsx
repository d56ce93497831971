import { useRef, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { LyricsAnalysisQuery } from "@/gql/graphql";
import { rhymeColours } from "../lib/lyrics";
import classes from "./songwriting.module.css";

type LineStats = LyricsAnalysisQuery["lyricsStats"]["lines"][number];

/**
 * The lyrics in a textarea whose lines never wrap, with a gutter beside each line: its syllables and its letter in
 * its section's rhyme scheme, coloured (and the line's edge too) by its rhyme, so lines that rhyme share a
 * colour. The numbers are for the text the server last saw: a line changed since shows none until it answers.
 */
export function LyricsTextEditor({
  text,
  stats,
  onChange,
  onKeyDown,
  readOnly,
  busy,
  textareaRef,
  label,
  description,
}: {
  text: string;
  stats: readonly LineStats[] | null;
  onChange(text: string): void;
  onKeyDown?(event: KeyboardEvent<HTMLTextAreaElement>): void;
  readOnly: boolean;
  busy?: boolean;
  textareaRef: Ref<HTMLTextAreaElement>;
  label: string;
  description: string;
}) {
  const { t } = useTranslation("songwriting");
  const gutter = useRef<HTMLDivElement>(null);
  const lines = text.split("\n");
  const colours = rhymeColours(stats?.map((s) => s.rhymeKey) ?? []);

  return (
    <div className={classes.frame}>
      <div className={classes.gutter} aria-hidden data-testid="lyrics-gutter">
        <div className={classes.gutterInner} ref={gutter}>
          {lines.map((line, i) => {
            const s = stats?.[i];
            const current = s && s.text === line ? s : null;
            const colour = current?.rhymeKey ? colours.get(current.rhymeKey) : undefined;
            const words = current && !current.isLabel && current.syllables > 0;
            const title = words
              ? [
                  t("editor.gutterTitle", { count: current.syllables, letter: current.letter ?? "–" }),
                  current.estimatedWords.length
                    ? t("editor.estimated", { words: current.estimatedWords.join(", ") })
                    : "",
                ]
                  .filter(Boolean)
                  .join(" · ")
              : undefined;
            return (
              <div
                key={i}
                className={classes.gutterLine}
                style={colour ? { borderLeftColor: `var(--mantine-color-${colour}-filled)` } : undefined}
                title={title}
                data-testid="gutter-line"
                data-syllables={words ? current.syllables : undefined}
                data-letter={words ? (current.letter ?? undefined) : undefined}
                data-rhyme={colour}
                data-estimated={current?.estimatedWords.length ? true : undefined}
              >
                <span className={classes.count}>{words ? current.syllables : ""}</span>
                <span
                  className={classes.letter}
                  data-rhymes={colour ? true : undefined}
                  style={colour ? { background: `var(--mantine-color-${colour}-filled)` } : undefined}
                >
                  {words ? current.letter : ""}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <textarea
        ref={textareaRef}
        className={classes.textarea}
        value={text}
        wrap="off"
        spellCheck
        aria-label={label}
        aria-description={description}
        aria-busy={busy}
        readOnly={readOnly}
        onChange={(event) => onChange(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (gutter.current) {
            gutter.current.style.transform = `translateY(${-event.currentTarget.scrollTop}px)`;
          }
        }}
        data-testid="lyrics-text"
      />
    </div>
  );
}
