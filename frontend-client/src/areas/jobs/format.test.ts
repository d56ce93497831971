import { describe, expect, it } from "vitest";
import {
  formatDuration,
  humanize,
  isActive,
  jobDurationMs,
  linkExpiry,
  newer,
  progressFraction,
  progressPercent,
} from "./format";
import { jobsSearch, parseJobsSearch } from "./search";

describe("progress", () => {
  it("clamps what the job reports to 0..1", () => {
    expect(progressFraction({ status: "RUNNING", progress: -0.2 })).toBe(0);
    expect(progressFraction({ status: "RUNNING", progress: 1.7 })).toBe(1);
    expect(progressFraction({ status: "RUNNING", progress: Number.NaN })).toBe(0);
    expect(progressFraction({ status: "SUCCEEDED", progress: 0.4 })).toBe(1);
  });

  it("shows whole percents and never 100 before the job succeeded", () => {
    expect(progressPercent({ status: "RUNNING", progress: 0.426 })).toBe(42);
    expect(progressPercent({ status: "RUNNING", progress: 0.999 })).toBe(99);
    expect(progressPercent({ status: "RUNNING", progress: 1 })).toBe(99);
    expect(progressPercent({ status: "SUCCEEDED", progress: 0.9 })).toBe(100);
    expect(progressPercent({ status: "QUEUED", progress: 0 })).toBe(0);
  });

  it("knows which statuses can still change", () => {
    expect(isActive("QUEUED")).toBe(true);
    expect(isActive("RUNNING")).toBe(true);
    expect(isActive("SUCCEEDED")).toBe(false);
    expect(isActive("FAILED")).toBe(false);
    expect(isActive("CANCELLED")).toBe(false);
  });
});

describe("durations", () => {
  const start = "2026-03-01T10:00:00Z";
  const at = (s: number) => new Date(Date.parse(start) + s * 1000).toISOString();

  it("runs from start to end, or to now while running", () => {
    expect(jobDurationMs({ status: "SUCCEEDED", startedAt: start, finishedAt: at(65) })).toBe(65_000);
    expect(jobDurationMs({ status: "RUNNING", startedAt: start }, Date.parse(at(3)))).toBe(3000);
    expect(jobDurationMs({ status: "QUEUED", startedAt: null })).toBeNull();
    // Cancelled while queued: never started, so no duration.
    expect(jobDurationMs({ status: "CANCELLED", startedAt: null, finishedAt: at(1) })).toBeNull();
  });

  it("reads as a person would say it, in English and German", () => {
    expect(formatDuration(850, "en-GB")).toBe("850 ms");
    expect(formatDuration(42_400, "en-GB")).toBe("42 secs");
    expect(formatDuration(65_000, "en-GB")).toBe("1 min 5 secs");
    expect(formatDuration(120_000, "en-GB")).toBe("2 mins");
    expect(formatDuration(3_720_000, "en-GB")).toBe("1 hr 2 mins");
    expect(formatDuration(65_000, "de-DE")).toBe("1 Min. 5 Sek.");
    expect(formatDuration(3_600_000, "de-DE")).toBe("1 Std.");
    expect(formatDuration(-1, "en-GB")).toBe("");
  });
});

describe("links and states", () => {
  it("tells whether a signed link has expired", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    expect(linkExpiry("2026-03-01T11:00:00Z", now)).toEqual({ expired: false, leftMs: 3_600_000 });
    expect(linkExpiry("2026-03-01T10:00:00Z", now)).toEqual({ expired: true, leftMs: 0 });
    expect(linkExpiry("not a date", now).expired).toBe(true);
  });

  it("keeps the newer of two states of a job", () => {
    const a = { updatedAt: "2026-03-01T10:00:01Z", status: "RUNNING" };
    const b = { updatedAt: "2026-03-01T10:00:02Z", status: "SUCCEEDED" };
    expect(newer(a, b)).toBe(b);
    expect(newer(b, a)).toBe(b);
    expect(newer(a, null)).toBe(a);
    expect(newer(null, b)).toBe(b);
    const same = { ...a, status: "streamed" };
    expect(newer(a, same)).toBe(same); // a tie goes to the second (the stream)
  });

  it("names a section no catalogue knows", () => {
    expect(humanize("prompt_templates")).toBe("prompt templates");
  });
});

describe("the jobs page's URL", () => {
  it("reads the filters and drops what it does not know", () => {
    const search = parseJobsSearch(
      new URLSearchParams("status=running,FAILED,nope&kind=DATA_EXPORT&order=oldest"),
    );
    expect(search).toEqual({ statuses: ["RUNNING", "FAILED"], kinds: ["DATA_EXPORT"], order: "oldest" });
    expect(parseJobsSearch(new URLSearchParams("order=sideways")).order).toBe("newest");
  });

  it("writes them back", () => {
    expect(jobsSearch({ statuses: ["QUEUED", "RUNNING"] })).toBe("?status=QUEUED%2CRUNNING");
    expect(jobsSearch({})).toBe("");
    const round = parseJobsSearch(
      new URLSearchParams(jobsSearch({ kinds: ["DATA_IMPORT"], statuses: ["FAILED"] }).slice(1)),
    );
    expect(round).toEqual({ statuses: ["FAILED"], kinds: ["DATA_IMPORT"], order: "newest" });
  });
});
