import { describe, expect, it } from "vitest";
import { collect, filesFromInput, isJunk, type EntryLike } from "./gather";

function file(name: string, relative = ""): File {
  const f = new File(["x"], name);
  if (relative) Object.defineProperty(f, "webkitRelativePath", { value: relative });
  return f;
}

function fileEntry(fullPath: string): EntryLike {
  const name = fullPath.split("/").pop()!;
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath,
    file: (ok: (f: File) => void) => ok(file(name)),
  } as EntryLike;
}

/** A folder whose reader answers its children in batches of two, then none (as browsers do, in 100s). */
function dirEntry(fullPath: string, children: EntryLike[]): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split("/").pop()!,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: EntryLike[]) => void) => {
          ok(children.slice(at, at + 2));
          at += 2;
        },
      };
    },
  } as EntryLike;
}

describe("gathering dropped and picked files", () => {
  it("walks dropped folders, keeping each file's path under the folder's own name", async () => {
    const session = dirEntry("/Session", [
      fileEntry("/Session/Mix.wav"),
      dirEntry("/Session/Drums", [
        fileEntry("/Session/Drums/Kick.wav"),
        fileEntry("/Session/Drums/Snare.wav"),
      ]),
      fileEntry("/Session/.DS_Store"),
      fileEntry("/Session/notes.txt"),
    ]);
    const picked = await collect([session, fileEntry("/Cover.png")], []);
    expect(picked.map((p) => p.relativePath)).toEqual([
      "Session/Mix.wav",
      "Session/Drums/Kick.wav",
      "Session/Drums/Snare.wav",
      "Session/notes.txt",
      "Cover.png",
    ]);
  });

  it("takes the plain files when the browser gives no entries", async () => {
    const picked = await collect([null], [file("Bounce.wav"), file("Thumbs.db")]);
    expect(picked.map((p) => p.relativePath)).toEqual(["Bounce.wav"]);
  });

  it("uses a picked folder's relative paths", () => {
    const picked = filesFromInput([
      file("Kick.wav", "Session/Drums/Kick.wav"),
      file("._Kick.wav", "Session/._Kick.wav"),
    ]);
    expect(picked.map((p) => p.relativePath)).toEqual(["Session/Drums/Kick.wav"]);
  });

  it("knows the files operating systems leave behind", () => {
    expect(["a/.DS_Store", "Thumbs.db", "x/desktop.ini", "._Mix.wav"].every(isJunk)).toBe(true);
    expect(isJunk("Drums/Kick.wav")).toBe(false);
  });
});
