import type { TFunction } from "i18next";
import type { CombinedError } from "urql";
import { currentLanguage } from "../i18n";

/** A mutation payload's business error (`UserError` in the schema). */
export interface UserErrorLike {
  field?: readonly string[] | null;
  message: string;
  code: string;
}

export interface MappedUserErrors {
  /** Keyed by the last segment of `field`, e.g. ["input", "title"] → "title". */
  fieldErrors: Record<string, string>;
  /** Errors without a field, joined into one line; null when there are none. */
  formError: string | null;
}

/**
 * The text shown for a user error: the server's own message in English (it is specific, e.g. "at least 8
 * characters"), a translation of its code in other languages.
 */
export function userErrorText(error: UserErrorLike, t: TFunction, lang: string = currentLanguage()): string {
  if (lang === "en") return error.message;
  return t(`common:userError.${error.code}`, { defaultValue: error.message });
}

export function mapUserErrors(
  errors: readonly UserErrorLike[],
  text: (e: UserErrorLike) => string,
): MappedUserErrors {
  const fieldErrors: Record<string, string> = {};
  const general: string[] = [];
  for (const error of errors) {
    const key = error.field?.length ? error.field[error.field.length - 1] : null;
    if (key) {
      // The first error of a field is the one shown.
      fieldErrors[key] ??= text(error);
    } else {
      general.push(text(error));
    }
  }
  return { fieldErrors, formError: general.length ? general.join(" ") : null };
}

/** A line for a failed request: the GraphQL errors' messages, or a network note. */
export function describeError(error: CombinedError, t: TFunction): string {
  if (error.networkError && !error.graphQLErrors.length) return t("common:status.networkError");
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  return messages.length ? messages.join(" ") : error.message;
}
