import { describe, expect, it } from "vitest";
import { groupByCategory, searchTemplates, templatePath, validKeyPart } from "./search";

const templates = [
  { category: "lyrics", action: "generate" },
  { category: "lyrics", action: "translate" },
  { category: "music", action: "translate" },
  { category: "titel", action: "generate" },
];

describe("template search", () => {
  it("finds by category, action or both", () => {
    expect(searchTemplates(templates, "lyrics")).toHaveLength(2);
    expect(searchTemplates(templates, "TRANS")).toHaveLength(2);
    expect(searchTemplates(templates, "lyrics/gen")).toEqual([templates[0]]);
    expect(searchTemplates(templates, "gen titel")).toEqual([templates[3]]);
    expect(searchTemplates(templates, "  ")).toEqual(templates);
    expect(searchTemplates(templates, "image")).toEqual([]);
  });

  it("groups by category in order", () => {
    expect(groupByCategory(templates).map(([c, list]) => [c, list.length])).toEqual([
      ["lyrics", 2],
      ["music", 1],
      ["titel", 1],
    ]);
  });

  it("makes URL paths and checks keys as the API does", () => {
    expect(templatePath({ category: "prompt_engineering", action: "improve_condition" })).toBe(
      "prompt_engineering/improve_condition",
    );
    expect(validKeyPart("my-category_2")).toBe(true);
    expect(validKeyPart("My Category")).toBe(false);
    expect(validKeyPart("-lead")).toBe(false);
    expect(validKeyPart("a".repeat(51))).toBe(false);
  });
});
