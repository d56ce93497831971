import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../i18n";
import type { UserErrorLike } from "./errors";

/**
 * A userError as text: the server's own message in English (it is specific: "Lyrics is at most 3000
 * characters"), in other languages the area's translation of its code (`<ns>:<group>.<CODE>`, `group`
 * "userError" unless a page has words of its own for the same codes), else the shared one, else the server's
 * message.
 */
export function useUserErrorText(ns: string, group = "userError"): (error: UserErrorLike) => string {
  const { t } = useTranslation(ns);
  return useCallback(
    (error: UserErrorLike) => {
      if (currentLanguage() === "en") return error.message;
      return t(`${group}.${error.code}`, {
        defaultValue: t(`common:userError.${error.code}`, { defaultValue: error.message }),
      });
    },
    [t, group],
  );
}
