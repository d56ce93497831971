import { useCallback } from "react";
import { useClient, useQuery } from "urql";
import { useNavigate } from "react-router";
import { useSession } from "@/shared/auth";
import type { LoginMutation } from "@/gql/graphql";
import { apiLanguage, setLanguage } from "@/shared/i18n";
import { serverInfoDocument, viewerUpdateDocument } from "./operations";

/** Whether the server awaits its first account and whether registration is open (always asked afresh). */
export function useServerInfo() {
  const [{ data, fetching, error }] = useQuery({ query: serverInfoDocument, requestPolicy: "network-only" });
  return { serverInfo: data?.serverInfo ?? null, fetching, error };
}

type Auth = LoginMutation["login"];

/**
 * Takes up the token of a login and goes to `next`. The UI switches to the user's language — unless
 * `keepLanguage` (a new account): then the language chosen on the page is stored for the user.
 */
export function useCompleteSignIn() {
  const client = useClient();
  const { start } = useSession();
  const navigate = useNavigate();
  return useCallback(
    async (auth: Auth, next: string, options: { keepLanguage?: boolean } = {}) => {
      if (!auth.token) return;
      if (auth.user) {
        if (options.keepLanguage && auth.user.language !== apiLanguage()) {
          await client
            .mutation(
              viewerUpdateDocument,
              { input: { language: apiLanguage() } },
              { fetchOptions: { headers: { authorization: `Bearer ${auth.token}` } } },
            )
            .toPromise();
        } else {
          await setLanguage(auth.user.language);
        }
      }
      start(auth.token, auth.expiresAt);
      navigate(next, { replace: true });
    },
    [client, start, navigate],
  );
}
