/**
 * The signed-in session, kept outside React so the GraphQL client can read it: a bearer token and
 * when it expires, stored in localStorage (shared by every tab of this origin).
 *
 * `end("expired")` is how every "your token is no longer good" path ends a session (expiry timer,
 * UNAUTHENTICATED from the API); `end("signedOut")` is the user's own sign-out. RequireSession sends the
 * user to /sign-in?next=… after an expiry, and to plain /sign-in after a sign-out.
 */

export interface Session {
  token: string;
  /** ISO 8601 instant, or null when the server did not say. */
  expiresAt: string | null;
}

export type EndReason = "signedOut" | "expired";

export interface SessionState {
  session: Session | null;
  /** Why the last session ended, until the next sign-in. */
  ended: EndReason | null;
}

export const STORAGE_KEY = "aiproxy.session";

type Listener = () => void;

/** True when the session's expiresAt lies at or before `now`. */
export function isExpired(session: Session, now: number = Date.now()): boolean {
  if (!session.expiresAt) return false;
  const at = Date.parse(session.expiresAt);
  return Number.isFinite(at) && at <= now;
}

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== "string" || !value.token) return null;
    return { token: value.token, expiresAt: typeof value.expiresAt === "string" ? value.expiresAt : null };
  } catch {
    return null;
  }
}

export interface SessionStoreOptions {
  storage?: Storage;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

// setTimeout's delay is a signed 32-bit number of milliseconds; longer waits fire at once.
const MAX_DELAY = 2_147_483_647;

export class SessionStore {
  private state: SessionState;
  private listeners = new Set<Listener>();
  private timer: unknown = null;
  private readonly storage: Storage;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(options: SessionStoreOptions = {}) {
    this.storage = options.storage ?? window.localStorage;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
    const stored = parse(this.storage.getItem(STORAGE_KEY));
    if (stored && isExpired(stored, this.now())) {
      this.storage.removeItem(STORAGE_KEY);
      this.state = { session: null, ended: "expired" };
    } else {
      this.state = { session: stored, ended: null };
    }
    this.schedule();
  }

  getState = (): SessionState => this.state;

  /** The current token, or null when signed out or past its expiry. */
  token(): string | null {
    const { session } = this.state;
    if (!session) return null;
    if (isExpired(session, this.now())) {
      this.end("expired");
      return null;
    }
    return session.token;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stores a new session (sign-in, registration, password change). */
  start(session: Session): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.set({ session, ended: null });
  }

  /** Ends the session; a no-op when there is none. */
  end(reason: EndReason): void {
    if (!this.state.session) return;
    this.storage.removeItem(STORAGE_KEY);
    this.set({ session: null, ended: reason });
  }

  /** Takes up a change another tab made to localStorage. */
  syncFromStorage(): void {
    const stored = parse(this.storage.getItem(STORAGE_KEY));
    if (stored?.token === this.state.session?.token) return;
    this.set(stored ? { session: stored, ended: null } : { session: null, ended: "signedOut" });
  }

  private set(state: SessionState): void {
    this.state = state;
    this.schedule();
    for (const listener of [...this.listeners]) listener();
  }

  private schedule(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const session = this.state.session;
    if (!session?.expiresAt) return;
    const delay = Date.parse(session.expiresAt) - this.now();
    if (!Number.isFinite(delay)) return;
    this.timer = this.setTimer(
      () => {
        this.timer = null;
        if (this.state.session === session) {
          if (isExpired(session, this.now())) this.end("expired");
          else this.schedule();
        }
      },
      Math.min(Math.max(delay, 0), MAX_DELAY),
    );
  }
}

export const sessionStore = new SessionStore();

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY || event.key === null) sessionStore.syncFromStorage();
  });
}
