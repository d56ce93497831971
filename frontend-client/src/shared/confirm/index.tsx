import { Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import i18next from "i18next";
import type { ReactNode } from "react";

export interface ConfirmOptions {
  title?: ReactNode;
  /** What will happen, in a sentence. */
  message: ReactNode;
  /** The confirm button's label; "Confirm" unless given (e.g. t("common:actions.delete")). */
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button, for deletions and other things that cannot be undone. */
  danger?: boolean;
}

/**
 * Asks the user to confirm; resolves true on confirm, false on cancel, Escape or a click outside.
 * Needs the ModalsProvider (the App has it).
 */
export function confirm(options: ConfirmOptions): Promise<boolean> {
  const t = i18next.t;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: boolean) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    modals.openConfirmModal({
      title: options.title ?? t("common:confirm.title"),
      children:
        typeof options.message === "string" ? <Text size="sm">{options.message}</Text> : options.message,
      labels: {
        confirm: options.confirmLabel ?? t("common:actions.confirm"),
        cancel: options.cancelLabel ?? t("common:actions.cancel"),
      },
      confirmProps: options.danger ? { color: "red" } : undefined,
      onConfirm: () => settle(true),
      onCancel: () => settle(false),
      onClose: () => settle(false),
    });
  });
}
