import { beforeEach, describe, expect, it, vi } from "vitest";
import { isExpired, SessionStore, STORAGE_KEY } from "./sessionStore";

function fakeClock(start: number) {
  let now = start;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    },
    pending: () => timers.length,
  };
}

const T0 = Date.parse("2026-01-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("SessionStore", () => {
  beforeEach(() => localStorage.clear());

  it("stores a session in localStorage and reads it back in a new store", () => {
    const clock = fakeClock(T0);
    const store = new SessionStore({ ...clock });
    store.start({ token: "abc", expiresAt: iso(T0 + 60_000) });
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toEqual({
      token: "abc",
      expiresAt: iso(T0 + 60_000),
    });
    const again = new SessionStore({ ...clock });
    expect(again.getState().session?.token).toBe("abc");
    expect(again.token()).toBe("abc");
  });

  it("ends the session as expired when its expiry timer fires, and tells listeners", () => {
    const clock = fakeClock(T0);
    const store = new SessionStore({ ...clock });
    const listener = vi.fn();
    store.subscribe(listener);
    store.start({ token: "abc", expiresAt: iso(T0 + 60_000) });
    clock.advance(59_000);
    expect(store.getState().session).not.toBeNull();
    clock.advance(1_000);
    expect(store.getState()).toEqual({ session: null, ended: "expired" });
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("drops a stored session that has expired meanwhile", () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: "old", expiresAt: iso(T0 - 1) }));
    const store = new SessionStore({ ...fakeClock(T0) });
    expect(store.getState()).toEqual({ session: null, ended: "expired" });
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("token() ends a session past its expiry even when no timer fired (sleeping laptop)", () => {
    const clock = fakeClock(T0);
    const store = new SessionStore({ ...clock, setTimer: () => 0, clearTimer: () => {} });
    store.start({ token: "abc", expiresAt: iso(T0 + 1_000) });
    expect(store.token()).toBe("abc");
    clock.advance(1_000);
    expect(store.token()).toBeNull();
    expect(store.getState().ended).toBe("expired");
  });

  it("a new token (password change) replaces the old one and its timer", () => {
    const clock = fakeClock(T0);
    const store = new SessionStore({ ...clock });
    store.start({ token: "one", expiresAt: iso(T0 + 1_000) });
    store.start({ token: "two", expiresAt: iso(T0 + 10_000) });
    expect(clock.pending()).toBe(1);
    clock.advance(5_000);
    expect(store.token()).toBe("two");
  });

  it("sign-out says so, and ignores a second call", () => {
    const store = new SessionStore({ ...fakeClock(T0) });
    store.start({ token: "abc", expiresAt: null });
    store.end("signedOut");
    store.end("expired");
    expect(store.getState()).toEqual({ session: null, ended: "signedOut" });
  });

  it("ignores garbage in storage", () => {
    localStorage.setItem(STORAGE_KEY, "{not json");
    expect(new SessionStore({ ...fakeClock(T0) }).getState().session).toBeNull();
  });

  it("isExpired treats a missing expiry as never", () => {
    expect(isExpired({ token: "a", expiresAt: null }, T0)).toBe(false);
    expect(isExpired({ token: "a", expiresAt: iso(T0) }, T0)).toBe(true);
  });
});
