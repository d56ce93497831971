import { describe, expect, it } from "vitest";
import { formatMoney } from "./index";

describe("money", () => {
  // Intl puts narrow no-break spaces in some locales: compare with plain spaces.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

  it("shows a Decimal string as a currency amount with two decimals, per language", () => {
    expect(plain(formatMoney("25.44", "USD", "en-GB"))).toBe("US$25.44");
    expect(plain(formatMoney("25.44", "USD", "de-DE"))).toBe("25,44 $");
    expect(plain(formatMoney("1234.5", "EUR", "de-DE"))).toBe("1.234,50 €");
    expect(plain(formatMoney(0, "usd", "en-GB"))).toBe("US$0.00");
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
