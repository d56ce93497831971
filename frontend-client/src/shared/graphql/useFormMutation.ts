import { notifications } from "@mantine/notifications";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, type AnyVariables, type DocumentInput } from "urql";
import { isUnauthenticated } from "./client";
import { describeError, mapUserErrors, userErrorText, type UserErrorLike } from "./errors";

export interface FormMutationResult<Data> {
  /** True when the request went through and the payload has no userErrors. */
  ok: boolean;
  data: Data | undefined;
}

export interface FormMutation<Data, Variables extends AnyVariables> {
  submit(variables: Variables): Promise<FormMutationResult<Data>>;
  fetching: boolean;
  /** userErrors keyed by the last segment of their `field` (e.g. "title"): put them on the inputs. */
  fieldErrors: Record<string, string>;
  /** userErrors with no field: show above or below the form. */
  formError: string | null;
  /** Forgets the errors (e.g. when the form is closed). */
  reset(): void;
}

type Payload = { userErrors?: readonly UserErrorLike[] | null } | null | undefined;

/** The userErrors of a mutation's result: those of its (first) root field, unless `pick` says otherwise. */
function payloadErrors<Data>(
  data: Data | undefined,
  pick?: (data: Data) => Payload,
): readonly UserErrorLike[] {
  if (data == null) return [];
  const payload: Payload = pick ? pick(data) : (Object.values(data as object)[0] as Payload);
  return payload?.userErrors ?? [];
}

/**
 * useMutation for forms: `submit(variables)` resolves to `{ ok, data }`; userErrors land in `fieldErrors`
 * / `formError`; a top-level GraphQL or network error shows in a notification (an UNAUTHENTICATED one
 * ends the session instead, see the GraphQL client).
 */
export function useFormMutation<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  options: { pick?: (data: Data) => Payload } = {},
): FormMutation<Data, Variables> {
  const { t } = useTranslation();
  const [{ fetching }, execute] = useMutation<Data, Variables>(document);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const { pick } = options;

  const submit = useCallback(
    async (variables: Variables): Promise<FormMutationResult<Data>> => {
      const result = await execute(variables);
      if (result.error) {
        setFieldErrors({});
        setFormError(null);
        if (!isUnauthenticated(result.error)) {
          notifications.show({
            color: "red",
            title: t("common:status.error"),
            message: describeError(result.error, t),
          });
        }
        return { ok: false, data: result.data };
      }
      const mapped = mapUserErrors(payloadErrors(result.data, pick), (e) => userErrorText(e, t));
      setFieldErrors(mapped.fieldErrors);
      setFormError(mapped.formError);
      const ok = !mapped.formError && Object.keys(mapped.fieldErrors).length === 0;
      return { ok, data: result.data };
    },
    [execute, pick, t],
  );

  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  return { submit, fetching, fieldErrors, formError, reset };
}
