import { notifications } from "@mantine/notifications";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useSubscription } from "urql";
import type { JobFieldsFragment } from "@/gql/graphql";
import { confirm } from "@/shared/confirm";
import { describeError, userErrorText } from "@/shared/graphql/errors";
import { isActive, newer } from "./format";
import { jobCancelDocument, jobProgressDocument } from "./operations";

export type JobFields = JobFieldsFragment;

/** `Date.now()`, refreshed every `intervalMs` (not at all when null): for durations and expiries. */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The job as it is now: while `job` (as a list or a mutation returned it) is queued or running, its
 * `jobProgress` subscription streams each change; whichever state is newer is returned. `onEnd` runs
 * once when the stream reports the job's end.
 */
export function useLiveJob(job: JobFields, options: { onEnd?: (job: JobFields) => void } = {}): JobFields {
  const follow = isActive(job.status);
  const [{ data }] = useSubscription({
    query: jobProgressDocument,
    variables: { id: job.id },
    pause: !follow,
  });
  const streamed = data?.jobProgress ?? null;
  const live = newer(job, streamed?.id === job.id ? streamed : null) ?? job;

  const onEnd = useRef(options.onEnd);
  useEffect(() => {
    onEnd.current = options.onEnd;
  });
  const ended = useRef<string | null>(null);
  useEffect(() => {
    if (streamed && !isActive(streamed.status) && ended.current !== streamed.id) {
      ended.current = streamed.id;
      onEnd.current?.(streamed);
    }
  }, [streamed]);
  return live;
}

/** Cancels a job after asking; a refusal (it has just ended) shows as a notification. */
export function useCancelJob(): (job: JobFields) => Promise<void> {
  const { t } = useTranslation("jobs");
  const [, execute] = useMutation(jobCancelDocument);
  return useCallback(
    async (job: JobFields) => {
      const kind = t(`kind.${job.kind}`, { defaultValue: job.kind });
      const ok = await confirm({
        title: t("cancel.title"),
        message: t(job.status === "QUEUED" ? "cancel.queued" : "cancel.running", { kind }),
        confirmLabel: t("cancel.confirm"),
        cancelLabel: t("cancel.keep"),
        danger: true,
      });
      if (!ok) return;
      const result = await execute({ input: { id: job.id } });
      const problem = result.error
        ? describeError(result.error, t)
        : result.data?.jobCancel.userErrors.map((e) => userErrorText(e, t)).join(" ");
      if (problem) {
        notifications.show({ color: "red", title: t("cancel.failed"), message: problem });
      }
    },
    [execute, t],
  );
}
