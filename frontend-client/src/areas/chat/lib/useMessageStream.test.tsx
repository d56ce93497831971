import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Client, Provider, subscriptionExchange } from "urql";
import { describe, expect, it, vi } from "vitest";
import type { ChatMessageFieldsFragment } from "@/gql/graphql";
import { useMessageStream } from "./useMessageStream";

interface Sink {
  next(value: unknown): void;
  complete(): void;
}

/** A client whose subscriptions go to sinks the test drives, one per subscribe. */
function streamingClient() {
  const sinks: { variables: unknown; sink: Sink; closed: boolean }[] = [];
  const client = new Client({
    url: "/graphql",
    exchanges: [
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const entry = { variables: request.variables, sink: sink as Sink, closed: false };
              sinks.push(entry);
              return { unsubscribe: () => void (entry.closed = true) };
            },
          };
        },
      }),
    ],
  });
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  return { sinks, wrapper };
}

function event(delta: string, status = "STREAMING", message: ChatMessageFieldsFragment | null = null) {
  return {
    data: { messageStream: { __typename: "MessageStreamEvent", delta, status, errorCode: null, message } },
  };
}

const stored: ChatMessageFieldsFragment = {
  id: "M1",
  role: "ASSISTANT",
  content: "Mock answer is long.",
  status: "COMPLETE",
  tokenCount: 4,
  isSummary: false,
  archived: false,
  superseded: false,
  createdAt: "2026-01-01T00:00:00Z",
  error: null,
};

describe("useMessageStream", () => {
  it("shows the stored text, then the replayed text so far, then the rest, then the stored end", async () => {
    const { sinks, wrapper } = streamingClient();
    const onEnd = vi.fn();
    const { result } = renderHook(() => useMessageStream("M1", "Mock an", true, onEnd), { wrapper });
    expect(result.current.text).toBe("Mock an");
    expect(result.current.live).toBe(false);
    await waitFor(() => expect(sinks.filter((s) => !s.closed)).toHaveLength(1));
    const open = sinks.filter((s) => !s.closed);
    expect(open[0].variables).toEqual({ messageId: "M1" });

    act(() => open[0].sink.next(event("Mock answer is")));
    expect(result.current.text).toBe("Mock answer is");
    expect(result.current.live).toBe(true);
    act(() => open[0].sink.next(event(" long")));
    expect(result.current.text).toBe("Mock answer is long");
    expect(onEnd).not.toHaveBeenCalled();

    act(() => open[0].sink.next(event(".", "COMPLETE", stored)));
    expect(result.current.final?.status).toBe("COMPLETE");
    expect(result.current.text).toBe("Mock answer is long.");
    expect(onEnd).toHaveBeenCalledTimes(1);
    // Once ended, nothing is followed any more.
    expect(sinks.every((s) => s.closed)).toBe(true);
  });

  it("does not subscribe to an answer that is not being written", async () => {
    const { sinks, wrapper } = streamingClient();
    const { result } = renderHook(() => useMessageStream("M1", "Done.", false), { wrapper });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sinks).toHaveLength(0);
    expect(result.current.text).toBe("Done.");
  });
});
