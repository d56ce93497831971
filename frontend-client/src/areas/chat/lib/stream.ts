import type { ChatMessageFieldsFragment, MessageStatus } from "@/gql/graphql";

/** One event of `messageStream`, as the client reads it. */
export interface StreamEvent {
  delta: string;
  status: MessageStatus;
  errorCode?: string | null;
  message?: ChatMessageFieldsFragment | null;
}

/** A streamed answer as far as it has arrived. */
export interface StreamState {
  /** The answer's text so far (on the final event: the stored text). */
  text: string;
  /** Events of the current subscription; 0 until its first event (which holds all text so far). */
  events: number;
  /** How the answer ended; null while it is still being written. */
  final: ChatMessageFieldsFragment | null;
  status: MessageStatus;
  errorCode: string | null;
}

/** Before any event: the text the page already had (e.g. the stored text of a STREAMING message). */
export function initialStream(text = ""): StreamState {
  return { text, events: 0, final: null, status: "STREAMING", errorCode: null };
}

/**
 * A new subscription to the same answer (a reload, or a socket that reconnected): its first event again
 * holds all text so far, so it replaces what we had instead of being appended.
 */
export function resubscribed(state: StreamState): StreamState {
  return state.final ? state : { ...state, events: 0 };
}

/**
 * Adds one event. The server promises: the first event of a subscription is all text so far, each later one
 * the new text, and the final one carries the stored message. A replay that arrives without a new
 * subscription we know of (graphql-ws resubscribes on its own after a dropped socket) starts with
 * everything we have: it replaces the text rather than doubling it. The final event's stored message wins.
 */
export function applyStreamEvent(state: StreamState, event: StreamEvent): StreamState {
  if (state.final) return state;
  let text: string;
  if (state.events === 0) {
    text = event.delta;
  } else if (isReplay(state.text, event.delta)) {
    text = event.delta;
  } else {
    text = state.text + event.delta;
  }
  const ended = event.status !== "STREAMING";
  if (ended) {
    const final: ChatMessageFieldsFragment | null = event.message ?? null;
    return {
      text: final ? final.content : text,
      events: state.events + 1,
      final: final ?? {
        // No stored message came with the end (should not happen): keep what arrived.
        id: "",
        role: "ASSISTANT",
        content: text,
        status: event.status,
        tokenCount: null,
        isSummary: false,
        archived: false,
        superseded: false,
        createdAt: "",
        error: event.errorCode ? { code: event.errorCode, message: event.errorCode } : null,
      },
      status: event.status,
      errorCode: event.errorCode ?? null,
    };
  }
  return { ...state, text, events: state.events + 1, status: event.status };
}

/** A delta that repeats all text so far (and possibly more) is a replay of the first event. */
function isReplay(sofar: string, delta: string): boolean {
  return sofar.length >= 8 && delta.length >= sofar.length && delta.startsWith(sofar);
}
