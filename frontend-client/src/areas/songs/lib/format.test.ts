import { describe, expect, it } from "vitest";
import { sortBulkResults } from "./bulk";
import { formatSongDuration, isPositive, keepUrl, signedUrlExpiry, signedUrlKey } from "./format";

describe("song durations", () => {
  it("shows minutes and seconds, hours when there are any", () => {
    expect(formatSongDuration(178.12)).toBe("2:58");
    expect(formatSongDuration(59.6)).toBe("1:00");
    expect(formatSongDuration(3)).toBe("0:03");
    expect(formatSongDuration(3725)).toBe("1:02:05");
  });

  it("is empty when unknown", () => {
    expect(formatSongDuration(null)).toBe("");
    expect(formatSongDuration(undefined)).toBe("");
    expect(formatSongDuration(Number.NaN)).toBe("");
    expect(formatSongDuration(-1)).toBe("");
  });
});

describe("balance", () => {
  it("knows a positive balance", () => {
    expect(isPositive("0.01")).toBe(true);
    expect(isPositive("0.00")).toBe(false);
    expect(isPositive("-3")).toBe(false);
    expect(isPositive(undefined)).toBe(false);
  });
});

describe("signed URLs", () => {
  const ours = (exp: number, sig: string) =>
    `http://127.0.0.1:8000/files/songs/u/s/1-c.mp3?exp=${exp}&filename=Song%20(1).mp3&sig=${sig}`;

  it("name the same file whatever the signature", () => {
    expect(signedUrlKey(ours(1, "a"))).toBe(signedUrlKey(ours(2, "b")));
    expect(signedUrlKey(ours(1, "a"))).not.toBe(signedUrlKey(ours(1, "a").replace("1-c", "2-c")));
  });

  it("read the expiry of ours and of S3's", () => {
    expect(signedUrlExpiry(ours(1_700_000_000, "a"))).toBe(1_700_000_000_000);
    expect(
      signedUrlExpiry(
        "https://s3.example/b/k.mp3?X-Amz-Date=20260102T030405Z&X-Amz-Expires=3600&X-Amz-Signature=x",
      ),
    ).toBe(Date.UTC(2026, 0, 2, 4, 4, 5));
    expect(signedUrlExpiry("https://cdn.example/a.mp3")).toBeNull();
  });

  it("a player keeps its URL until the file changes or the URL is about to expire", () => {
    const now = 1_700_000_000_000;
    const old = ours(now / 1000 + 3600, "a");
    const fresh = ours(now / 1000 + 7200, "b");
    expect(keepUrl(old, fresh, now)).toBe(old);
    expect(keepUrl(old, fresh, now + 3590_000)).toBe(fresh); // 10 s left
    expect(keepUrl(old, "http://127.0.0.1:8000/files/other.mp3?exp=1&sig=c", now)).toContain("other.mp3");
    expect(keepUrl(null, fresh, now)).toBe(fresh);
    expect(keepUrl(old, null, now)).toBeNull();
  });
});

describe("bulk delete results", () => {
  it("tells protected songs (a forced delete takes them) from other refusals", () => {
    const songs = new Map([
      ["a", { workflow: null, status: "SUCCEEDED" }],
      ["b", { workflow: "IN_USE" as const, status: "SUCCEEDED" }],
      ["c", { workflow: "ON_WORK" as const, status: "RUNNING" }],
      ["d", { workflow: "FAIL" as const, status: "FAILED" }],
    ]);
    const outcome = sortBulkResults(
      [
        { id: "a", deleted: true, error: null },
        { id: "b", deleted: false, error: { code: "CONFLICT", message: "The song is in use" } },
        { id: "c", deleted: false, error: { code: "CONFLICT", message: "still being generated" } },
        { id: "d", deleted: true },
        { id: "e", deleted: false, error: { code: "NOT_FOUND", message: "Song not found." } },
      ],
      songs,
    );
    expect(outcome).toEqual({
      deleted: ["a", "d"],
      protectedIds: ["b"],
      refused: [
        { id: "c", code: "CONFLICT", message: "still being generated" },
        { id: "e", code: "NOT_FOUND", message: "Song not found." },
      ],
    });
  });
});
