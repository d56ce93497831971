import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { mapUserErrors, userErrorText } from "./errors";

describe("mapUserErrors", () => {
  const text = (e: { message: string }) => e.message;

  it("keys field errors by the field path's last segment and keeps the first per field", () => {
    const mapped = mapUserErrors(
      [
        { field: ["input", "title"], message: "Too long", code: "TOO_LONG" },
        { field: ["input", "title"], message: "second", code: "INVALID" },
        { field: ["password"], message: "Too short", code: "TOO_SHORT" },
      ],
      text,
    );
    expect(mapped).toEqual({ fieldErrors: { title: "Too long", password: "Too short" }, formError: null });
  });

  it("puts errors without a field into formError", () => {
    const mapped = mapUserErrors(
      [
        { field: null, message: "Wrong email or password.", code: "INVALID" },
        { field: [], message: "Slow down.", code: "RATE_LIMITED" },
      ],
      text,
    );
    expect(mapped).toEqual({ fieldErrors: {}, formError: "Wrong email or password. Slow down." });
  });

  it("is empty for no errors", () => {
    expect(mapUserErrors([], text)).toEqual({ fieldErrors: {}, formError: null });
  });
});

describe("userErrorText", () => {
  const t = ((key: string) => `t(${key})`) as unknown as TFunction;
  const error = { field: ["email"], message: "Already registered", code: "TAKEN" };

  it("shows the server's message in English", () => {
    expect(userErrorText(error, t, "en")).toBe("Already registered");
  });

  it("translates the code in German", () => {
    expect(userErrorText(error, t, "de")).toBe("t(common:userError.TAKEN)");
  });
});
