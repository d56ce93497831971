import type {
  EquipmentCreateInput,
  EquipmentFieldsFragment,
  EquipmentStatus,
  EquipmentType,
  EquipmentUpdateInput,
  LicenseManagement,
} from "@/gql/graphql";
import { cleanTags } from "@/areas/sketches/public";

export const TYPES: EquipmentType[] = ["SOFTWARE", "PLUGIN"];
export const STATUSES: EquipmentStatus[] = ["ACTIVE", "TRIAL", "EXPIRED", "ARCHIVED"];
export const LICENSE_MANAGEMENTS: LicenseManagement[] = ["ONLINE", "ILOK", "LICENSE_KEY", "OTHER"];

/** The server's limits (api/schema/equipment.py), for the fields' counters. */
export const LIMITS = {
  name: 200,
  version: 100,
  manufacturer: 200,
  url: 500,
  username: 200,
  text: 10_000,
  password: 500,
  licenseKey: 5000,
  price: 100,
} as const;

/** The secrets: encrypted at rest, read back only through one item's `secrets`. */
export const SECRETS = ["password", "licenseKey", "price"] as const;
export type SecretName = (typeof SECRETS)[number];

export interface EquipmentFormValues {
  type: EquipmentType;
  name: string;
  version: string;
  manufacturer: string;
  url: string;
  username: string;
  password: string;
  status: EquipmentStatus;
  /** "" for none. */
  licenseManagement: LicenseManagement | "";
  licenseKey: string;
  licenseDescription: string;
  /** YYYY-MM-DD or "". */
  purchaseDate: string;
  price: string;
  softwareTags: string[];
  pluginTags: string[];
  description: string;
  systemRequirements: string;
}

export function emptyForm(type: EquipmentType = "SOFTWARE"): EquipmentFormValues {
  return {
    type,
    name: "",
    version: "",
    manufacturer: "",
    url: "",
    username: "",
    password: "",
    status: "ACTIVE",
    licenseManagement: "",
    licenseKey: "",
    licenseDescription: "",
    purchaseDate: "",
    price: "",
    softwareTags: [],
    pluginTags: [],
    description: "",
    systemRequirements: "",
  };
}

type Secrets =
  { password?: string | null; licenseKey?: string | null; price?: string | null } | null | undefined;

/** The form's values for an item read with its secrets. */
export function toForm(item: EquipmentFieldsFragment, secrets: Secrets): EquipmentFormValues {
  return {
    type: item.type,
    name: item.name,
    version: item.version ?? "",
    manufacturer: item.manufacturer ?? "",
    url: item.url ?? "",
    username: item.username ?? "",
    password: secrets?.password ?? "",
    status: item.status,
    licenseManagement: item.licenseManagement ?? "",
    licenseKey: secrets?.licenseKey ?? "",
    licenseDescription: item.licenseDescription ?? "",
    purchaseDate: typeof item.purchaseDate === "string" ? item.purchaseDate : "",
    price: secrets?.price ?? "",
    softwareTags: [...item.softwareTags],
    pluginTags: [...item.pluginTags],
    description: item.description ?? "",
    systemRequirements: item.systemRequirements ?? "",
  };
}

const TEXTS = [
  "name",
  "version",
  "manufacturer",
  "url",
  "username",
  "licenseDescription",
  "purchaseDate",
  "description",
  "systemRequirements",
] as const;

/** A value as the API takes it: blank text is none (null); a password is kept exactly as typed. */
function given(name: string, value: string): string | null {
  if (name === "password") return value === "" ? null : value;
  return value.trim() ? value.trim() : null;
}

/** equipmentCreate's input: what was filled in (blank fields left out). */
export function createInput(values: EquipmentFormValues): EquipmentCreateInput {
  const input: EquipmentCreateInput = {
    type: values.type,
    name: values.name.trim(),
    status: values.status,
  };
  const out = input as unknown as Record<string, unknown>;
  for (const name of [...TEXTS, ...SECRETS]) {
    if (name === "name") continue;
    const value = given(name, values[name]);
    if (value !== null) out[name] = value;
  }
  if (values.licenseManagement) input.licenseManagement = values.licenseManagement;
  const software = cleanTags(values.softwareTags);
  const plugin = cleanTags(values.pluginTags);
  if (software.length) input.softwareTags = software;
  if (plugin.length) input.pluginTags = plugin;
  return input;
}

/**
 * equipmentUpdate's input: only what changed. A field left out stays as it is on the server — a secret too —
 * and one emptied is sent as null, which clears it.
 */
export function updateInput(
  id: string,
  initial: EquipmentFormValues,
  values: EquipmentFormValues,
): EquipmentUpdateInput {
  const input: EquipmentUpdateInput = { id };
  const out = input as unknown as Record<string, unknown>;
  for (const name of [...TEXTS, ...SECRETS]) {
    if (values[name] === initial[name]) continue;
    out[name] = given(name, values[name]);
  }
  if (values.status !== initial.status) input.status = values.status;
  if (values.licenseManagement !== initial.licenseManagement) {
    input.licenseManagement = values.licenseManagement || null;
  }
  for (const name of ["softwareTags", "pluginTags"] as const) {
    const next = cleanTags(values[name]);
    if (JSON.stringify(next) !== JSON.stringify(cleanTags(initial[name]))) input[name] = next;
  }
  return input;
}

export function isUnchanged(initial: EquipmentFormValues, values: EquipmentFormValues): boolean {
  return JSON.stringify(initial) === JSON.stringify(values);
}
