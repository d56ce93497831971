import type { EnhanceMode, ImageCreateInput, ImageQuality, ImageSize, ImageStyle } from "@/gql/graphql";

/** The server's limits (domain/images/service.py), checked before sending. */
export const LIMITS = { prompt: 2500, title: 255 } as const;

export const AUTO = "auto";
export const ALBUM_COVER = "album-cover";
/** A pencil sketch is no cover: choosing the cover composition turns it back to auto (§4.3). */
export const NOT_FOR_COVERS = "sketch";

export const SIZES = ["SQUARE", "LANDSCAPE", "PORTRAIT"] as const satisfies readonly ImageSize[];
export const QUALITIES = ["STANDARD", "HD"] as const satisfies readonly ImageQuality[];
export const STYLES = ["VIVID", "NATURAL"] as const satisfies readonly ImageStyle[];
export const ENHANCE_MODES = ["AUTO", "QUALITY", "FAST", "OFF"] as const satisfies readonly EnhanceMode[];

/** The style options, in the API's names (imageStyleOptions) and the form's. */
export const STYLE_OPTIONS = {
  artistic_style: "artisticStyle",
  composition: "composition",
  lighting: "lighting",
  color_palette: "colorPalette",
  detail_level: "detailLevel",
} as const;
export type StyleOptionName = keyof typeof STYLE_OPTIONS;
export type StyleField = (typeof STYLE_OPTIONS)[StyleOptionName];
export const STYLE_FIELDS = Object.values(STYLE_OPTIONS) as StyleField[];

/** The option lists until the server's (imageStyleOptions) arrive: the same table, §4.3. */
export const DEFAULT_STYLE_VALUES: Record<StyleOptionName, readonly string[]> = {
  artistic_style: [
    "photorealistic",
    "digital-art",
    "oil-painting",
    "watercolor",
    "cartoon",
    "anime",
    "sketch",
    "3d-render",
  ],
  composition: ["portrait", "landscape", "wide-angle", "close-up", "rule-of-thirds", "centered", ALBUM_COVER],
  lighting: ["natural", "studio", "dramatic", "golden-hour", "night"],
  color_palette: ["vibrant", "muted", "monochrome", "high-contrast", "warm", "cool", "pastel"],
  detail_level: ["minimal", "moderate", "highly-detailed"],
};

export interface ImagePreferences {
  size: ImageSize;
  quality: ImageQuality;
  style: ImageStyle;
  enhance: EnhanceMode;
  artisticStyle: string;
  composition: string;
  lighting: string;
  colorPalette: string;
  detailLevel: string;
}

export interface ImageFormValues extends ImagePreferences {
  prompt: string;
  title: string;
}

export const DEFAULT_PREFERENCES: ImagePreferences = {
  size: "SQUARE",
  quality: "STANDARD",
  style: "VIVID",
  enhance: "AUTO",
  artisticStyle: AUTO,
  composition: AUTO,
  lighting: AUTO,
  colorPalette: AUTO,
  detailLevel: AUTO,
};

export function isCover(values: Pick<ImagePreferences, "composition">): boolean {
  return values.composition === ALBUM_COVER;
}

/**
 * The album cover's rules (§4.3): a cover is square and enhanced by its own template (the size and enhance
 * controls are disabled, so they show SQUARE and AUTO), and it is never a pencil sketch.
 */
export function withCoverRules<V extends ImagePreferences>(values: V): V {
  if (!isCover(values)) return values;
  return {
    ...values,
    size: "SQUARE",
    enhance: "AUTO",
    artisticStyle: values.artisticStyle === NOT_FOR_COVERS ? AUTO : values.artisticStyle,
  };
}

/** Whether any style option besides composition-as-cover is chosen: AUTO then leaves the prompt alone. */
export function hasManualStyle(values: Pick<ImagePreferences, StyleField>): boolean {
  return STYLE_FIELDS.some((field) => values[field] !== AUTO && values[field] !== "");
}

export type EffectiveEnhance = "cover" | "quality" | "fast" | "off";

/**
 * What the job does to the prompt before DALL-E draws it (the server's rule, domain/images/prompt_tools.py):
 * a cover always gets the cover template; AUTO enhances for quality unless a style is chosen, then not at all.
 */
