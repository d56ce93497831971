import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import type { UserErrorLike } from "@/shared/graphql/errors";

/** A userError as text, in German with the images area's own words for its codes. */
export function useImageErrorText(): (error: UserErrorLike) => string {
  return useUserErrorText("images");
}

/** Codes an image's failure has words for (the provider's, domain/common/provider_errors.py, and the job's). */
export const FAILURE_CODES = [
  "CONTENT_POLICY",
  "INVALID_API_KEY",
  "QUOTA_EXCEEDED",
  "RATE_LIMITED",
  "TIMEOUT",
  "PROVIDER_UNAVAILABLE",
  "MODEL_NOT_FOUND",
  "BAD_REQUEST",
  "INTERRUPTED",
  "NOT_FOUND",
] as const;

/**
 * Why an image failed, in the UI language: a sentence for its code (what happened and what to do), and the
 * provider's own message as the detail.
 */
export function useFailureText(): (error: { code: string; message: string } | null | undefined) => {
  text: string;
  detail: string | null;
} {
  const { t } = useTranslation("images");
  return useCallback(
    (error) => {
      if (!error) return { text: t("failure.unknown"), detail: null };
      const known = (FAILURE_CODES as readonly string[]).includes(error.code);
      return {
        text: known ? t(`failure.${error.code}`) : t("failure.unknown"),
        detail: error.message || null,
      };
    },
    [t],
  );
}
