import { useCallback, useReducer } from "react";
import { historyOf, record, redo, undo, type TextHistory } from "../lib/history";

type Action =
  | { type: "set"; text: string; how: "typing" | "tool"; at: number }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "reset"; text: string };

function reducer(history: TextHistory, action: Action): TextHistory {
  switch (action.type) {
    case "set":
      return record(history, action.text, action.how, action.at);
    case "undo":
      return undo(history);
    case "redo":
      return redo(history);
    case "reset":
      return historyOf(action.text);
  }
}

export interface TextHistoryControls {
  text: string;
  /** Typing (merged into its burst) or a tool's change (a step of its own). */
  set(text: string, how: "typing" | "tool"): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  /** Starts again from `text`, with nothing to undo. */
  reset(text: string): void;
}

/** The lyric editor's text with multi-level undo and redo (lib/history.ts). */
export function useTextHistory(initial: string): TextHistoryControls {
  const [history, dispatch] = useReducer(reducer, initial, historyOf);
  const set = useCallback(
    (text: string, how: "typing" | "tool") => dispatch({ type: "set", text, how, at: Date.now() }),
    [],
  );
  return {
    text: history.present,
    set,
    undo: useCallback(() => dispatch({ type: "undo" }), []),
    redo: useCallback(() => dispatch({ type: "redo" }), []),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    reset: useCallback((text: string) => dispatch({ type: "reset", text }), []),
  };
}
