import { Fragment } from "react";
import { codeOf, pieces, spans } from "../lib/whitespace";
import classes from "./songwriting.module.css";

/** A text with its whitespace shown: · a space, → a tab, ¶ a line break (then the break), others by code. */
export function Whitespace({ text }: { text: string }) {
  return (
    <>
      {pieces(text).map((piece, i) => {
        switch (piece.kind) {
          case "text":
            return <Fragment key={i}>{piece.text}</Fragment>;
          case "space":
            return (
              <span key={i} className={classes.ws} data-ws="space">
                {"·".repeat(piece.count)}
              </span>
            );
          case "tab":
            return (
              <span key={i} className={classes.ws} data-ws="tab">
                {"→\u2003"}
              </span>
            );
          case "newline":
            return (
              <Fragment key={i}>
                <span className={classes.ws} data-ws="newline">
                  ¶
                </span>
                {"\n"}
              </Fragment>
            );
          case "other":
            return (
              <span key={i} className={classes.ws} data-ws="other" title={codeOf(piece.text)}>
                {`⟨${codeOf(piece.text)}⟩`}
              </span>
            );
        }
      })}
    </>
  );
}

/** A text in a box, its whitespace shown and, when given, the matches marked (spans in code points). */
export function VisibleText({
  text,
  matches,
  label,
  testId,
}: {
  text: string;
  matches?: readonly { start: number; end: number }[];
  label?: string;
  testId?: string;
}) {
  return (
    <pre className={classes.visible} aria-label={label} data-testid={testId}>
      {(matches ? spans(text, matches) : [{ text, match: null }]).map((span, i) =>
        span.match === null ? (
          <Whitespace key={i} text={span.text} />
        ) : (
          <mark
            key={i}
            className={classes.match}
            data-testid="rule-match"
            data-empty={span.text ? undefined : true}
          >
            <Whitespace text={span.text} />
          </mark>
        ),
      )}
    </pre>
  );
}
