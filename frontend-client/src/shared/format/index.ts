import { currentLanguage } from "../i18n";

/** The locale for Intl: the UI language. */
export function locale(): string {
  return currentLanguage() === "de" ? "de-DE" : "en-GB";
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value == null || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "1 Dec 2026, 21:44" / "1. Dez. 2026, 21:44"; "" for no date. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date
    ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date)
    : "";
}

/** "1 Dec 2026" / "1. Dez. 2026". */
export function formatDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date) : "";
}

/** A calendar month as the API names it ("2026-03", or year and month): "March 2026" / "März 2026"; "" for none. */
export function formatMonth(value: string | null | undefined, lang: string = locale()): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value ?? "");
  if (!match) return "";
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/** "3 minutes ago" / "vor 3 Minuten". */
export function formatRelative(
  value: string | number | Date | null | undefined,
  now: number = Date.now(),
): string {
  const date = toDate(value);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, "second");
}

/** 12,345 / 12.345. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** 0.42 → "42%" / "42 %". */
export function formatPercent(fraction: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits }).format(
    fraction,
  );
}

/** 1536 → "1.5 kB" / "1,5 kB". */
export function formatBytes(bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale(), {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Decimals an amount shows: two, and up to four below one unit, so a small figure is not rounded to nothing. */
function moneyDecimals(value: number): { minimumFractionDigits: number; maximumFractionDigits: number } {
  return { minimumFractionDigits: 2, maximumFractionDigits: value !== 0 && Math.abs(value) < 1 ? 4 : 2 };
}

/**
 * An amount of money as the API sends it (a Decimal, as a string) in its currency, per the UI language:
 * ("25.44", "USD") → "US$25.44" / "25,44 $"; below one unit up to four decimals ("0.0012" → "US$0.0012", "0.08" →
 * "US$0.08"); a currency Intl does not know is written after the number.
 */
export function formatMoney(
  amount: string | number | null | undefined,
  currency: string,
  lang: string = locale(),
): string {
  const value = typeof amount === "string" ? Number(amount) : amount;
  if (value == null || !Number.isFinite(value)) return "";
  const code = currency.trim().toUpperCase();
  const decimals = moneyDecimals(value);
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: code, ...decimals }).format(value);
    } catch {
      // not a currency Intl knows: fall through
    }
  }
  const number = new Intl.NumberFormat(lang, decimals).format(value);
  return code ? `${number} ${currency.trim()}` : number;
}
