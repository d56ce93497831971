import { templatePath, type TemplateKey } from "./lib/search";

export const LIST_PATH = "/prompt-templates";
export const NEW_PATH = "/prompt-templates/new";

export function editPath(key: TemplateKey): string {
  return `${LIST_PATH}/${templatePath(key)}/edit`;
}

/** The list with this template open beside it. */
export function detailPath(key: TemplateKey): string {
  return `${LIST_PATH}?${new URLSearchParams({ template: `${key.category}/${key.action}` }).toString()}`;
}

/** "category/action" from the list's `template` parameter. */
export function parseKey(value: string | null): TemplateKey | null {
  if (!value) return null;
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) return null;
  return { category: value.slice(0, slash), action: value.slice(slash + 1) };
}
