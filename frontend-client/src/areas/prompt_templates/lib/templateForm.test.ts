import { describe, expect, it } from "vitest";
import {
  emptyTemplateForm,
  nextVersion,
  templateCreateInput,
  templateToForm,
  templateUnchanged,
  templateUpdateInput,
} from "./templateForm";

const template = {
  category: "titel",
  action: "generate",
  preCondition: "Write a title.",
  postCondition: "Only the title.",
  description: null,
  model: "llama3.2:3b",
  temperature: 0.7,
  maxTokens: 15,
  active: true,
};

describe("template form", () => {
  it("sends only what changed, under the template's key", () => {
    const initial = templateToForm(template);
    const values = { ...initial, temperature: 0.3, maxTokens: "20", description: " Short titles " };
    expect(templateUpdateInput(initial, values)).toEqual({
      category: "titel",
      action: "generate",
      temperature: 0.3,
      maxTokens: 20,
      description: "Short titles",
    });
  });

  it("sees no change in surrounding whitespace", () => {
    const initial = templateToForm(template);
    expect(templateUnchanged(initial, { ...initial, preCondition: "Write a title.  " })).toBe(true);
    expect(templateUnchanged(initial, { ...initial, active: false })).toBe(false);
  });

  it("creates with every field", () => {
    expect(
      templateCreateInput({
        ...emptyTemplateForm(),
        category: " mine ",
        action: "haiku",
        preCondition: "Write a haiku.",
        postCondition: "Three lines.",
        model: "gemma3:4b",
        temperature: "0,9",
      }),
    ).toEqual({
      category: "mine",
      action: "haiku",
      preCondition: "Write a haiku.",
      postCondition: "Three lines.",
      description: null,
      model: "gemma3:4b",
      temperature: 0.9,
      maxTokens: 512,
      active: true,
    });
  });

  it("counts versions as the API does", () => {
    expect(nextVersion("1.0")).toBe("1.1");
    expect(nextVersion("1.9")).toBe("2.0");
    expect(nextVersion("4.0")).toBe("4.1");
    expect(nextVersion("x")).toBe("1.0");
  });
});
