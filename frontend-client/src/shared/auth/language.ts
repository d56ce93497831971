import { useCallback, useEffect, useRef } from "react";
import { useMutation } from "urql";
import { graphql } from "@/gql";
import { setLanguage, type Lang } from "../i18n";
import { useSession } from "./session";
import { useViewer } from "./viewer";

const viewerLanguageUpdateDocument = graphql(`
  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {
    viewerUpdate(input: $input) {
      user {
        id
        language
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Switches the language at once, and stores it on the server when signed in. */
export function useChangeLanguage(): (lang: Lang) => Promise<void> {
  const { signedIn } = useSession();
  const [, update] = useMutation(viewerLanguageUpdateDocument);
  return useCallback(
    async (lang: Lang) => {
      await setLanguage(lang);
      if (signedIn) await update({ input: { language: lang === "de" ? "DE" : "EN" } });
    },
    [signedIn, update],
  );
}

/** Applies the signed-in user's language whenever it is loaded or changes on the server. */
export function ViewerLanguageSync() {
  const { viewer } = useViewer();
  const language = viewer?.language;
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!language || applied.current === language) return;
    applied.current = language;
    void setLanguage(language);
  }, [language]);
  return null;
}
