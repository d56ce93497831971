// The upload queue of the project pages: files are hashed (SHA-256, in the browser), declared
// (projectFileUploadCreate), sent straight to storage — one PUT, or parts several at a time — and completed
// (projectFileUploadComplete), a few files at once, with progress per file and in total. An upload stopped,
// failed or cut off by a reload continues from the parts storage already holds (see resume.ts).

import type { UploadFailure, UploadTarget } from "@/areas/data_transfer/public";
import type { UserErrorLike } from "@/shared/graphql/errors";
import type { PickedFile } from "./gather";
import { findOpenUpload, forgetUpload, rememberUpload, type KeyValue } from "./resume";

export type UploadPhase = "queued" | "hashing" | "uploading" | "completing" | "done" | "failed" | "stopped";

/** Why an upload did not finish: the API's userError, storage's refusal, or a failed request. */
export type UploadProblem =
  | { kind: "user"; error: UserErrorLike }
  | { kind: "transfer"; failure: UploadFailure; status: number; reason: string }
  | { kind: "request"; message: string };

export interface UploadItem {
  /** This page's own id of the item. */
  key: string;
  projectId: string;
  folderId: string;
  relativePath: string;
  size: number;
  phase: UploadPhase;
  /** Bytes hashed so far. */
  hashed: number;
  /** Bytes storage holds, with those on their way. */
  sent: number;
  partsTotal: number;
  partsDone: number;
  /** It continued an upload begun earlier (some parts were stored already). */
  resumed: boolean;
  uploadId: string | null;
  fileId: string | null;
  problem: UploadProblem | null;
}

/** An upload as projectFileUploadCreate answers it (BigInts as numbers). */
export interface UploadDescription {
  id: string;
  partSize: number;
  partCount: number;
  uploadedParts: readonly number[];
}

export interface PartRequest extends UploadTarget {
  number: number;
  offset: number;
  sizeBytes: number;
}

/** What the queue needs of the API, storage and the hash (the page passes the real ones, see transport.ts). */
export interface UploadTransport {
  create(input: {
    folderId: string;
    relativePath: string;
    sizeBytes: string;
    sha256: string;
  }): Promise<{ upload: UploadDescription | null; errors: readonly UserErrorLike[] }>;
  /** Signed requests for these parts, or for the first ones storage does not hold yet. */
  parts(uploadId: string, numbers?: number[]): Promise<PartRequest[]>;
  complete(uploadId: string): Promise<{ fileId: string | null; errors: readonly UserErrorLike[] }>;
  abort(uploadId: string): Promise<void>;
  send(
    target: UploadTarget,
    body: Blob,
    onProgress: (sent: number) => void,
    signal: AbortSignal,
  ): Promise<void>;
  hash(file: Blob, onProgress: (bytes: number) => void, signal: AbortSignal): Promise<string>;
}

export interface UploadQueueOptions {
  filesAtOnce?: number;
  partsAtOnce?: number;
  /** Tries per part (a refused signature is signed anew, a network error waits a little). */
  tries?: number;
  /** Where open uploads are remembered (default: localStorage; null: nowhere). */
  storage?: KeyValue | null;
  /** How long progress waits before telling the page (ms; 0: at once). */
  notifyDelay?: number;
}

/** A failure of the transfer itself (storage's refusal); the queue reads `kind`, `status` and `reason`. */
interface TransferErrorLike {
  kind: UploadFailure;
  status: number;
  reason: string;
}