export function effectiveEnhance(values: ImagePreferences): EffectiveEnhance {
  if (isCover(values)) return "cover";
  switch (values.enhance) {
    case "QUALITY":
      return "quality";
    case "FAST":
      return "fast";
    case "OFF":
      return "off";
    default:
      return hasManualStyle(values) ? "off" : "quality";
  }
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/**
 * Preferences read back (from localStorage): anything unknown or of another shape falls back to the default,
 * a style value no longer offered to auto; the cover rules applied.
 */
export function parsePreferences(
  raw: unknown,
  options: Record<StyleOptionName, readonly string[]> = DEFAULT_STYLE_VALUES,
): ImagePreferences {
  const stored = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const prefs: ImagePreferences = {
    ...DEFAULT_PREFERENCES,
    size: oneOf(stored.size, SIZES, DEFAULT_PREFERENCES.size),
    quality: oneOf(stored.quality, QUALITIES, DEFAULT_PREFERENCES.quality),
    style: oneOf(stored.style, STYLES, DEFAULT_PREFERENCES.style),
    enhance: oneOf(stored.enhance, ENHANCE_MODES, DEFAULT_PREFERENCES.enhance),
  };
  for (const [option, field] of Object.entries(STYLE_OPTIONS) as [StyleOptionName, StyleField][]) {
    prefs[field] = oneOf(stored[field], options[option] ?? [], AUTO);
  }
  return withCoverRules(prefs);
}

/** What the generator remembers of a form: everything but its texts. */
export function preferencesOf(values: ImageFormValues): ImagePreferences {
  const { prompt: _prompt, title: _title, ...prefs } = values;
  return prefs;
}

/** Where the generator's preferences are kept (per browser: they are a UI choice, not the account's). */
export const PREFERENCES_KEY = "aiproxy.images.preferences";

export function loadPreferences(
  options?: Record<StyleOptionName, readonly string[]>,
  storage: Storage = window.localStorage,
): ImagePreferences {
  try {
    return parsePreferences(JSON.parse(storage.getItem(PREFERENCES_KEY) ?? "null"), options);
  } catch {
    return parsePreferences(null, options);
  }
}

export function savePreferences(prefs: ImagePreferences, storage: Storage = window.localStorage): void {
  try {
    storage.setItem(PREFERENCES_KEY, JSON.stringify(prefs));
  } catch {
    // storage full or denied: the preferences are only a convenience
  }
}

export type ImageFieldProblem = { code: "REQUIRED" } | { code: "TOO_LONG"; max: number; length: number };

/** The server's rules for a new image, checked before sending; the first problem per field. */
export function checkImageForm(
  values: ImageFormValues,
): Partial<Record<"prompt" | "title", ImageFieldProblem>> {
  const problems: Partial<Record<"prompt" | "title", ImageFieldProblem>> = {};
  const prompt = values.prompt.trim();
  if (!prompt) problems.prompt = { code: "REQUIRED" };
  else if (prompt.length > LIMITS.prompt)
    problems.prompt = { code: "TOO_LONG", max: LIMITS.prompt, length: prompt.length };
  const title = values.title.trim();
  if (title.length > LIMITS.title)
    problems.title = { code: "TOO_LONG", max: LIMITS.title, length: title.length };
  return problems;
}

/** imageCreate's input: trimmed texts (an empty title is none), only the styles chosen, the cover rules kept. */
export function createInput(values: ImageFormValues): ImageCreateInput {
  const v = withCoverRules(values);
  const style = (value: string) => (value && value !== AUTO ? value : null);
  return {
    prompt: v.prompt.trim(),
    title: v.title.trim() || null,
    size: v.size,
    quality: v.quality,
    style: v.style,
    enhance: v.enhance,
    artisticStyle: style(v.artisticStyle),
    composition: style(v.composition),
    lighting: style(v.lighting),
    colorPalette: style(v.colorPalette),
    detailLevel: style(v.detailLevel),
  };
}

/** The field a userError names (["input", "colorPalette"] → "colorPalette"), or null. */
export function errorField(field: readonly string[] | null | undefined): string | null {
  return field && field.length > 1 ? field[field.length - 1] : null;
}
