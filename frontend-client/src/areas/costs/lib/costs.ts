import type { CombinedError } from "urql";

/** A month as the API names it: `YYYY-MM` (UTC). */
export type MonthName = string;

function monthName(year: number, month: number): MonthName {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The month `now` falls in (UTC). */
export function thisMonth(now: Date = new Date()): MonthName {
  return monthName(now.getUTCFullYear(), now.getUTCMonth() + 1);
}

/** `count` months before the one `now` falls in, the latest first (the current month not among them). */
export function pastMonths(count: number, now: Date = new Date()): MonthName[] {
  const months: MonthName[] = [];
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth() + 1;
  for (let i = 0; i < count; i += 1) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    months.push(monthName(year, month));
  }
  return months;
}

/** "2026-03" → { year: 2026, month: 3 }. */
export function splitMonth(name: MonthName): { year: number; month: number } {
  const [year, month] = name.split("-").map(Number);
  return { year, month };
}

/** Codes of the costs API's faults the page has words for (openaiCosts' top-level errors, and ours). */
export const COST_ERROR_CODES = [
  "NOT_CONFIGURED",
  "INVALID_API_KEY",
  "QUOTA_EXCEEDED",
  "RATE_LIMITED",
  "TIMEOUT",
  "PROVIDER_UNAVAILABLE",
  "BAD_REQUEST",
  "MODEL_NOT_FOUND",
  "FORBIDDEN",
  "BAD_USER_INPUT",
] as const;

/** The code and message of a failed costs query: its first GraphQL error's, or NETWORK when none reached it. */
export function costError(error: CombinedError): { code: string; message: string } {
  const first = error.graphQLErrors[0];
  if (!first) return { code: "NETWORK", message: error.message };
  const code = first.extensions?.code;
  return { code: typeof code === "string" ? code : "UNKNOWN", message: first.message };
}

/** The words key (`errors.<key>` in the costs namespace) for a code. */
export function costErrorKey(code: string): string {
  return (COST_ERROR_CODES as readonly string[]).includes(code) || code === "NETWORK" ? code : "unknown";
}
