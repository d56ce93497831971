import type { SketchCreateInput, SketchUpdateInput, SketchWorkflow } from "@/gql/graphql";
import { buildInfo, emptyInfo, parseInfo, type InfoValues } from "./info";
import { cleanTags } from "./tags";

/** What the editor edits; texts are "" when empty. */
export interface SketchFormValues {
  title: string;
  prompt: string;
  lyrics: string;
  tags: string[];
  descriptionLong: string;
  descriptionShort: string;
  descriptionTags: string[];
  info: InfoValues;
  workflow: SketchWorkflow;
}

/** A sketch as the API returns it (the fields the editor reads). */
export interface SketchLike {
  title?: string | null;
  prompt: string;
  lyrics?: string | null;
  tags: readonly string[];
  descriptionLong?: string | null;
  descriptionShort?: string | null;
  descriptionTags: readonly string[];
  info?: string | null;
  workflow: SketchWorkflow;
}

export const LIMITS = {
  title: 500,
  prompt: 1024,
  lyrics: 10_000,
  descriptionLong: 10_000,
  descriptionShort: 150,
  tagsJoined: 1000,
} as const;

export function emptySketchForm(): SketchFormValues {
  return {
    title: "",
    prompt: "",
    lyrics: "",
    tags: [],
    descriptionLong: "",
    descriptionShort: "",
    descriptionTags: [],
    info: emptyInfo(),
    workflow: "DRAFT",
  };
}

export function sketchToForm(sketch: SketchLike): SketchFormValues {
  return {
    title: sketch.title ?? "",
    prompt: sketch.prompt,
    lyrics: sketch.lyrics ?? "",
    tags: [...sketch.tags],
    descriptionLong: sketch.descriptionLong ?? "",
    descriptionShort: sketch.descriptionShort ?? "",
    descriptionTags: [...sketch.descriptionTags],
    info: parseInfo(sketch.info),
    workflow: sketch.workflow,
  };
}

type Fields = Omit<SketchCreateInput, "workflow"> & { workflow: SketchWorkflow };

const text = (value: string): string | null => (value.trim() ? value.trim() : null);

/** The API's fields for these values: trimmed texts, null for empty, tidy tags, info built from the template. */
function fields(values: SketchFormValues): Fields {
  return {
    title: text(values.title),
    prompt: text(values.prompt),
    lyrics: text(values.lyrics),
    tags: cleanTags(values.tags),
    descriptionLong: text(values.descriptionLong),
    descriptionShort: text(values.descriptionShort),
    descriptionTags: cleanTags(values.descriptionTags),
    info: buildInfo(values.info),
    workflow: values.workflow,
  };
}

export function createInput(values: SketchFormValues): SketchCreateInput {
  return fields(values);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Only what changed since `initial` (fields left out stay as they are on the server, so a change made
 * elsewhere to another field is kept); a field emptied is sent as null, which clears it.
 */
export function updateInput(
  id: string,
  initial: SketchFormValues,
  values: SketchFormValues,
): SketchUpdateInput {
  const before = fields(initial);
  const after = fields(values);
  const input: SketchUpdateInput = { id };
  for (const key of Object.keys(after) as (keyof Fields)[]) {
    if (!same(before[key], after[key])) (input as Record<string, unknown>)[key] = after[key];
  }
  return input;
}

/** True when saving would change nothing. */
export function isUnchanged(initial: SketchFormValues, values: SketchFormValues): boolean {
  return Object.keys(updateInput("", initial, values)).length === 1;
}

/** The text the AI title is made from: the lyrics, else the prompt, else the long description. */
export function titleSource(values: Pick<SketchFormValues, "lyrics" | "prompt" | "descriptionLong">): string {
  return (values.lyrics.trim() || values.prompt.trim() || values.descriptionLong.trim()).slice(0, 10_000);
}

/** An AI answer as a title: its first line, without wrapping quotes or markdown emphasis, at most 500 characters. */
export function cleanTitle(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? "";
  const bare = line
    .replace(/^(?:title|titel)\s*:\s*/i, "")
    .replace(/^[\s"'“”„«»*_#]+|[\s"'“”„«»*_]+$/g, "")
    .trim();
  return bare.slice(0, LIMITS.title).trim();
}

/** AI tags ("a, b, c" or one a line, maybe numbered or bulleted) as a clean list. */
export function splitTags(text: string): string[] {
  return cleanTags(
    text
      .split(/[,\n;]+/)
      .map((t) => t.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").replace(/^["'#]+|["'.]+$/g, "")),
  );
}
