import { describe, expect, it } from "vitest";
import { UploadError, sendFile, type XhrLike } from "./upload";

/** An XMLHttpRequest that records what it was asked and answers when the test says. */
class FakeXhr implements XhrLike {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  aborted = false;
  status = 0;
  responseText = "";
  onload: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onabort: ((event: unknown) => void) | null = null;
  upload: XhrLike["upload"] = { onprogress: null };

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.({});
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, text = "") {
    this.status = status;
    this.responseText = text;
    this.onload?.({});
  }
}

const target = {
  url: "http://127.0.0.1:8000/files/uploads/u/1?exp=1&sig=x",
  method: "PUT",
  headers: [{ name: "Content-Type", value: "application/zip" }],
};

function start(body = new Blob(["0123456789"]), signal?: AbortSignal) {
  const xhr = new FakeXhr();
  const seen: [number, number][] = [];
  const done = sendFile(target, body, {
    createXhr: () => xhr,
    signal,
    onProgress: (sent, total) => seen.push([sent, total]),
  });
  return { xhr, seen, done };
}

describe("sendFile", () => {
  it("sends the bytes as the upload says and reports progress to the end", async () => {
    const body = new Blob(["0123456789"]);
    const { xhr, seen, done } = start(body);
    expect(xhr.method).toBe("PUT");
    expect(xhr.url).toBe(target.url);
    expect(xhr.headers).toEqual({ "Content-Type": "application/zip" });
    expect(xhr.body).toBe(body);
    xhr.progress(4, 10);
    xhr.progress(10, 10);
    xhr.answer(200, '{"key": "uploads/u/1", "sizeBytes": 10}');
    await expect(done).resolves.toBeUndefined();
    expect(seen).toEqual([
      [4, 10],
      [10, 10],
      [10, 10],
    ]);
  });

  it("rejects with the storage's reason", async () => {
    const cases: [number, string, string, string][] = [
      [400, '{"error": "sha256 mismatch"}', "rejected", "sha256 mismatch"],
      [403, '{"error": "invalid or expired signature"}', "expired", "invalid or expired signature"],
      [413, '{"error": "upload too large"}', "tooLarge", "upload too large"],
      [500, "Internal Server Error", "rejected", "Internal Server Error"],
    ];
    for (const [status, text, kind, reason] of cases) {
      const { xhr, done } = start();
      xhr.answer(status, text);
      const error = await done.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UploadError);
      expect(error).toMatchObject({ kind, status, reason });
    }
  });

  it("tells a network failure apart", async () => {
    const { xhr, done } = start();
    xhr.onerror?.({});
    await expect(done).rejects.toMatchObject({ kind: "network" });
  });

  it("stops the request when aborted, before or during", async () => {
    const controller = new AbortController();
    const { xhr, done } = start(new Blob(["x"]), controller.signal);
    xhr.progress(0, 1);
    controller.abort();
    expect(xhr.aborted).toBe(true);
    await expect(done).rejects.toMatchObject({ kind: "aborted" });

    const early = new AbortController();
    early.abort();
    const again = start(new Blob(["x"]), early.signal);
    await expect(again.done).rejects.toMatchObject({ kind: "aborted" });
    expect(again.xhr.method).toBe(""); // never opened
  });
});
