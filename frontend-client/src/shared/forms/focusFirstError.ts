/** After a failed save: the first field marked invalid gets the focus (the browser scrolls it into view). */
export function focusFirstError(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
