import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../auth/session";
import { here, paths, signInPath } from "./paths";

/**
 * Renders its children only with a session. Without one it sends the user to sign in — with `next` set to
 * where they were, unless they have just signed out.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { signedIn, ended } = useSession();
  const location = useLocation();
  if (!signedIn) {
    const target = ended === "signedOut" ? paths.signIn : signInPath(here(location));
    return <Navigate to={target} replace />;
  }
  return <>{children}</>;
}
