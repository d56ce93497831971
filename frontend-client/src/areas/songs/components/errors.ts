import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "@/shared/i18n";
import type { UserErrorLike } from "@/shared/graphql/errors";

/**
 * A userError as text: the server's own message in English (it is specific: "Lyrics is at most 3000
 * characters"), in German the area's translation of its code (INSUFFICIENT_BALANCE …), else the shared one.
 */
export function useSongErrorText(): (error: UserErrorLike) => string {
  const { t } = useTranslation("songs");
  return useCallback(
    (error: UserErrorLike) => {
      if (currentLanguage() === "en") return error.message;
      return t(`userError.${error.code}`, {
        defaultValue: t(`common:userError.${error.code}`, { defaultValue: error.message }),
      });
    },
    [t],
  );
}
