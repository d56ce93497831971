import { useEffect, useEffectEvent } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";
import { confirm } from "../confirm";

/**
 * While `dirty`, leaving the page asks first: a link or Back inside the app opens a confirmation, closing or
 * reloading the tab gets the browser's own question. Pass false while saving (the save navigates away).
 */
export function useUnsavedChangesGuard(dirty: boolean): void {
  const { t } = useTranslation();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  const ask = useEffectEvent(async () => {
    const leave = await confirm({
      title: t("common:unsaved.title"),
      message: t("common:unsaved.message"),
      confirmLabel: t("common:unsaved.leave"),
      cancelLabel: t("common:unsaved.stay"),
      danger: true,
    });
    if (blocker.state !== "blocked") return;
    if (leave) blocker.proceed();
    else blocker.reset();
  });

  const state = blocker.state;
  useEffect(() => {
    if (state === "blocked") void ask();
  }, [state]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
}
