import { describe, expect, it } from "vitest";
import {
  findOpenUpload,
  forgetUpload,
  OPEN_UPLOADS_KEY,
  openUploads,
  rememberUpload,
  type KeyValue,
  type OpenUpload,
} from "./resume";

function memory(initial: Record<string, string> = {}): KeyValue & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

const upload = (over: Partial<OpenUpload> = {}): OpenUpload => ({
  uploadId: "U1",
  projectId: "P",
  folderId: "F",
  relativePath: "Drums/Kick.wav",
  size: 10,
  lastModified: 1000,
  sha256: "a".repeat(64),
  startedAt: Date.now(),
  ...over,
});

describe("open uploads remembered in the browser", () => {
  it("finds the same file again by folder, path, size and modification time", () => {
    const storage = memory();
    rememberUpload(upload(), storage);
    expect(findOpenUpload("F", "Drums/Kick.wav", { size: 10, lastModified: 1000 }, storage)?.uploadId).toBe(
      "U1",
    );
    expect(findOpenUpload("F", "Drums/Kick.wav", { size: 10, lastModified: 2000 }, storage)).toBeNull();
    expect(findOpenUpload("G", "Drums/Kick.wav", { size: 10, lastModified: 1000 }, storage)).toBeNull();
  });

  it("keeps one upload per folder and path, and forgets on request", () => {
    const storage = memory();
    rememberUpload(upload(), storage);
    rememberUpload(upload({ uploadId: "U2" }), storage);
    rememberUpload(upload({ uploadId: "U3", relativePath: "Bass.wav" }), storage);
    expect(openUploads(storage).map((u) => u.uploadId)).toEqual(["U3", "U2"]);
    forgetUpload("U2", storage);
    expect(openUploads(storage).map((u) => u.uploadId)).toEqual(["U3"]);
  });

  it("drops what is malformed or too old", () => {
    const old = upload({ uploadId: "OLD", startedAt: Date.now() - 30 * 86_400_000 });
    const storage = memory({ [OPEN_UPLOADS_KEY]: JSON.stringify([old, { uploadId: 3 }, upload()]) });
    expect(openUploads(storage).map((u) => u.uploadId)).toEqual(["U1"]);
    expect(openUploads(memory({ [OPEN_UPLOADS_KEY]: "not json" }))).toEqual([]);
    expect(openUploads(null)).toEqual([]);
  });
});
