import { useCallback, useEffect, useState, type RefObject } from "react";

/** The first field of `form` marked invalid gets the focus, scrolled to the middle with its message. */
export function focusFirstError(form: HTMLFormElement | null): void {
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return;
  field.scrollIntoView?.({ block: "center" });
  field.focus({ preventScroll: true });
}

/**
 * After a failed save: call the returned function where the errors are set (e.g. `form.setErrors`); once
 * React has rendered them, the first invalid field of the form gets the focus.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>): () => void {
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests) focusFirstError(form.current);
  }, [requests, form]);
  return useCallback(() => setRequests((n) => n + 1), []);
}
