import { createSHA256 } from "hash-wasm";

/** What sha256OfBlob reads: a File or Blob (anything that slices into array buffers). */
export interface Sliceable {
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Read this much at a time: large enough to keep WebAssembly busy, small enough for memory. */
export const HASH_SLICE_BYTES = 8 * 1024 * 1024;

/**
 * The hex SHA-256 of `blob`, streamed a slice at a time through hash-wasm's incremental SHA-256 (WebCrypto's
 * digest cannot hash in pieces, and a file of many gigabytes does not fit in memory at once).
 * `onProgress(bytesRead)` after each slice; stops on `signal`.
 */
export async function sha256OfBlob(
  blob: Sliceable,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal; sliceBytes?: number } = {},
): Promise<string> {
  const { onProgress, signal, sliceBytes = HASH_SLICE_BYTES } = options;
  const hasher = await createSHA256();
  hasher.init();
  for (let start = 0; start < blob.size; start += sliceBytes) {
    signal?.throwIfAborted();
    const end = Math.min(blob.size, start + sliceBytes);
    hasher.update(new Uint8Array(await blob.slice(start, end).arrayBuffer()));
    onProgress?.(end);
  }
  signal?.throwIfAborted();
  return hasher.digest("hex");
}
