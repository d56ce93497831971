import { Client, gql, makeResult, type Exchange } from "urql";
import { delay, filter, fromValue, mergeMap, pipe } from "wonka";
import { describe, expect, it } from "vitest";
import { documentCache } from "./client";

// Any query of the schema (codegen checks every document in src/); the fake server answers it with a count.
const QUERY = gql`
  query CacheProbe($n: ID!) {
    node(id: $n) {
      id
    }
  }
`;

/** A client whose server counts the queries it is sent and answers each with that count. */
function counting() {
  let asked = 0;
  const server: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      mergeMap((op) => {
        asked += 1;
        const data = { node: { __typename: "Image", id: String(asked) } };
        return pipe(fromValue(makeResult(op, { data })), delay(1));
      }),
    );
  const client = new Client({ url: "/graphql", exchanges: [documentCache, server] });
  return { client, asked: () => asked };
}

describe("documentCache", () => {
  it("keeps query results as urql's cache does", async () => {
    const { client, asked } = counting();
    const first = await client.query(QUERY, { n: "1" }, { requestPolicy: "cache-first" }).toPromise();
    const again = await client.query(QUERY, { n: "1" }, { requestPolicy: "cache-first" }).toPromise();
    expect(first.data.node.id).toBe("1");
    expect(again.data.node.id).toBe("1"); // from the cache
    expect(asked()).toBe(1);
  });

  it("sends an uncached query on and keeps nothing of it", async () => {
    const { client, asked } = counting();
    const first = await client.query(QUERY, { n: "2" }, { uncached: true }).toPromise();
    expect(first.data.node.id).toBe("1");
    expect(first.error).toBeUndefined();
    // Not kept: a cache-only read finds nothing, and asking again asks the server.
    const kept = await client.query(QUERY, { n: "2" }, { requestPolicy: "cache-only" }).toPromise();
    expect(kept.data ?? null).toBeNull();
    const again = await client.query(QUERY, { n: "2" }, { uncached: true }).toPromise();
    expect(again.data.node.id).toBe("2");
    expect(asked()).toBe(2);
  });

  it("lets cached and uncached operations run side by side", async () => {
    const { client } = counting();
    const [cached, uncached] = await Promise.all([
      client.query(QUERY, { n: "3" }).toPromise(),
      client.query(QUERY, { n: "4" }, { uncached: true }).toPromise(),
    ]);
    expect([cached.data.node.id, uncached.data.node.id].sort()).toEqual(["1", "2"]);
  });
});
