import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Sha256, hashFile } from "./sha256";

const text = (s: string) => new TextEncoder().encode(s);
const reference = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function bytes(length: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("Sha256", () => {
  it("matches the standard's test vectors", () => {
    expect(new Sha256().hex()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(new Sha256().update(text("abc")).hex()).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(new Sha256().update(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).hex()).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("matches node's for every length around the block and padding edges", () => {
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097]) {
      const data = bytes(length, length);
      expect(new Sha256().update(data).hex(), `length ${length}`).toBe(reference(data));
    }
  });

  it("gives the same digest however the bytes are split", () => {
    const data = bytes(10_000);
    const expected = reference(data);
    for (const step of [1, 3, 63, 64, 65, 999]) {
      const hash = new Sha256();
      for (let i = 0; i < data.length; i += step) hash.update(data.subarray(i, i + step));
      expect(hash.hex(), `step ${step}`).toBe(expected);
    }
  });

  it("refuses more bytes after the digest", () => {
    const hash = new Sha256();
    hash.hex();
    expect(() => hash.update(text("x"))).toThrow();
  });
});

describe("hashFile", () => {
  it("reads a file in slices and reports progress up to 1", async () => {
    const data = bytes(100_000);
    const seen: number[] = [];
    const digest = await hashFile(new Blob([data]), { sliceBytes: 30_000, onProgress: (f) => seen.push(f) });
    expect(digest).toBe(reference(data));
    expect(seen).toEqual([0.3, 0.6, 0.9, 1]);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const hashing = hashFile(new Blob([bytes(100_000)]), {
      sliceBytes: 10_000,
      signal: controller.signal,
      onProgress: (f) => {
        if (f >= 0.2) controller.abort();
      },
    });
    await expect(hashing).rejects.toThrow();
  });
});
