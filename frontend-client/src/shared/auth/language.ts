import { useCallback } from "react";
import { useMutation } from "urql";
import { graphql } from "@/gql";
import { setLanguage, type Lang } from "../i18n";
import { useSession } from "./session";

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
