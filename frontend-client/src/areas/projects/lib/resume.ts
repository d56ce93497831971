// Uploads under way, remembered in this browser (localStorage) so that after a reload, a crash or a closed tab
// the same files picked or dropped again continue where they stopped: the file's SHA-256 is known (no second
// hashing when its size and modification time are the same), and projectFileUploadCreate answers the same
// upload with the parts storage already holds.

export const OPEN_UPLOADS_KEY = "aiproxy.projectUploads";
/** Uploads older than this are forgotten (the server's may be gone as well). */
export const OPEN_UPLOAD_DAYS = 14;

export interface OpenUpload {
  uploadId: string;
  projectId: string;
  folderId: string;
  relativePath: string;
  size: number;
  /** The file's modification time (ms), to know it is the same file. */
  lastModified: number;
  sha256: string;
  startedAt: number;
}

/** The storage used (localStorage; a test passes its own). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function valid(item: unknown): item is OpenUpload {
  if (!item || typeof item !== "object") return false;
  const u = item as Record<string, unknown>;
  return (
    typeof u.uploadId === "string" &&
    typeof u.projectId === "string" &&
    typeof u.folderId === "string" &&
    typeof u.relativePath === "string" &&
    typeof u.size === "number" &&
    typeof u.lastModified === "number" &&
    typeof u.sha256 === "string" &&
    typeof u.startedAt === "number"
  );
}

function defaultStorage(): KeyValue | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** Every remembered upload, newest first; stale or malformed ones left out. */
export function openUploads(storage: KeyValue | null = defaultStorage(), now = Date.now()): OpenUpload[] {
  if (!storage) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(OPEN_UPLOADS_KEY) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const oldest = now - OPEN_UPLOAD_DAYS * 86_400_000;
  return parsed.filter(valid).filter((u) => u.startedAt >= oldest);
}

function write(storage: KeyValue | null, uploads: OpenUpload[]): void {
  if (!storage) return;
  try {
    storage.setItem(OPEN_UPLOADS_KEY, JSON.stringify(uploads));
  } catch {
    // Storage full or refused: the upload still runs, it just will not resume after a reload.
  }
}

/** Remembers an upload (replacing one for the same folder and path). */
export function rememberUpload(upload: OpenUpload, storage: KeyValue | null = defaultStorage()): void {
  const others = openUploads(storage).filter(
    (u) =>
      u.uploadId !== upload.uploadId &&
      !(u.folderId === upload.folderId && u.relativePath === upload.relativePath),
  );
  write(storage, [upload, ...others]);
}

export function forgetUpload(uploadId: string, storage: KeyValue | null = defaultStorage()): void {
  const all = openUploads(storage);
  const rest = all.filter((u) => u.uploadId !== uploadId);
  if (rest.length !== all.length) write(storage, rest);
}

/** The remembered upload of this very file (same folder, path, size and modification time), if any. */
export function findOpenUpload(
  folderId: string,
  relativePath: string,
  file: { size: number; lastModified: number },
  storage: KeyValue | null = defaultStorage(),
): OpenUpload | null {
  return (
    openUploads(storage).find(
      (u) =>
        u.folderId === folderId &&
        u.relativePath === relativePath &&
        u.size === file.size &&
        u.lastModified === file.lastModified,
    ) ?? null
  );
}
