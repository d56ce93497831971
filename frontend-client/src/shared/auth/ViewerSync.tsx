import { useEffect, useRef } from "react";
import { useQuery } from "urql";
import { setLanguage } from "../i18n";
import { useSession } from "./session";
import { sessionStore } from "./sessionStore";
import { ViewerDocument } from "./viewer";

/**
 * Rendered once at the root while signed in:
 * - applies the user's language whenever it is loaded or changes on the server;
 * - ends the session as expired when the server no longer knows the token (`viewer` is null: revoked,
 *   expired, or from a reset server), so the user signs in again and comes back.
 */
export function ViewerSync() {
  const { signedIn, token } = useSession();
  const [{ data, fetching, error, stale }] = useQuery({
    query: ViewerDocument,
    pause: !signedIn,
    requestPolicy: "cache-first",
  });
  const language = signedIn ? data?.viewer?.language : undefined;
  const applied = useRef<string | null>(null);

  useEffect(() => {
    if (!language || applied.current === language) return;
    applied.current = language;
    void setLanguage(language);
  }, [language]);

  const unknown = signedIn && !fetching && !stale && !error && data !== undefined && data.viewer === null;
  useEffect(() => {
    if (unknown && token && sessionStore.getState().session?.token === token) sessionStore.end("expired");
  }, [unknown, token]);

  return null;
}
