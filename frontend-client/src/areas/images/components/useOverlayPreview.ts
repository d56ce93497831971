import { useCallback, useEffect, useRef, useState } from "react";
import { useClient, type CombinedError } from "urql";
import type { ImageOverlayInput } from "@/gql/graphql";
import type { UserErrorLike } from "@/shared/graphql/errors";
import { imageOverlayPreviewDocument } from "../operations";

/** How soon after a change its preview is asked for (changes meanwhile go with it: typing, a slider dragged). */
export const PREVIEW_DELAY_MS = 60;

export interface OverlayPicture {
  dataUrl: string;
  width: number;
  height: number;
}

export interface OverlayPreviewState {
  /** The last preview the server drew of this image; kept while the next one is drawn, and when it is refused. */
  picture: OverlayPicture | null;
  /** The picture shows the settings as they are now. */
  current: boolean;
  /** The settings changed since the last answer: a preview is on its way (or about to be asked for). */
  loading: boolean;
  /** The latest answer's userErrors (bad settings: the picture stays the last good one). */
  userErrors: readonly UserErrorLike[];
  /** The latest request failed outright (network, server). */
  error: CombinedError | null;
}

type Settings = Omit<ImageOverlayInput, "imageId">;

interface Answer {
  key: string;
  imageId: string;
  picture: OverlayPicture | null;
  userErrors: readonly UserErrorLike[];
  error: CombinedError | null;
}

/**
 * A live preview of an overlay (imageOverlayPreview). A change is asked for a moment after it is made, with whatever
 * changed meanwhile; while a request is on its way nothing more is sent, and its answer sends the settings as they
 * are then — so it follows a dragged slider as fast as the server draws, and never queues old positions. Answers
 * older than the one shown are dropped, and the picture shown is always the latest good one of this image.
 * Previews skip the client's document cache (`uncached`): it would keep one picture per slider position.
 * `settings` null (no title yet): nothing is asked for.
 */
export function useOverlayPreview(
  imageId: string | null,
  settings: Settings | null,
  width: number,
): OverlayPreviewState {
  const client = useClient();
  const key = imageId && settings ? JSON.stringify({ imageId, settings, width }) : null;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [good, setGood] = useState<{ imageId: string; picture: OverlayPicture } | null>(null);

  // Between requests: the settings wanted now, those last sent, whether one is on its way, the answers' order.
  const run = useRef({
    wanted: null as string | null,
    sent: null as string | null,
    busy: false,
    seq: 0,
    shown: 0,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(false);

  const send = useCallback(
    function send(): void {
      const r = run.current;
      if (!mounted.current || r.busy || r.wanted === null || r.wanted === r.sent) return;
      const asked = r.wanted;
      const seq = ++r.seq;
      const {
        imageId: id,
        settings: body,
        width: w,
      } = JSON.parse(asked) as {
        imageId: string;
        settings: Settings;
        width: number;
      };
      r.busy = true;
      r.sent = asked;
      void client
        .query(
          imageOverlayPreviewDocument,
          { input: { imageId: id, ...body, width: w } },
          { requestPolicy: "network-only", uncached: true },
        )
        .toPromise()
        .then((result) => {
          r.busy = false;
          if (!mounted.current) return;
          if (seq > r.shown) {
            r.shown = seq;
            const payload = result.data?.imageOverlayPreview;
            const picture = payload?.preview ?? null;
            setAnswer({
              key: asked,
              imageId: id,
              picture,
              userErrors: payload?.userErrors ?? [],
              error: result.error ?? null,
            });
            if (picture) setGood({ imageId: id, picture });
          }
          send(); // the settings as they are now, if they moved on while this was drawn
        });
    },
    [client],
  );

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  useEffect(() => {
    const r = run.current;
    r.wanted = key;
    if (key === null || key === r.sent || r.busy || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      send();
    }, PREVIEW_DELAY_MS);
  }, [key, send]);

  const settled = key !== null && answer?.key === key;
  return {
    picture: good && good.imageId === imageId ? good.picture : null,
    current: settled && !!answer?.picture,
    loading: key !== null && !settled,
    userErrors: answer && answer.imageId === imageId ? answer.userErrors : [],
    error: answer?.error ?? null,
  };
}
