/**
 * The lyric editor's undo history: every state of the text, so undo and redo go back and forth any number of
 * steps. Typing is one step per burst (changes less than COALESCE_MS apart, for at most BURST_MS); every tool
 * (an AI suggestion applied, cleanup, structure, replace all) is a step of its own.
 */
export interface TextHistory {
  past: string[];
  present: string;
  future: string[];
  /** When the typing burst the present belongs to started and last changed; null after any other step. */
  burst: { startedAt: number; lastAt: number } | null;
}

export const HISTORY_MAX = 200;
export const COALESCE_MS = 1000;
export const BURST_MS = 5000;

export function historyOf(text: string): TextHistory {
  return { past: [], present: text, future: [], burst: null };
}

/** The text changed: by typing (merged into the burst it continues) or by a tool (a step of its own). */
export function record(
  history: TextHistory,
  text: string,
  how: "typing" | "tool",
  now: number = Date.now(),
): TextHistory {
  if (text === history.present) return history;
  const { burst } = history;
  if (how === "typing" && burst && now - burst.lastAt < COALESCE_MS && now - burst.startedAt < BURST_MS) {
    return { ...history, present: text, future: [], burst: { ...burst, lastAt: now } };
  }
  const past = [...history.past, history.present].slice(-HISTORY_MAX);
  return {
    past,
    present: text,
    future: [],
    burst: how === "typing" ? { startedAt: now, lastAt: now } : null,
  };
}

export function undo(history: TextHistory): TextHistory {
  if (!history.past.length) return history;
  const previous = history.past[history.past.length - 1];
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    burst: null,
  };
}

export function redo(history: TextHistory): TextHistory {
  if (!history.future.length) return history;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next, future: rest, burst: null };
}
