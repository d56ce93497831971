import { UploadError, type UploadFailure, type UploadTarget } from "./upload";

/** Where an import stands before its job exists. */
export type ImportPhase =
  | { step: "hashing"; fraction: number }
  | { step: "uploading"; sent: number; total: number }
  | { step: "starting" };

/** Why an import did not start; `reason` is the server's words, when it gave any. */
export interface ImportProblem {
  kind: UploadFailure | "empty" | "notStarted";
  reason: string;
}

export type StepResult<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

/** The steps of an import, as the page performs them (a test passes its own). */
export interface ImportSteps<F extends FileLike, Job> {
  hash(file: F, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<string>;
  createUpload(input: {
    filename: string;
    sizeBytes: number;
    sha256: string;
    contentType: string;
  }): Promise<StepResult<UploadTarget & { id: string }>>;
  send(
    target: UploadTarget,
    file: F,
    onProgress: (sent: number, total: number) => void,
    signal: AbortSignal,
  ): Promise<void>;
  startImport(uploadId: string): Promise<StepResult<Job>>;
}

/** The type the upload is declared with: the browser's guess, else a ZIP by its name, else bytes. */
export function contentTypeOf(file: FileLike): string {
  if (file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type)) return file.type;
  return /\.zip$/i.test(file.name) ? "application/zip" : "application/octet-stream";
}

/**
 * Hash the file, declare it (`uploadCreate`), send its bytes to the signed URL, start the import job
 * (`dataImportCreate`): the job, or why not. `signal` stops it between and during the steps (kind "aborted").
 */
export async function importFile<F extends FileLike, Job>(
  file: F,
  steps: ImportSteps<F, Job>,
  onPhase: (phase: ImportPhase) => void,
  signal: AbortSignal,
): Promise<StepResult<Job>> {
  const aborted: StepResult<Job> = { ok: false, problem: { kind: "aborted", reason: "" } };
  if (file.size === 0) return { ok: false, problem: { kind: "empty", reason: "" } };
  try {
    onPhase({ step: "hashing", fraction: 0 });
    const sha256 = await steps.hash(file, (fraction) => onPhase({ step: "hashing", fraction }), signal);
    if (signal.aborted) return aborted;
    const upload = await steps.createUpload({
      filename: file.name,
      sizeBytes: file.size,
      sha256,
      contentType: contentTypeOf(file),
    });
    if (!upload.ok) return upload;
    if (signal.aborted) return aborted;
    onPhase({ step: "uploading", sent: 0, total: file.size });
    await steps.send(
      upload.value,
      file,
      (sent, total) => onPhase({ step: "uploading", sent, total }),
      signal,
    );
    if (signal.aborted) return aborted;
    onPhase({ step: "starting" });
    return await steps.startImport(upload.value.id);
  } catch (error) {
    if (error instanceof UploadError)
      return { ok: false, problem: { kind: error.kind, reason: error.reason } };
    if (signal.aborted) return aborted;
    throw error;
  }
}
