/** A song's length: 178.12 → "2:58", 3725 → "1:02:05"; "" when unknown. */
export function formatSongDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return "";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whether the amount (a Decimal string) is more than zero. */
export function isPositive(amount: string | number | null | undefined): boolean {
  const value = typeof amount === "string" ? Number(amount) : amount;
  return value != null && Number.isFinite(value) && value > 0;
}

/**
 * The address a signed URL names without its signature (scheme, host, path): two signatures of one stored
 * file give the same key, so a player keeps the URL it loaded instead of reloading on every refresh.
 */
export function signedUrlKey(url: string): string {
  try {
    const parsed = new URL(url, "http://localhost");
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** Seconds left before a signed URL expires, from its `exp` (ours) or X-Amz-Date + X-Amz-Expires (S3); null when unknown. */
export function signedUrlExpiry(url: string): number | null {
  try {
    const params = new URL(url, "http://localhost").searchParams;
    const exp = params.get("exp");
    if (exp && /^\d+$/.test(exp)) return Number(exp) * 1000;
    const date = params.get("X-Amz-Date");
    const expires = params.get("X-Amz-Expires");
    if (date && expires && /^\d{8}T\d{6}Z$/.test(date) && /^\d+$/.test(expires)) {
      const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`;
      return new Date(iso).getTime() + Number(expires) * 1000;
    }
  } catch {
    // not a URL
  }
  return null;
}

/**
 * Which URL a player should use: the one it has while it names the same file and is not about to expire
 * (a minute's margin), else the new one.
 */
export function keepUrl(
  current: string | null,
  next: string | null,
  now: number = Date.now(),
): string | null {
  if (!current || !next) return next;
  if (signedUrlKey(current) !== signedUrlKey(next)) return next;
  const expiry = signedUrlExpiry(current);
  if (expiry !== null && expiry - now < 60_000) return next;
  return current;
}
