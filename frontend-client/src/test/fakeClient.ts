import { Client, makeResult, type Exchange, type Operation } from "urql";
import { filter, fromValue, mergeMap, pipe, delay } from "wonka";

/** What a fake server answers for one operation: data, or top-level GraphQL errors. */
export type FakeAnswer =
  { data: Record<string, unknown> } | { errors: { message: string; extensions?: Record<string, unknown> }[] };

/** An urql client whose "server" is a function of the operation; every operation is recorded. */
export function fakeClient(answer: (operation: Operation) => FakeAnswer) {
  const operations: Operation[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      mergeMap((op) => {
        operations.push(op);
        const a = answer(op);
        const result = makeResult(op, "data" in a ? { data: a.data } : { data: null, errors: a.errors });
        return pipe(fromValue(result), delay(1));
      }),
    );
  const client = new Client({ url: "/graphql", exchanges: [exchange] });
  return { client, operations };
}
