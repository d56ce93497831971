import { describe, expect, it } from "vitest";
import { sha256OfBlob, type Sliceable } from "./hash";

function bytes(data: Uint8Array): Sliceable {
  return {
    size: data.length,
    slice: (start, end) => ({ arrayBuffer: async () => data.slice(start, end).buffer }),
  };
}

const text = (s: string) => bytes(new TextEncoder().encode(s));

describe("sha256OfBlob", () => {
  it("gives the standard digests", async () => {
    expect(await sha256OfBlob(text(""))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(await sha256OfBlob(text("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("hashes in slices the same as at once, reporting the bytes read", async () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 7919) % 251);
    const seen: number[] = [];
    const sliced = await sha256OfBlob(bytes(data), { sliceBytes: 4096, onProgress: (n) => seen.push(n) });
    expect(sliced).toBe(await sha256OfBlob(bytes(data)));
    expect(seen).toHaveLength(Math.ceil(100_003 / 4096));
    expect(seen.at(-1)).toBe(100_003);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256OfBlob(text("abc"), { signal: controller.signal })).rejects.toBeTruthy();
  });
});
