/** After a failed save: the first field marked invalid gets the focus, scrolled to the middle with its message. */
export function focusFirstError(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView?.({ block: "center" });
    field.focus({ preventScroll: true });
  });
}
