import { describe, expect, it, vi } from "vitest";
import type { UploadTarget } from "@/areas/data_transfer/public";
import type { KeyValue } from "./resume";
import { openUploads } from "./resume";
import { totals, UploadQueue, type PartRequest, type UploadItem, type UploadTransport } from "./uploader";

function memory(): KeyValue {
  const data: Record<string, string> = {};
  return { getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

/**
 * The API and storage as the queue sees them, in memory: uploads keyed by folder and path that answer again for
 * the same bytes, parts signed with a generation that can be made to expire, and completion that needs every part.
 */
class Server implements UploadTransport {
  partSize = 4;
  uploads = new Map<string, { id: string; size: number; sha256: string; parts: Map<number, string> }>();
  sent: { id: string; number: number }[] = [];
  hashes = 0;
  /** Signatures below this generation are refused as expired. */
  generation = 1;
  /** Sends to hold until released (to stop mid-upload). */
  hold: ((release: () => void) => void) | null = null;
  files = new Map<string, string>();

  async create(input: { folderId: string; relativePath: string; sizeBytes: string; sha256: string }) {
    if (input.relativePath.includes("..")) {
      return {
        upload: null,
        errors: [{ field: ["input", "relativePath"], message: "No '..'.", code: "INVALID" }],
      };
    }
    const key = `${input.folderId}/${input.relativePath}`;
    let upload = this.uploads.get(key);
    if (!upload || upload.sha256 !== input.sha256) {
      upload = {
        id: `up-${this.uploads.size + 1}`,
        size: Number(input.sizeBytes),
        sha256: input.sha256,
        parts: new Map(),
      };
      this.uploads.set(key, upload);
    }
    const partCount = Math.max(1, Math.ceil(upload.size / this.partSize));
    return {
      upload: { id: upload.id, partSize: this.partSize, partCount, uploadedParts: [...upload.parts.keys()] },
      errors: [],
    };
  }

  private byId(id: string) {
    return [...this.uploads.values()].find((u) => u.id === id)!;
  }

  async parts(id: string, numbers?: number[]): Promise<PartRequest[]> {
    const upload = this.byId(id);
    const count = Math.max(1, Math.ceil(upload.size / this.partSize));
    const wanted = numbers ?? [...Array(count).keys()].map((i) => i + 1).filter((n) => !upload.parts.has(n));
    return wanted.map((number) => ({
      number,
      offset: (number - 1) * this.partSize,
      sizeBytes: Math.min(this.partSize, upload.size - (number - 1) * this.partSize),
      url: `/put/${id}/${number}?g=${this.generation}`,
      method: "PUT",
      headers: [],
    }));
  }

  async send(target: UploadTarget, body: Blob, onProgress: (sent: number) => void, signal: AbortSignal) {
    const [, , id, rest] = target.url.split("/");
    const [number, query] = rest.split("?g=");
    if (this.hold) await new Promise<void>((release) => this.hold!(release));
    signal.throwIfAborted();
    if (Number(query) < this.generation) throw { kind: "expired", status: 403, reason: "expired" };
    onProgress(body.size / 2);
    this.byId(id).parts.set(Number(number), await body.text());
    this.sent.push({ id, number: Number(number) });
    onProgress(body.size);
  }

  async complete(id: string) {
    const upload = this.byId(id);
    const count = Math.max(1, Math.ceil(upload.size / this.partSize));
    for (let n = 1; n <= count; n++) {
      if (!upload.parts.has(n))
        return { fileId: null, errors: [{ field: null, message: `Part ${n} is missing.`, code: "INVALID" }] };
    }
    const text = [...upload.parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, t]) => t)
      .join("");
    this.files.set(id, text);
    return { fileId: `file-${id}`, errors: [] };
  }

  async abort(id: string) {
    for (const [key, upload] of this.uploads) if (upload.id === id) this.uploads.delete(key);
  }

  async hash(file: Blob, onProgress: (bytes: number) => void) {
    this.hashes += 1;
    onProgress(file.size);
    return `sha-of-${await file.text()}`;
  }
}

function picked(path: string, text: string, lastModified = 1000) {
  return { file: new File([text], path.split("/").pop()!, { lastModified }), relativePath: path };
}

async function settled(queue: UploadQueue, count: number): Promise<readonly UploadItem[]> {
  await vi.waitFor(() => {
    const items = queue.getSnapshot();
    expect(items.filter((i) => ["done", "failed", "stopped"].includes(i.phase))).toHaveLength(count);
  });
  return queue.getSnapshot();
}

