import { describe, expect, it } from "vitest";
import { bulkLines, galleryQuery, isFiltered, readGallery, SORT_NAMES, SORTS, writeGallery } from "./gallery";

const COMPOSITIONS = ["portrait", "album-cover"];

describe("the gallery's sort", () => {
  it("maps every choice to the API's orderBy", () => {
    expect(SORT_NAMES).toEqual(["newest", "oldest", "titleAsc", "titleDesc"]);
    expect(SORTS.newest).toEqual({ field: "CREATED_AT", direction: "DESC" });
    expect(SORTS.oldest).toEqual({ field: "CREATED_AT", direction: "ASC" });
    expect(SORTS.titleAsc).toEqual({ field: "TITLE", direction: "ASC" });
    expect(SORTS.titleDesc).toEqual({ field: "TITLE", direction: "DESC" });
  });

  it("sends the chosen order with the filters", () => {
    const state = readGallery(
      new URLSearchParams("sort=titleDesc&q=sea&tag=blue&tag=Blue&tag=night&overlay=without"),
      COMPOSITIONS,
    );
    expect(galleryQuery(state)).toEqual({
      filter: { search: "sea", composition: null, hasOverlay: false, tags: ["blue", "night"] },
      orderBy: { field: "TITLE", direction: "DESC" },
    });
  });
});

describe("the gallery's address", () => {
  it("reads unknown sorts, compositions and overlay filters as the defaults", () => {
    const params = new URLSearchParams("sort=random&composition=diagonal&overlay=maybe&q=%20%20");
    const state = readGallery(params, COMPOSITIONS);
    expect(state).toEqual({
      q: "",
      sort: "newest",
      composition: null,
      overlay: "any",
      tags: [],
      image: null,
    });
    expect(isFiltered(state)).toBe(false);
    expect(galleryQuery(state).filter).toEqual({
      search: null,
      composition: null,
      hasOverlay: null,
      tags: null,
    });
  });

  it("writes only what differs from the defaults, and keeps other parameters", () => {
    const params = writeGallery(
      {
        q: "storm",
        sort: "newest",
        composition: "album-cover",
        overlay: "with",
        tags: ["a", "b"],
        image: "SW1hZ2U6MQ==",
      },
      new URLSearchParams("other=1&sort=oldest"),
    );
    expect(params.toString()).toBe(
      "other=1&q=storm&composition=album-cover&overlay=with&tag=a&tag=b&image=SW1hZ2U6MQ%3D%3D",
    );
    const back = readGallery(params, COMPOSITIONS);
    expect(back).toEqual({
      q: "storm",
      sort: "newest",
      composition: "album-cover",
      overlay: "with",
      tags: ["a", "b"],
      image: "SW1hZ2U6MQ==",
    });
    expect(galleryQuery(back).filter.hasOverlay).toBe(true);
    expect(isFiltered(back)).toBe(true);
  });
});

describe("the bulk delete's report", () => {
  it("names each image and says why one was kept", () => {
    const lines = bulkLines(
      [
        { id: "A", deleted: true, error: null },
        { id: "B", deleted: false, error: { code: "CONFLICT", message: "The image is still being drawn." } },
        { id: "C", deleted: false, error: { code: "NOT_FOUND", message: "Image not found." } },
      ],
      (id) => ({ A: "Storm", B: "Sea" })[id] ?? id,
      (error) => `${error.code}!`,
    );
    expect(lines).toEqual([
      { id: "A", title: "Storm", deleted: true, reason: undefined },
      { id: "B", title: "Sea", deleted: false, reason: "CONFLICT!" },
      { id: "C", title: "C", deleted: false, reason: "NOT_FOUND!" },
    ]);
  });
});
