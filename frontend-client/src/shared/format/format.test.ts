import { describe, expect, it } from "vitest";
import { formatMoney, formatMonth } from "./index";

describe("money", () => {
  // Intl puts narrow no-break spaces in some locales: compare with plain spaces.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

  it("shows a Decimal string as a currency amount with two decimals, per language", () => {
    expect(plain(formatMoney("25.44", "USD", "en-GB"))).toBe("US$25.44");
    expect(plain(formatMoney("25.44", "USD", "de-DE"))).toBe("25,44 $");
    expect(plain(formatMoney("1234.5", "EUR", "de-DE"))).toBe("1.234,50 €");
    expect(plain(formatMoney(0, "usd", "en-GB"))).toBe("US$0.00");
  });

  it("shows up to four decimals below one unit, so small figures are not rounded away", () => {
    expect(plain(formatMoney("0.0012300", "usd", "en-GB"))).toBe("US$0.0012");
    expect(plain(formatMoney("0.08", "USD", "en-GB"))).toBe("US$0.08");
    expect(plain(formatMoney("0.0800", "USD", "de-DE"))).toBe("0,08 $");
    expect(plain(formatMoney("0.15046", "USD", "de-DE"))).toBe("0,1505 $");
    expect(plain(formatMoney("-0.0004", "USD", "en-GB"))).toBe("-US$0.0004");
    expect(plain(formatMoney("12.34567", "USD", "en-GB"))).toBe("US$12.35");
  });

  it("writes a currency Intl does not know after the number", () => {
    expect(plain(formatMoney("3", "credits", "en-GB"))).toBe("3.00 credits");
    expect(plain(formatMoney("3", "", "de-DE"))).toBe("3,00");
  });

  it("is empty for no amount", () => {
    expect(formatMoney(null, "USD")).toBe("");
    expect(formatMoney("n/a", "USD")).toBe("");
  });
});

describe("month", () => {
  it("names a YYYY-MM month per language", () => {
    expect(formatMonth("2026-03", "en-GB")).toBe("March 2026");
    expect(formatMonth("2026-03", "de-DE")).toBe("März 2026");
    expect(formatMonth("2025-12", "en-GB")).toBe("December 2025");
  });

  it("is empty for what is not a month", () => {
    expect(formatMonth(null)).toBe("");
    expect(formatMonth("March")).toBe("");
  });
});
