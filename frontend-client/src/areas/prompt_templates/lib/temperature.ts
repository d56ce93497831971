/** The original's temperature presets (§11): the value and the key of its label in "prompt_templates". */
export const TEMPERATURE_PRESETS = [
  { value: 0.1, key: "veryPrecise" },
  { value: 0.3, key: "slightlyVariable" },
  { value: 0.5, key: "balanced" },
  { value: 0.7, key: "creative" },
  { value: 0.9, key: "veryCreative" },
] as const;

export type TemperatureKey = (typeof TEMPERATURE_PRESETS)[number]["key"];

export const TEMPERATURE_MIN = 0;
export const TEMPERATURE_MAX = 2;

/**
 * The label's key for a temperature: the nearest preset's (a tie goes to the lower, more precise one; above
 * 0.9 is very creative). Null when the template has none.
 */
export function temperatureKey(value: number | null | undefined): TemperatureKey | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  let best: (typeof TEMPERATURE_PRESETS)[number] = TEMPERATURE_PRESETS[0];
  for (const preset of TEMPERATURE_PRESETS) {
    if (Math.abs(preset.value - value) < Math.abs(best.value - value) - 1e-9) best = preset;
  }
  return best.key;
}

/** The preset a value is exactly (to one decimal), or null for a custom value. */
export function presetOf(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const found = TEMPERATURE_PRESETS.find((p) => Math.abs(p.value - value) < 1e-9);
  return found ? found.value : null;
}
