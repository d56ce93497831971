import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { MessageStreamDocument } from "../operations";
import { applyStreamEvent, initialStream, resubscribed, type StreamState } from "./stream";

export interface LiveMessage extends StreamState {
  /** At least one event arrived: `text` is the live text (else show the stored content). */
  live: boolean;
  /** The subscription failed (not the answer): the stored content is all we can show. */
  failed: boolean;
}

/**
 * Follows an answer being written (`messageStream`) while `active`: the first event replaces the text the
 * page had (a reload mid-answer shows the text so far), later ones are appended, the final one carries the
 * stored message. `onEnd` runs once, when the answer has ended.
 */
export function useMessageStream(
  messageId: string,
  initialText: string,
  active: boolean,
  onEnd?: (state: StreamState) => void,
): LiveMessage {
  const client = useClient();
  const [state, setState] = useState<StreamState>(() => initialStream(initialText));
  const [live, setLive] = useState(false);
  const [failed, setFailed] = useState(false);
  const onEndRef = useRef(onEnd);
  useEffect(() => {
    onEndRef.current = onEnd;
  });
  const ended = state.final !== null;

  // The state as the events build it (events can come faster than renders).
  const current = useRef(state);

  useEffect(() => {
    if (!active || ended) return;
    current.current = resubscribed(current.current);
    setState(current.current);
    let done = false;
    const subscription = client.subscription(MessageStreamDocument, { messageId }).subscribe((result) => {
      if (done) return;
      if (result.error) {
        setFailed(true);
        return;
      }
      const event = result.data?.messageStream;
      if (!event) return;
      const next = applyStreamEvent(current.current, event);
      current.current = next;
      setLive(true);
      setState(next);
      if (next.final) {
        done = true;
        onEndRef.current?.(next);
      }
    });
    return () => {
      done = true;
      subscription.unsubscribe();
    };
  }, [client, messageId, active, ended]);

  return { ...state, live, failed };
}
