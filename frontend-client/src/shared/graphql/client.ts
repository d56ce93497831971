import {
  Client,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type CombinedError,
  type Exchange,
  type Operation,
  type OperationResult,
} from "urql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { filter, merge, share, type Source } from "wonka";
import { sessionStore } from "../auth/sessionStore";

export const GRAPHQL_PATH = "/graphql";

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${GRAPHQL_PATH}`;
}

/** True when any GraphQL error of a result says the token is not (or no longer) good. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
}

/** An operation asked for with `{ uncached: true }` in its context (see `documentCache`). */
function isUncached(operation: Operation): boolean {
  return operation.context.uncached === true;
}

/**
 * urql's document cache, except for operations asked for with `{ uncached: true }` in their context: those go
 * straight on and their results are not kept. (The cache keeps every query's result for good, which for a live
 * preview means one picture per slider position.) The rest goes through the cache as before; `forward` is called
 * once, with both streams.
 */
export const documentCache: Exchange = ({ forward, client, dispatchDebug }) => {
  return (operations$) => {
    const operations = share(operations$);
    let results: Source<OperationResult> | null = null;
    const cached = cacheExchange({
      client,
      dispatchDebug,
      forward(fromCache$) {
        results = share(forward(merge([fromCache$, filter(isUncached)(operations)])));
        return filter((result: OperationResult) => !isUncached(result.operation))(results);
      },
    })(filter((operation: Operation) => !isUncached(operation))(operations));
    if (!results) throw new Error("the cache exchange did not forward");
    const passed = filter((result: OperationResult) => isUncached(result.operation))(results);
    return merge([cached, passed]);
  };
};

export interface GraphqlClient {
  client: Client;
  /** Closes the WebSocket (if one was opened). */
  dispose(): void;
}

/**
 * One urql client per session token: the App makes a new one on sign-in, sign-out and password change,
 * so every query re-runs and every subscription reconnects with the new token (a token is sent once per
 * WebSocket, in `connection_init`). An UNAUTHENTICATED answer to a request made with the current token
 * ends the session as expired (RequireSession then sends the user to /sign-in?next=…); answers for an
 * older token (e.g. the one a password change just replaced) are ignored.
 */
export function createGraphqlClient(token: string | null): GraphqlClient {
  let ws: WsClient | null = null;
  const socket = (): WsClient => {
    ws ??= createWsClient({
      url: wsUrl(),
      lazy: true,
      // Read when a connection opens, so a reconnect sends the token of this client.
      connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
      retryAttempts: 5,
    });
    return ws;
  };

  const authExchange = mapExchange({
    onOperation(operation) {
      // A token past its expiry is not sent: end the session before the server refuses it.
      if (token && sessionStore.getState().session?.token === token) sessionStore.token();
      return operation;
    },
    onError(error) {
      if (token && isUnauthenticated(error) && sessionStore.getState().session?.token === token) {
        sessionStore.end("expired");
      }
    },
  });

  const client = new Client({
    url: GRAPHQL_PATH,
    exchanges: [
      documentCache,
      authExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = socket().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    // Lists and details should show changes made elsewhere (another tab, a job) when revisited.
    requestPolicy: "cache-and-network",
  });

  return {
    client,
    dispose() {
      void ws?.dispose();
      ws = null;
    },
  };
}
