import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider, type Operation } from "urql";
import { describe, expect, it } from "vitest";
import { graphql } from "@/gql";
import { fakeClient } from "@/test/fakeClient";
import { useConnection } from "./useConnection";

const doc = graphql(`
  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {
    sketches(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        title
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** A server with `count` sketches whose cursor is the index; `search` keeps titles containing it. */
function server(count: number) {
  const all = Array.from({ length: count }, (_, i) => ({
    __typename: "Sketch",
    id: `S${i}`,
    title: `Sketch ${i}`,
  }));
  return (op: Operation) => {
    const v = op.variables as { first: number; after: string | null; filter?: { search?: string } };
    const items = v.filter?.search ? all.filter((s) => s.title.includes(v.filter!.search!)) : all;
    const start = v.after ? Number(v.after) + 1 : 0;
    const nodes = items.slice(start, start + v.first);
    const end = start + nodes.length - 1;
    return {
      data: {
        sketches: {
          __typename: "SketchConnection",
          nodes,
          pageInfo: { __typename: "PageInfo", hasNextPage: end < items.length - 1, endCursor: String(end) },
          totalCount: items.length,
        },
      },
    };
  };
}

function setup(count: number, search = "") {
  const fake = fakeClient(server(count));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Provider value={fake.client}>{children}</Provider>
  );
  const hook = renderHook(
    ({ search }: { search: string }) =>
      useConnection({
        query: doc,
        variables: { filter: search ? { search } : null },
        connection: (data) => data.sketches,
        pageSize: 2,
      }),
    { wrapper, initialProps: { search } },
  );
  return { ...hook, operations: fake.operations };
}

describe("useConnection", () => {
  it("loads the first page, then appends the next with `after`", async () => {
    const { result, operations } = setup(5);
    await waitFor(() => expect(result.current.loaded).toBe(true));
    expect(result.current.nodes.map((n) => n.id)).toEqual(["S0", "S1"]);
    expect(result.current.hasNextPage).toBe(true);
    expect(result.current.totalCount).toBe(5);

    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.nodes).toHaveLength(4));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.nodes).toHaveLength(5));
    expect(result.current.nodes.map((n) => n.id)).toEqual(["S0", "S1", "S2", "S3", "S4"]);
    expect(result.current.hasNextPage).toBe(false);
    expect(operations.map((op) => (op.variables as { after: string | null }).after)).toEqual([
      null,
      "1",
      "3",
    ]);
    expect(operations.every((op) => (op.variables as { first: number }).first === 2)).toBe(true);
  });

  it("starts again from the first page when the variables change", async () => {
    const { result, rerender } = setup(30);
    await waitFor(() => expect(result.current.loaded).toBe(true));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.nodes).toHaveLength(4));

    rerender({ search: "Sketch 2" }); // Sketch 2, 20..29
    await waitFor(() => expect(result.current.nodes.map((n) => n.id)).toEqual(["S2", "S20"]));
    expect(result.current.totalCount).toBe(11);
    expect(result.current.hasNextPage).toBe(true);
  });

  it("does nothing on loadMore at the end", async () => {
    const { result, operations } = setup(2);
    await waitFor(() => expect(result.current.loaded).toBe(true));
    expect(result.current.hasNextPage).toBe(false);
    act(() => result.current.loadMore());
    expect(operations).toHaveLength(1);
  });
});
