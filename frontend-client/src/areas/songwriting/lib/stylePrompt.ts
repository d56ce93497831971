/**
 * The style prompt chooser: an option is "in" the prompt when one of its comma-separated parts is that option;
 * choosing one adds it as a part, unchoosing removes that part and leaves the rest of the text as written.
 */
function parts(prompt: string): string[] {
  return prompt.split(",");
}

function same(part: string, term: string): boolean {
  return part.trim().toLowerCase() === term.toLowerCase();
}

export function hasTerm(prompt: string, term: string): boolean {
  return parts(prompt).some((part) => same(part, term));
}

export function toggleTerm(prompt: string, term: string): string {
  if (hasTerm(prompt, term)) {
    return parts(prompt)
      .filter((part) => !same(part, term))
      .map((part) => part.trim())
      .filter(Boolean)
      .join(", ");
  }
  const head = prompt.trimEnd().replace(/,\s*$/, "");
  return head ? `${head}, ${term}` : term;
}

/** A sketch's tags with the chosen use cases added (case-insensitively once each), in order. */
export function withTags(tags: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(tags.map((tag) => tag.toLowerCase()));
  const out = [...tags];
  for (const tag of added) {
    if (!seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}
