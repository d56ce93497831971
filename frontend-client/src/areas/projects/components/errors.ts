import { useTranslation } from "react-i18next";
import { useCallback } from "react";
import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import type { UserErrorLike } from "@/shared/graphql/errors";
import type { UploadProblem } from "../lib/uploader";

/** A userError as text, in German with the projects area's own words for its codes. */
export function useProjectErrorText(): (error: UserErrorLike) => string {
  return useUserErrorText("projects");
}

/** Why an upload did not finish, in the UI language. */
export function useUploadProblemText(): (problem: UploadProblem) => string {
  const { t } = useTranslation("projects");
  const errorText = useProjectErrorText();
  return useCallback(
    (problem: UploadProblem) => {
      if (problem.kind === "user") return errorText(problem.error);
      if (problem.kind === "transfer") {
        const why = t(`upload.failure.${problem.failure}`);
        return problem.reason ? `${why} (${problem.reason})` : why;
      }
      return problem.message || t("upload.failure.network");
    },
    [errorText, t],
  );
}
