import { describe, expect, it } from "vitest";
import { cleanTags, metaUpdate } from "./meta";

describe("song details", () => {
  const before = { title: "Harbor Lights", tags: ["pop", "night"], workflow: null };

  it("sends only what changed", () => {
    expect(metaUpdate(before, { ...before })).toEqual({});
    expect(metaUpdate(before, { ...before, title: " Harbor Lights " })).toEqual({});
    expect(metaUpdate(before, { ...before, title: "Harbour Lights" })).toEqual({ title: "Harbour Lights" });
    expect(metaUpdate(before, { ...before, workflow: "IN_USE" })).toEqual({ workflow: "IN_USE" });
  });

  it("clears the workflow with null and the tags with an empty list", () => {
    expect(metaUpdate({ ...before, workflow: "ON_WORK" }, { ...before, workflow: null })).toEqual({
      workflow: null,
    });
    expect(metaUpdate(before, { ...before, tags: [] })).toEqual({ tags: [] });
  });

  it("tidies tags as the API does: trimmed, no blanks, no duplicates in any case", () => {
    expect(cleanTags([" Pop ", "pop", "", "Night", "NIGHT"])).toEqual(["Pop", "Night"]);
    expect(metaUpdate(before, { ...before, tags: ["pop", "night", "Pop"] })).toEqual({});
  });
});
