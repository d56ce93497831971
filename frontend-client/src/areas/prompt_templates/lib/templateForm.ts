import type { PromptTemplateCreateInput, PromptTemplateUpdateInput } from "@/gql/graphql";

export interface TemplateFormValues {
  category: string;
  action: string;
  preCondition: string;
  postCondition: string;
  description: string;
  model: string;
  /** A number, or "" while the field is empty. */
  temperature: number | string;
  maxTokens: number | string;
  active: boolean;
}

export interface TemplateLike {
  category: string;
  action: string;
  preCondition: string;
  postCondition: string;
  description?: string | null;
  model?: string | null;
  temperature?: number | null;
  maxTokens?: number | null;
  active: boolean;
}

export function emptyTemplateForm(): TemplateFormValues {
  return {
    category: "",
    action: "",
    preCondition: "",
    postCondition: "",
    description: "",
    model: "",
    temperature: 0.7,
    maxTokens: 512,
    active: true,
  };
}

export function templateToForm(t: TemplateLike): TemplateFormValues {
  return {
    category: t.category,
    action: t.action,
    preCondition: t.preCondition,
    postCondition: t.postCondition,
    description: t.description ?? "",
    model: t.model ?? "",
    temperature: t.temperature ?? "",
    maxTokens: t.maxTokens ?? "",
    active: t.active,
  };
}

const num = (value: number | string): number | null => {
  if (value === "" || value === null) return null;
  const n = typeof value === "number" ? value : Number(String(value).replace(",", "."));
  return Number.isFinite(n) ? n : null;
};
const int = (value: number | string): number | null => {
  const n = num(value);
  return n === null ? null : Math.round(n);
};
const text = (value: string): string | null => (value.trim() ? value.trim() : null);

type Editable = Omit<PromptTemplateUpdateInput, "category" | "action">;

function editable(v: TemplateFormValues): Editable {
  return {
    // Conditions are sent as typed (blank ones too): the API says when one is required.
    preCondition: v.preCondition.trim(),
    postCondition: v.postCondition.trim(),
    description: text(v.description),
    model: text(v.model),
    temperature: num(v.temperature),
    maxTokens: int(v.maxTokens),
    active: v.active,
  };
}

/** The changed fields only (the rest stay as they are); every save raises the version by 0.1. */
export function templateUpdateInput(
  initial: TemplateFormValues,
  values: TemplateFormValues,
): PromptTemplateUpdateInput {
  const before = editable(initial);
  const after = editable(values);
  const input: PromptTemplateUpdateInput = { category: initial.category, action: initial.action };
  for (const key of Object.keys(after) as (keyof Editable)[]) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      (input as Record<string, unknown>)[key] = after[key];
    }
  }
  return input;
}

export function templateUnchanged(initial: TemplateFormValues, values: TemplateFormValues): boolean {
  return Object.keys(templateUpdateInput(initial, values)).length === 2;
}

export function templateCreateInput(values: TemplateFormValues): PromptTemplateCreateInput {
  const fields = editable(values);
  return {
    category: values.category.trim(),
    action: values.action.trim(),
    preCondition: fields.preCondition ?? "",
    postCondition: fields.postCondition ?? "",
    description: fields.description,
    model: fields.model,
    temperature: fields.temperature,
    maxTokens: fields.maxTokens,
    active: values.active,
  };
}

/** The version after the next save, as the API counts: 1.0 → 1.1, 1.9 → 2.0; unreadable → 1.0. */
export function nextVersion(version: string): string {
  const value = Number(version);
  if (!version.trim() || !Number.isFinite(value) || value < 0) return "1.0";
  return (Math.round(value * 10) / 10 + 0.1).toFixed(1);
}
