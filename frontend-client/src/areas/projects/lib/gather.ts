// Files picked or dropped, each with the path it keeps in the folder ("Session/Drums/Kick.wav"). A dropped
// folder is walked through its DataTransferItem entries (webkitGetAsEntry); a folder picked with
// `webkitdirectory` gives each file's `webkitRelativePath`.

export interface PickedFile {
  file: File;
  /** Slashes, no leading one; the dropped or picked folder's own name first. */
  relativePath: string;
}

/** Files the operating system leaves in folders, never uploaded (as the command-line client skips them). */
const JUNK = new Set([".ds_store", "thumbs.db", "desktop.ini"]);

export function isJunk(relativePath: string): boolean {
  const name = relativePath.split("/").pop() ?? "";
  return JUNK.has(name.toLowerCase()) || name.startsWith("._");
}

function clean(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\/+/, "");
}

/** Files from an `<input type="file">` (with or without `webkitdirectory`), junk left out. */
export function filesFromInput(files: Iterable<File>): PickedFile[] {
  return Array.from(files)
    .map((file) => ({ file, relativePath: clean(file.webkitRelativePath || file.name) }))
    .filter((picked) => !isJunk(picked.relativePath));
}

/** The parts of the File and Directory Entries API used here (a test passes plain objects). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FileEntryLike extends EntryLike {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
interface DirectoryEntryLike extends EntryLike {
  createReader(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (e: unknown) => void): void;
  };
}

async function walk(entry: EntryLike, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileEntryLike).file(resolve, reject));
    const relativePath = clean(entry.fullPath || entry.name);
    if (!isJunk(relativePath)) out.push({ file, relativePath });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as DirectoryEntryLike).createReader();
  // readEntries answers in batches (Chromium: 100 at a time) until it answers none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const child of batch) await walk(child, out);
  }
}

/**
 * What a drop holds. Call it in the drop handler itself: the items are gone once the event is over, so the
 * entries are taken at once and walked after.
 */
export function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const items = Array.from(transfer.items ?? []).filter((item) => item.kind === "file");
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  const files = Array.from(transfer.files ?? []);
  return collect(entries, files);
}

/** The dropped entries walked (folders included); where a browser gives no entry, the plain file. */
export async function collect(entries: (EntryLike | null)[], files: File[]): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  if (entries.length && entries.every((entry) => entry !== null)) {
    for (const entry of entries) await walk(entry as EntryLike, out);
    return out;
  }
  return filesFromInput(files);
}
