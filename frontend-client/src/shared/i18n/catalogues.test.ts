import { describe, expect, it } from "vitest";
import { areas } from "@/app/areas";
import { commonCatalogues, type Catalogues } from "./index";

/** Every leaf key of a catalogue, dotted, with its value. */
function leaves(tree: Record<string, unknown>, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of leaves(value as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** What is wrong with a namespace: keys missing in one language, or empty. */
export function parityProblems(ns: string, catalogues: Catalogues): string[] {
  const en = leaves(catalogues.en);
  const de = leaves(catalogues.de);
  const problems: string[] = [];
  for (const key of new Set([...en.keys(), ...de.keys()])) {
    for (const [lang, map] of [
      ["en", en],
      ["de", de],
    ] as const) {
      if (!map.has(key)) problems.push(`${ns}:${key} is missing in ${lang}`);
      else if (typeof map.get(key) !== "string" || !(map.get(key) as string).trim())
        problems.push(`${ns}:${key} is empty (or not text) in ${lang}`);
    }
  }
  return problems;
}

const namespaces: [string, Catalogues][] = [
  ["common", commonCatalogues],
  ...areas.map((area) => [area.name, area.i18n] as [string, Catalogues]),
];

describe("i18n catalogues", () => {
  it.each(namespaces)("namespace %s has every key in en and de", (ns, catalogues) => {
    expect(parityProblems(ns, catalogues)).toEqual([]);
  });

  it("area names are unique and not 'common'", () => {
    const names = areas.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("common");
  });

  it("finds a key missing in one language", () => {
    expect(parityProblems("x", { en: { a: { b: "B" }, c: "C" }, de: { a: { b: "" } } })).toEqual([
      "x:a.b is empty (or not text) in de",
      "x:c is missing in de",
    ]);
  });
});
