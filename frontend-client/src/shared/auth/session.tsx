import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { Provider as UrqlProvider } from "urql";
import { createGraphqlClient } from "../graphql/client";
import { sessionStore, type EndReason, type Session } from "./sessionStore";

export interface SessionApi {
  session: Session | null;
  /** The bearer token, or null when signed out. */
  token: string | null;
  signedIn: boolean;
  /** Why the last session ended (until the next sign-in): "expired" shows a note on the sign-in page. */
  ended: EndReason | null;
  /** Stores the token of a login, registration or password change. */
  start(token: string, expiresAt?: string | null): void;
  /** Ends the session at the user's request. */
  signOut(): void;
}

export const SessionContext = createContext<SessionApi | null>(null);

/** Provides the session and an urql client bound to its token (a new client when the token changes). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
  const token = state.session?.token ?? null;
  const graphql = useMemo(() => createGraphqlClient(token), [token]);
  useEffect(() => () => graphql.dispose(), [graphql]);

  const start = useCallback((t: string, expiresAt?: string | null) => {
    sessionStore.start({ token: t, expiresAt: expiresAt ?? null });
  }, []);
  const signOut = useCallback(() => sessionStore.end("signedOut"), []);

  const api = useMemo<SessionApi>(
    () => ({ session: state.session, token, signedIn: !!token, ended: state.ended, start, signOut }),
    [state, token, start, signOut],
  );
  return (
    <SessionContext.Provider value={api}>
      <UrqlProvider value={graphql.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error("useSession needs a SessionProvider");
  return api;
}