function isTransferError(error: unknown): error is TransferErrorLike {
  return (
    !!error &&
    typeof error === "object" &&
    "kind" in error &&
    "status" in error &&
    typeof (error as { status: unknown }).status === "number"
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Runs `work` over `items`, `width` at a time; the first failure stops the rest and is thrown once all end. */
async function pool<T>(
  items: readonly T[],
  width: number,
  signal: AbortSignal,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const inner = new AbortController();
  const stop = () => inner.abort(signal.reason);
  signal.addEventListener("abort", stop, { once: true });
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !inner.signal.aborted) {
      const item = items[next++];
      try {
        await work(item, inner.signal);
      } catch (error) {
        failure ??= { error };
        inner.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  signal.removeEventListener("abort", stop);
  if (failure) throw (failure as { error: unknown }).error;
}

let counter = 0;

export class UploadQueue {
  private items: UploadItem[] = [];
  private readonly files = new Map<string, File>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly stopping = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly doneListeners = new Set<(item: UploadItem) => void>();
  private running = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly options: Required<Omit<UploadQueueOptions, "storage">>;
  /** Where open uploads are remembered; undefined: localStorage. */
  private readonly storage: KeyValue | null | undefined;

  constructor(
    private readonly transport: UploadTransport,
    options: UploadQueueOptions = {},
  ) {
    const { storage, ...rest } = options;
    this.options = { filesAtOnce: 2, partsAtOnce: 3, tries: 3, notifyDelay: 100, ...rest };
    this.storage = storage;
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly UploadItem[] => this.items;

  /** Called once for each file that arrived (to reread the folder's list). */
  onFileDone(listener: (item: UploadItem) => void): () => void {
    this.doneListeners.add(listener);
    return () => this.doneListeners.delete(listener);
  }

  /** Queues files for a folder; they start as soon as fewer than `filesAtOnce` are under way. */
  add(projectId: string, folderId: string, picked: readonly PickedFile[]): void {
    const added = picked.map(({ file, relativePath }): UploadItem => {
      const key = `u${++counter}`;
      this.files.set(key, file);
      return {
        key,
        projectId,
        folderId,
        relativePath,
        size: file.size,
        phase: "queued",
        hashed: 0,
        sent: 0,
        partsTotal: 0,
        partsDone: 0,
        resumed: false,
        uploadId: null,
        fileId: null,
        problem: null,
      };
    });
    this.items = [...this.items, ...added];
    this.notify(true);
    this.pump();
  }

  /** Stops an item under way or waiting; it keeps what storage holds and can continue (`retry`). */
  stop(key: string): void {
    const item = this.find(key);
    if (!item || !["queued", "hashing", "uploading"].includes(item.phase)) return;
    const controller = this.controllers.get(key);
    if (controller) {
      this.stopping.add(key);
      controller.abort(new DOMException("stopped", "AbortError"));
    } else {
      this.update(key, { phase: "stopped" }, true);
    }
  }

  /** Sends a stopped or failed item again: from the parts storage already holds. */
  retry(key: string): void {
    const item = this.find(key);
    if (!item || (item.phase !== "stopped" && item.phase !== "failed")) return;
    this.update(key, { phase: "queued", problem: null }, true);
    this.pump();
  }

  /** Gives an item up: stops it, drops the parts stored (projectFileUploadAbort) and takes it off the list. */
  async discard(key: string): Promise<void> {
    const item = this.find(key);
    if (!item) return;
    this.stop(key);
    this.items = this.items.filter((i) => i.key !== key);
    this.files.delete(key);
    this.notify(true);
    if (item.uploadId && item.phase !== "done") await this.discardOpen(item.uploadId);
  }

  /** Gives up an upload remembered from an earlier visit (its file is not picked again). */
  async discardOpen(uploadId: string): Promise<void> {
    forgetUpload(uploadId, this.storage);
    this.notify(true);
    try {
      await this.transport.abort(uploadId);
    } catch {
      // Already gone on the server: nothing left to drop.
    }
  }

  /** Takes the finished items (done) of a project off the list. */
  clearDone(projectId: string): void {
    this.items = this.items.filter((i) => !(i.projectId === projectId && i.phase === "done"));
    this.notify(true);
  }

  private find(key: string): UploadItem | undefined {
    return this.items.find((i) => i.key === key);
  }

  private update(key: string, patch: Partial<UploadItem>, now = false): void {
    let changed = false;
    this.items = this.items.map((item) => {
      if (item.key !== key) return item;
      changed = true;
      return { ...item, ...patch };
    });
    if (changed) this.notify(now);
  }

  private notify(now: boolean): void {
    const fire = () => {
      this.timer = null;
      for (const listener of this.listeners) listener();
    };
    if (now || this.options.notifyDelay <= 0) {
      if (this.timer) clearTimeout(this.timer);
      fire();
    } else {
      this.timer ??= setTimeout(fire, this.options.notifyDelay);
    }
  }

  private pump(): void {
    while (this.running < this.options.filesAtOnce) {
      const next = this.items.find((i) => i.phase === "queued" && !this.controllers.has(i.key));
      if (!next) return;
      this.running += 1;
      void this.run(next.key).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(key: string): Promise<void> {
    const item = this.find(key);
    const file = this.files.get(key);
    if (!item || !file) return;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    const signal = controller.signal;
    const storage = this.storage;
    const { folderId, relativePath, size } = item;
    try {
      let sha256 = findOpenUpload(folderId, relativePath, file, storage)?.sha256 ?? null;
      if (!sha256) {
        this.update(key, { phase: "hashing", hashed: 0 }, true);
        sha256 = await this.transport.hash(file, (bytes) => this.update(key, { hashed: bytes }), signal);
      }
      this.update(key, { phase: "uploading", hashed: size }, true);
      signal.throwIfAborted();
      const created = await this.transport.create({
        folderId,
        relativePath,
        sizeBytes: String(size),
        sha256,
      });
      const upload = created.upload;
      if (!upload) {
        const error = created.errors[0] ?? { message: "", code: "INVALID" };
        this.update(key, { phase: "failed", problem: { kind: "user", error } }, true);
        return;
      }
      const uploadId = upload.id;
      rememberUpload(
        {
          uploadId,
          projectId: item.projectId,
          folderId,
          relativePath,
          size,
          lastModified: file.lastModified,
          sha256,
          startedAt: Date.now(),
        },
        storage,
      );
      const partBytes = (n: number) =>
        n < upload.partCount ? upload.partSize : size - upload.partSize * (upload.partCount - 1);
      const held = new Set(upload.uploadedParts);
      let confirmed = [...held].reduce((sum, n) => sum + partBytes(n), 0);
      let partsDone = held.size;
      const inFlight = new Map<number, number>();
      const progress = () => {
        let sent = confirmed;
        for (const bytes of inFlight.values()) sent += bytes;
        this.update(key, { sent: Math.min(sent, size), partsDone });
      };
      this.update(
        key,
        { uploadId, resumed: held.size > 0, partsTotal: upload.partCount, partsDone, sent: confirmed },
        true,
      );

      const sentNow = new Set<number>();
      for (;;) {
        signal.throwIfAborted();
        const pending = (await this.transport.parts(upload.id)).filter((p) => !sentNow.has(p.number));
        if (!pending.length) break;
        await pool(pending, this.options.partsAtOnce, signal, async (part, partSignal) => {
          await this.sendPart(upload.id, part, file, partSignal, (bytes) => {
            inFlight.set(part.number, bytes);
            progress();
          });
          inFlight.delete(part.number);
          sentNow.add(part.number);
          confirmed += part.sizeBytes;
          partsDone += 1;
          progress();
        });
      }

      this.update(key, { phase: "completing", sent: size }, true);
      const done = await this.transport.complete(upload.id);
      // Bytes that do not match end the upload on the server: the hash is forgotten with it.
      forgetUpload(upload.id, storage);
      if (!done.fileId) {
        const error = done.errors[0] ?? { message: "", code: "INVALID" };
        this.update(key, { phase: "failed", problem: { kind: "user", error } }, true);
        return;
      }
      this.update(key, { phase: "done", fileId: done.fileId }, true);
      this.files.delete(key);
      const finished = this.find(key);
      if (finished) for (const listener of this.doneListeners) listener(finished);
    } catch (error) {
      if (this.stopping.has(key)) {
        this.update(key, { phase: "stopped" }, true);
      } else if (isTransferError(error)) {
        const problem: UploadProblem = {
          kind: "transfer",
          failure: error.kind,
          status: error.status,
          reason: error.reason,
        };
        this.update(key, { phase: "failed", problem }, true);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.update(key, { phase: "failed", problem: { kind: "request", message } }, true);
      }
    } finally {
      this.stopping.delete(key);
      this.controllers.delete(key);
    }
  }

  /** Sends one part, trying again: a refused (expired) signature is signed anew, a network error waits. */
  private async sendPart(
    uploadId: string,
    part: PartRequest,
    file: File,
    signal: AbortSignal,
    onBytes: (bytes: number) => void,
  ): Promise<void> {
    let request = part;
    for (let attempt = 1; ; attempt++) {
      try {
        const body = file.slice(part.offset, part.offset + part.sizeBytes);
        await this.transport.send(request, body, onBytes, signal);
        return;
      } catch (error) {
        if (signal.aborted || attempt >= this.options.tries) throw error;
        onBytes(0);
        if (isTransferError(error) && error.kind === "aborted") throw error;
        if (isTransferError(error) && error.kind === "expired") {
          const fresh = await this.transport.parts(uploadId, [part.number]);
          if (fresh[0]) request = fresh[0];
        } else {
          await sleep(400 * attempt, signal);
        }
      }
    }
  }
}

/** Bytes and files of a project's items, for the total progress. */
export function totals(items: readonly UploadItem[]): {
  files: number;
  filesDone: number;
  bytes: number;
  bytesSent: number;
  active: boolean;
} {
  let bytes = 0;
  let bytesSent = 0;
  let filesDone = 0;
  let active = false;
  for (const item of items) {
    bytes += item.size;
    bytesSent += item.phase === "done" ? item.size : item.sent;
    if (item.phase === "done") filesDone += 1;
    if (["queued", "hashing", "uploading", "completing"].includes(item.phase)) active = true;
  }
  return { files: items.length, filesDone, bytes, bytesSent, active };
}
