import { describe, expect, it } from "vitest";
import { architectureText, canAdd, insertAt, labelsOf, sameSections, slotsOf } from "./architecture";

describe("architectures", () => {
  it("labels sections as the API writes them, verses numbered", () => {
    expect(
      labelsOf(["INTRO", "VERSE", "PRE_CHORUS", "CHORUS", "VERSE", "CHORUS", "BRIDGE", "OUTRO"]),
    ).toEqual(["INTRO", "VERSE1", "PRE-CHORUS", "CHORUS", "VERSE2", "CHORUS", "BRIDGE", "OUTRO"]);
    expect(architectureText(["VERSE", "CHORUS", "VERSE", "CHORUS"])).toBe(
      "VERSE1 - CHORUS - VERSE2 - CHORUS",
    );
  });

  it("allows one intro and one outro, 32 sections in all, and places them sensibly", () => {
    expect(canAdd(["VERSE"], "INTRO")).toBe(true);
    expect(canAdd(["INTRO", "VERSE"], "INTRO")).toBe(false);
    expect(canAdd(["VERSE", "OUTRO"], "OUTRO")).toBe(false);
    expect(canAdd(["VERSE", "OUTRO"], "CHORUS")).toBe(true);
    expect(canAdd(Array(32).fill("CHORUS"), "VERSE")).toBe(false);
    expect(insertAt(["VERSE", "OUTRO"], "INTRO")).toBe(0);
    expect(insertAt(["VERSE", "OUTRO"], "CHORUS")).toBe(1);
    expect(insertAt(["VERSE"], "CHORUS")).toBe(1);
    expect(insertAt(["VERSE"], "OUTRO")).toBe(1);
  });

  it("gives each placed section an id of its own", () => {
    const slots = slotsOf(["CHORUS", "CHORUS"]);
    expect(slots[0].id).not.toBe(slots[1].id);
    expect(sameSections(["VERSE"], ["VERSE"])).toBe(true);
    expect(sameSections(["VERSE"], ["CHORUS"])).toBe(false);
  });
});
