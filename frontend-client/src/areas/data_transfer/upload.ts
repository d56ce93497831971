// Sending a file's bytes to the signed URL `uploadCreate` returned, with upload progress. fetch() cannot
// report how much of a request body has been sent (streamed request bodies need HTTP/2 and are not in every
// browser), XMLHttpRequest's `upload.onprogress` can.

/** How and where to send the bytes: `Upload.method`/`url`/`headers` as the API returned them. */
export interface UploadTarget {
  url: string;
  method: string;
  headers: readonly { name: string; value: string }[];
}

export type UploadFailure = "aborted" | "network" | "expired" | "tooLarge" | "rejected";

/** Why an upload did not arrive: its kind for the message shown, the HTTP status and the server's reason. */
export class UploadError extends Error {
  constructor(
    readonly kind: UploadFailure,
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason || kind);
    this.name = "UploadError";
  }
}

/** The parts of XMLHttpRequest used here (a test passes a fake). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob | BufferSource): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  onload: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onabort: ((event: unknown) => void) | null;
  upload: {
    onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
  };
}

/** The storage's reason for refusing, from its JSON (`{"error": "…"}`) or its text. */
function reasonOf(xhr: XhrLike): string {
  const text = xhr.responseText ?? "";
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && "error" in parsed) return String(parsed.error);
  } catch {
    // not JSON: the text itself (S3 answers XML)
  }
  return text.slice(0, 300);
}

export function failureOf(status: number): UploadFailure {
  if (status === 0) return "network";
  if (status === 403) return "expired";
  if (status === 413) return "tooLarge";
  return "rejected";
}

/**
 * Sends `body` as `target` says; `onProgress(sent, total)` as the bytes go out. Resolves once the storage
 * has them (2xx); rejects with an UploadError otherwise, or with kind "aborted" when `signal` aborts.
 */
export function sendFile(
  target: UploadTarget,
  body: Blob,
  options: {
    onProgress?: (sent: number, total: number) => void;
    signal?: AbortSignal;
    createXhr?: () => XhrLike;
  } = {},
): Promise<void> {
  const { onProgress, signal, createXhr = () => new XMLHttpRequest() as unknown as XhrLike } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadError("aborted", 0, ""));
      return;
    }
    const xhr = createXhr();
    const onAbort = () => xhr.abort();
    const settle = (error?: UploadError) => {
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    xhr.open(target.method || "PUT", target.url);
    for (const { name, value } of target.headers) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(body.size, body.size);
        settle();
      } else {
        settle(new UploadError(failureOf(xhr.status), xhr.status, reasonOf(xhr)));
      }
    };
    xhr.onerror = () => settle(new UploadError("network", 0, ""));
    xhr.onabort = () => settle(new UploadError("aborted", 0, ""));
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(body);
  });
}