describe("the upload queue", () => {
  it("sends every part of several files and completes them", async () => {
    const server = new Server();
    const queue = new UploadQueue(server, { storage: memory(), notifyDelay: 0 });
    const arrived: string[] = [];
    queue.onFileDone((item) => arrived.push(item.relativePath));
    queue.add("P", "F", [
      picked("Drums/Kick.wav", "kick-drum-sample"),
      picked("Mix.wav", "mix"),
      picked("Bass.wav", "b"),
    ]);
    const items = await settled(queue, 3);
    expect(items.map((i) => i.phase)).toEqual(["done", "done", "done"]);
    expect(items[0]).toMatchObject({ partsTotal: 4, partsDone: 4, sent: 16, resumed: false });
    expect([...server.files.values()].sort()).toEqual(["b", "kick-drum-sample", "mix"]);
    expect(arrived.sort()).toEqual(["Bass.wav", "Drums/Kick.wav", "Mix.wav"]);
    expect(totals(items)).toMatchObject({ files: 3, filesDone: 3, bytes: 20, bytesSent: 20, active: false });
  });

  it("continues an upload from the parts stored, without hashing the same file again", async () => {
    const server = new Server();
    const storage = memory();
    const first = new UploadQueue(server, { storage, notifyDelay: 0 });
    let releases = 0;
    // The first two parts arrive, then the page "reloads" (the queue is dropped with its file half sent).
    server.hold = (release) => {
      if (releases++ < 2) release();
    };
    first.add("P", "F", [picked("Bounce.wav", "0123456789abcdef")]);
    await vi.waitFor(() => expect(server.sent).toHaveLength(2));
    expect(openUploads(storage)).toHaveLength(1);
    expect(server.hashes).toBe(1);

    server.hold = null;
    const second = new UploadQueue(server, { storage, notifyDelay: 0, partsAtOnce: 1 });
    second.add("P", "F", [picked("Bounce.wav", "0123456789abcdef")]);
    const [item] = await settled(second, 1);
    expect(item).toMatchObject({ phase: "done", resumed: true, partsTotal: 4, partsDone: 4 });
    expect(server.hashes).toBe(1);
    expect(server.sent.map((s) => s.number).sort()).toEqual([1, 2, 3, 4]);
    expect(server.files.get(item.uploadId!)).toBe("0123456789abcdef");
    expect(openUploads(storage)).toEqual([]);
  });

  it("signs a part anew when its signature expired", async () => {
    const server = new Server();
    const queue = new UploadQueue(server, { storage: memory(), notifyDelay: 0, partsAtOnce: 1 });
    const parts = server.parts.bind(server);
    let asked = 0;
    server.parts = async (id, numbers) => {
      const answer = await parts(id, numbers);
      if (asked++ === 0) server.generation = 2; // every request of the first batch is stale by the time it is sent
      return answer;
    };
    queue.add("P", "F", [picked("Mix.wav", "12345678")]);
    const [item] = await settled(queue, 1);
    expect(item.phase).toBe("done");
    expect(server.files.get(item.uploadId!)).toBe("12345678");
  });

  it("stops an upload and continues it from where it stopped", async () => {
    const server = new Server();
    const queue = new UploadQueue(server, { storage: memory(), notifyDelay: 0, partsAtOnce: 1 });
    const waiting: (() => void)[] = [];
    server.hold = (release) => {
      if (server.sent.length < 1) release();
      else waiting.push(release);
    };
    queue.add("P", "F", [picked("Vocal.wav", "abcdefghij")]);
    await vi.waitFor(() => expect(waiting).toHaveLength(1));
    const key = queue.getSnapshot()[0].key;
    queue.stop(key);
    waiting.shift()!();
    const [stopped] = await settled(queue, 1);
    expect(stopped).toMatchObject({ phase: "stopped", partsDone: 1 });

    server.hold = null;
    queue.retry(key);
    await vi.waitFor(() => expect(queue.getSnapshot()[0].phase).toBe("done"));
    expect(server.sent.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(queue.getSnapshot()[0].resumed).toBe(true);
  });

  it("shows the API's refusal of a path", async () => {
    const server = new Server();
    const queue = new UploadQueue(server, { storage: memory(), notifyDelay: 0 });
    queue.add("P", "F", [picked("../escape.wav", "x")]);
    const [item] = await settled(queue, 1);
    expect(item.phase).toBe("failed");
    expect(item.problem).toEqual({
      kind: "user",
      error: { field: ["input", "relativePath"], message: "No '..'.", code: "INVALID" },
    });
  });
});
