import type { SongCreateInput } from "@/gql/graphql";

/** The API's limits on a new song (domain/songs/service.py). */
export const LIMITS = {
  title: 255,
  prompt: 1024,
  lyrics: 3000,
  tagsJoined: 1000,
} as const;

/** The Mureka models the API accepts by default (MUREKA_MODELS in infra/settings.py); `auto` lets Mureka pick. */
export const MODELS = [
  "auto",
  "mureka-7.5",
  "mureka-7.6",
  "mureka-8",
  "mureka-9",
  "mureka-o1",
  "mureka-7",
  "mureka-6",
] as const;

export const DEFAULT_MODEL = "auto";

/** What the generator edits; texts are "" when empty. */
export interface SongFormValues {
  instrumental: boolean;
  title: string;
  lyrics: string;
  prompt: string;
  model: string;
}

export function emptySongForm(): SongFormValues {
  return { instrumental: false, title: "", lyrics: "", prompt: "", model: DEFAULT_MODEL };
}

/** A sketch (or a song to make again) as the generator's start: an idea without lyrics is an instrumental. */
export function formFrom(source: {
  title?: string | null;
  lyrics?: string | null;
  prompt?: string | null;
  model?: string | null;
  instrumental?: boolean | null;
}): SongFormValues {
  const lyrics = source.lyrics ?? "";
  return {
    instrumental: source.instrumental ?? !lyrics.trim(),
    title: source.title ?? "",
    lyrics,
    prompt: source.prompt ?? "",
    model:
      source.model && (MODELS as readonly string[]).includes(source.model) ? source.model : DEFAULT_MODEL,
  };
}

/** A problem with one field, as the server would say it. */
export type SongFieldProblem =
  { code: "REQUIRED" } | { code: "TOO_LONG"; max: number; length: number } | { code: "INVALID" };

export type SongFormProblems = Partial<Record<"title" | "lyrics" | "prompt" | "model", SongFieldProblem>>;

/**
 * The server's rules for a new song, checked before it is sent: title, style prompt and (for a song) lyrics
 * are required; title ≤ 255, prompt ≤ 1024, lyrics ≤ 3000 characters (trimmed); an instrumental has no lyrics
 * (they are left out when sending, so nothing is asked of them); the model is one of the list.
 */
export function checkSongForm(values: SongFormValues, models: readonly string[] = MODELS): SongFormProblems {
  const problems: SongFormProblems = {};
  const check = (field: "title" | "lyrics" | "prompt", max: number) => {
    const text = values[field].trim();
    if (!text) problems[field] = { code: "REQUIRED" };
    else if (text.length > max) problems[field] = { code: "TOO_LONG", max, length: text.length };
  };
  check("title", LIMITS.title);
  check("prompt", LIMITS.prompt);
  if (!values.instrumental) check("lyrics", LIMITS.lyrics);
  if (!models.includes(values.model)) problems.model = { code: "INVALID" };
  return problems;
}

/** songCreate's input: trimmed texts; no lyrics for an instrumental. */
export function createInput(values: SongFormValues, sketchId?: string | null): SongCreateInput {
  return {
    title: values.title.trim(),
    prompt: values.prompt.trim(),
    model: values.model,
    instrumental: values.instrumental,
    lyrics: values.instrumental ? null : values.lyrics.trim(),
    sketchId: sketchId ?? null,
  };
}

/** The fields songCreate's userErrors may name, in the order the form shows them. */
export const FORM_FIELDS = ["title", "lyrics", "prompt", "model", "instrumental", "sketchId"] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The field a userError belongs to (the last segment of its path when it is one of ours), else null. */
export function errorField(field: readonly string[] | null | undefined): FormField | null {
  const last = field?.length ? field[field.length - 1] : null;
  return last && (FORM_FIELDS as readonly string[]).includes(last) ? (last as FormField) : null;
}

/** The text the AI title is made from: the lyrics (of a song), else the style prompt. */
export function titleSource(values: Pick<SongFormValues, "lyrics" | "prompt" | "instrumental">): string {
  const lyrics = values.instrumental ? "" : values.lyrics.trim();
  return (lyrics || values.prompt.trim()).slice(0, 10_000);
}
