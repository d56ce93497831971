import { describe, expect, it } from "vitest";
import { contentTypeOf, importFile, type ImportPhase, type ImportSteps } from "./importFile";
import { UploadError } from "./upload";

interface F {
  name: string;
  size: number;
  type: string;
}
const file: F = { name: "aiproxy-export.zip", size: 1000, type: "application/zip" };
const target = { id: "Upload:1", url: "/files/x", method: "PUT", headers: [] };

function steps(
  overrides: Partial<ImportSteps<F, string>> = {},
): ImportSteps<F, string> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async hash(_file, onProgress) {
      calls.push("hash");
      onProgress(0.5);
      onProgress(1);
      return "ab".repeat(32);
    },
    async createUpload(input) {
      calls.push(`create ${input.filename} ${input.sizeBytes} ${input.contentType}`);
      return { ok: true, value: target };
    },
    async send(_target, _file, onProgress) {
      calls.push("send");
      onProgress(400, 1000);
      onProgress(1000, 1000);
    },
    async startImport(uploadId) {
      calls.push(`import ${uploadId}`);
      return { ok: true, value: "Job:1" };
    },
    ...overrides,
  };
}

describe("importFile", () => {
  it("hashes, declares, sends, then starts the job, telling each phase", async () => {
    const s = steps();
    const phases: ImportPhase[] = [];
    const result = await importFile(file, s, (p) => phases.push(p), new AbortController().signal);
    expect(result).toEqual({ ok: true, value: "Job:1" });
    expect(s.calls).toEqual([
      "hash",
      "create aiproxy-export.zip 1000 application/zip",
      "send",
      "import Upload:1",
    ]);
    expect(phases).toEqual([
      { step: "hashing", fraction: 0 },
      { step: "hashing", fraction: 0.5 },
      { step: "hashing", fraction: 1 },
      { step: "uploading", sent: 0, total: 1000 },
      { step: "uploading", sent: 400, total: 1000 },
      { step: "uploading", sent: 1000, total: 1000 },
      { step: "starting" },
    ]);
  });

  it("refuses an empty file before anything is sent", async () => {
    const s = steps();
    const result = await importFile({ ...file, size: 0 }, s, () => {}, new AbortController().signal);
    expect(result).toEqual({ ok: false, problem: { kind: "empty", reason: "" } });
    expect(s.calls).toEqual([]);
  });

  it("stops at a refused declaration or a refused upload, with the reason", async () => {
    const refused = steps({
      createUpload: async () => ({ ok: false, problem: { kind: "tooLarge", reason: "at most 5 bytes" } }),
    });
    expect(await importFile(file, refused, () => {}, new AbortController().signal)).toEqual({
      ok: false,
      problem: { kind: "tooLarge", reason: "at most 5 bytes" },
    });
    expect(refused.calls).toEqual(["hash"]);

    const failed = steps({
      send: async () => {
        throw new UploadError("rejected", 400, "sha256 mismatch");
      },
    });
    expect(await importFile(file, failed, () => {}, new AbortController().signal)).toEqual({
      ok: false,
      problem: { kind: "rejected", reason: "sha256 mismatch" },
    });
    expect(failed.calls).not.toContain("import Upload:1");
  });

  it("stops when aborted during hashing", async () => {
    const controller = new AbortController();
    const s = steps({
      async hash(_f, _p, signal) {
        controller.abort();
        signal.throwIfAborted();
        return "";
      },
    });
    const result = await importFile(file, s, () => {}, controller.signal);
    expect(result).toEqual({ ok: false, problem: { kind: "aborted", reason: "" } });
    expect(s.calls).toEqual([]);
  });

  it("declares a sensible content type", () => {
    expect(contentTypeOf({ name: "a.zip", size: 1, type: "" })).toBe("application/zip");
    expect(contentTypeOf({ name: "a.ZIP", size: 1, type: "application/x-zip-compressed" })).toBe(
      "application/x-zip-compressed",
    );
    expect(contentTypeOf({ name: "notes.txt", size: 1, type: "" })).toBe("application/octet-stream");
  });
});
