/** Paths the shared code and more than one area link to. Areas keep their own paths in their folder. */
export const paths = {
  home: "/",
  signIn: "/sign-in",
  register: "/register",
  profile: "/profile",
} as const;

/** Where the user is now, as a `next` value: path + query + hash. */
export function here(location: { pathname: string; search: string; hash: string }): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

/** /sign-in?next=… for coming back to `next` after signing in. */
export function signInPath(next?: string | null): string {
  if (!next || next === paths.signIn || next === "/") return paths.signIn;
  return `${paths.signIn}?${new URLSearchParams({ next }).toString()}`;
}

/** The `next` of a sign-in URL, only when it is a path on this site (never another origin). */
export function safeNext(value: string | null | undefined, fallback: string = paths.home): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
