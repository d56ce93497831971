import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import { costError, costErrorKey, pastMonths, splitMonth, thisMonth } from "./costs";

describe("months", () => {
  const now = new Date(Date.UTC(2026, 1, 14, 23, 30)); // 14 February 2026

  it("names this month and the ones before it, across the turn of the year", () => {
    expect(thisMonth(now)).toBe("2026-02");
    expect(pastMonths(3, now)).toEqual(["2026-01", "2025-12", "2025-11"]);
  });

  it("splits a month into its numbers", () => {
    expect(splitMonth("2025-12")).toEqual({ year: 2025, month: 12 });
  });
});

describe("cost errors", () => {
  it("takes the code of the first GraphQL error", () => {
    const error = new CombinedError({
      graphQLErrors: [
        { message: "Set OPENAI_ADMIN_API_KEY to see them.", extensions: { code: "NOT_CONFIGURED" } },
      ],
    });
    expect(costError(error)).toEqual({
      code: "NOT_CONFIGURED",
      message: "Set OPENAI_ADMIN_API_KEY to see them.",
    });
    expect(costErrorKey("NOT_CONFIGURED")).toBe("NOT_CONFIGURED");
  });

  it("says NETWORK when the server was not reached, and has words for unknown codes", () => {
    const error = new CombinedError({ networkError: new Error("Failed to fetch") });
    expect(costError(error).code).toBe("NETWORK");
    expect(costErrorKey("NETWORK")).toBe("NETWORK");
    expect(costErrorKey("SOMETHING_NEW")).toBe("unknown");
  });
});
