import { describe, expect, it } from "vitest";
import { createInput, emptyForm, updateInput, type EquipmentFormValues } from "./form";

const saved: EquipmentFormValues = {
  ...emptyForm("PLUGIN"),
  name: "Serum",
  version: "1.3",
  password: " secret with spaces ",
  licenseManagement: "LICENSE_KEY",
  licenseKey: "KEY-1",
  price: "189 USD",
  pluginTags: ["synth"],
};

describe("the equipment editor's inputs", () => {
  it("creates with what was filled in, blanks left out and the password kept exactly", () => {
    expect(createInput({ ...saved, manufacturer: "  ", url: " xferrecords.com " })).toEqual({
      type: "PLUGIN",
      name: "Serum",
      status: "ACTIVE",
      version: "1.3",
      url: "xferrecords.com",
      password: " secret with spaces ",
      licenseManagement: "LICENSE_KEY",
      licenseKey: "KEY-1",
      price: "189 USD",
      pluginTags: ["synth"],
    });
  });

  it("sends only what changed: a secret left alone stays on the server", () => {
    expect(updateInput("E1", saved, { ...saved, version: "1.4" })).toEqual({ id: "E1", version: "1.4" });
    expect(updateInput("E1", saved, saved)).toEqual({ id: "E1" });
  });

  it("clears an emptied field or secret with null", () => {
    expect(
      updateInput("E1", saved, { ...saved, price: "", password: "", licenseManagement: "", pluginTags: [] }),
    ).toEqual({ id: "E1", price: null, password: null, licenseManagement: null, pluginTags: [] });
  });

  it("sends a changed secret as typed", () => {
    expect(updateInput("E1", saved, { ...saved, licenseKey: " KEY-2 ", password: "new " })).toEqual({
      id: "E1",
      licenseKey: "KEY-2",
      password: "new ",
    });
  });
});
