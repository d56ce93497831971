/** What the list's search looks at: category and action ("lyrics/generate"). */
export interface TemplateKey {
  category: string;
  action: string;
}

/**
 * Templates whose category or action contain every word of the query (case-insensitive); "lyrics gen" and
 * "lyrics/gen" both find lyrics/generate. The order stays.
 */
export function searchTemplates<T extends TemplateKey>(templates: readonly T[], query: string): T[] {
  const words = query
    .toLocaleLowerCase()
    .split(/[\s/]+/)
    .filter(Boolean);
  if (!words.length) return [...templates];
  return templates.filter((t) => {
    const haystack = `${t.category}/${t.action}`.toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** The templates grouped by category, in the order they come. */
export function groupByCategory<T extends TemplateKey>(templates: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const t of templates) {
    const list = groups.get(t.category) ?? [];
    list.push(t);
    groups.set(t.category, list);
  }
  return [...groups.entries()];
}

/** The key in a URL: "category/action". */
export function templatePath(t: TemplateKey): string {
  return `${encodeURIComponent(t.category)}/${encodeURIComponent(t.action)}`;
}

const KEY = /^[a-z0-9][a-z0-9_-]*$/;

/** The API's rule for a category or action: lowercase letters, digits, - and _, at most 50. */
export function validKeyPart(value: string): boolean {
  return value.length <= 50 && KEY.test(value);
}
