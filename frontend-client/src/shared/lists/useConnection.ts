import { useCallback, useEffect, useRef, useState } from "react";
import {
  stringifyVariables,
  useClient,
  type AnyVariables,
  type CombinedError,
  type DocumentInput,
  type OperationResult,
  type RequestPolicy,
} from "urql";
import { usePageSize } from "./usePageSize";

/** What useConnection needs of a Relay connection (ask for `pageInfo { hasNextPage endCursor }`). */
export interface ConnectionLike<Node> {
  nodes: readonly Node[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount?: number | null;
}

export interface UseConnectionOptions<Data, Variables extends AnyVariables, Node> {
  /** A query taking `$first: Int` and `$after: String` (and any filters in `variables`). */
  query: DocumentInput<Data, Variables>;
  /** Everything but first/after; a change (deep) starts again from the first page. */
  variables?: Omit<Variables, "first" | "after">;
  /** Picks the connection out of the query's data. */
  connection: (data: Data) => ConnectionLike<Node> | null | undefined;
  /** Items a page; the user's page size (usePageSize) unless given. */
  pageSize?: number;
  pause?: boolean;
  requestPolicy?: RequestPolicy;
}

export interface ConnectionResult<Node> {
  /** The nodes of every page loaded so far, in order (a node in two pages, by `id`, shows once). */
  nodes: Node[];
  /** True while any loaded page is being fetched. */
  fetching: boolean;
  /** The first page's data arrived (false on the very first load, and after a reset). */
  loaded: boolean;
  error: CombinedError | undefined;
  hasNextPage: boolean;
  /** Fetches the page after the last one loaded; a no-op while fetching or at the end. */
  loadMore(): void;
  /** Over all pages, when the query asks for `totalCount`; else null. */
  totalCount: number | null;
  /** Starts again from the first page, from the network. */
  refetch(): void;
}

interface PageState<Data> {
  cursor: string | null;
  result?: OperationResult<Data>;
}

interface State<Data> {
  key: string;
  /** first/after aside, the variables of every page (as of when `key` was made). */
  variables: object;
  pages: PageState<Data>[];
}

/**
 * Keyset paging over a Relay connection: `first`/`after`, "load more" appends the next page. Every loaded
 * page stays a live query, so a mutation that touches its items refreshes it (document cache).
 */
export function useConnection<Data, Variables extends AnyVariables, Node>(
  options: UseConnectionOptions<Data, Variables, Node>,
): ConnectionResult<Node> {
  const client = useClient();
  const userPageSize = usePageSize();
  const pageSize = options.pageSize ?? userPageSize;
  const { query, connection, pause = false, requestPolicy } = options;
  const [generation, setGeneration] = useState(0);
  const key = `${generation}:${pageSize}:${stringifyVariables(options.variables ?? {})}`;
  const [state, setState] = useState<State<Data>>(() => ({
    key,
    variables: options.variables ?? {},
    pages: [{ cursor: null }],
  }));
  let current = state;
  if (state.key !== key) {
    current = { key, variables: options.variables ?? {}, pages: [{ cursor: null }] };
    setState(current);
  }

  // One live query per loaded page; all of them end when the variables change.
  const subscriptions = useRef(new Map<string, { unsubscribe(): void }>());
  const cursorsKey = current.pages.map((p) => p.cursor ?? "").join("\u0000");
  useEffect(() => {
    if (pause) return;
    const subs = subscriptions.current;
    current.pages.forEach((page, index) => {
      const id = `${key}#${index}`;
      if (subs.has(id)) return;
      const variables = {
        ...current.variables,
        first: pageSize,
        after: page.cursor,
      } as unknown as Variables;
      const source = client.query<Data, Variables>(
        query,
        variables,
        requestPolicy ? { requestPolicy } : undefined,
      );
      subs.set(
        id,
        source.subscribe((result) => {
          setState((prev) => {
            if (prev.key !== key || !prev.pages[index]) return prev;
            const pages = prev.pages.slice();
            pages[index] = { ...pages[index], result };
            return { ...prev, pages };
          });
        }),
      );
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- cursorsKey stands for current.pages
  }, [client, query, key, cursorsKey, pause, pageSize, requestPolicy]);

  useEffect(() => {
    const subs = subscriptions.current;
    return () => {
      for (const [id, sub] of subs) {
        if (!id.startsWith(`${key}#`)) continue;
        sub.unsubscribe();
        subs.delete(id);
      }
    };
  }, [key, client, query, pause]);

  const seen = new Set<unknown>();
  const nodes: Node[] = [];
  let error: CombinedError | undefined;
  let fetching = false;
  let last: ConnectionLike<Node> | null | undefined;
  for (const page of current.pages) {
    const result = page.result;
    if (!result || result.stale) fetching = true;
    if (result?.error) error ??= result.error;
    const conn = result?.data ? connection(result.data) : undefined;
    last = conn;
    for (const node of conn?.nodes ?? []) {
      const id = (node as { id?: unknown } | null)?.id;
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      nodes.push(node);
    }
  }
  const first = current.pages[0]?.result;
  const firstConn = first?.data ? connection(first.data) : undefined;
  const hasNextPage = !!last?.pageInfo.hasNextPage;
  const endCursor = last?.pageInfo.endCursor ?? null;

  const loadMore = useCallback(() => {
    if (fetching || !hasNextPage || !endCursor) return;
    setState((prev) => {
      if (prev.key !== key || prev.pages.some((p) => p.cursor === endCursor)) return prev;
      return { ...prev, pages: [...prev.pages, { cursor: endCursor }] };
    });
  }, [fetching, hasNextPage, endCursor, key]);

  const refetch = useCallback(() => setGeneration((g) => g + 1), []);

  return {
    nodes,
    fetching: pause ? false : fetching,
    loaded: !!first?.data,
    error,
    hasNextPage,
    loadMore,
    totalCount: typeof firstConn?.totalCount === "number" ? firstConn.totalCount : null,
    refetch,
  };
}
