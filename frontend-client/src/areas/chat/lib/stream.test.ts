import { describe, expect, it } from "vitest";
import type { ChatMessageFieldsFragment } from "@/gql/graphql";
import { applyStreamEvent, initialStream, resubscribed, type StreamEvent } from "./stream";

function stored(content: string, status: ChatMessageFieldsFragment["status"]): ChatMessageFieldsFragment {
  return {
    id: "m1",
    role: "ASSISTANT",
    content,
    status,
    tokenCount: 3,
    isSummary: false,
    archived: false,
    superseded: false,
    createdAt: "2026-01-01T00:00:00Z",
    error: null,
  };
}

function run(events: StreamEvent[], start = initialStream()) {
  return events.reduce(applyStreamEvent, start);
}

describe("stream accumulation", () => {
  it("joins the deltas and ends with the stored message", () => {
    const state = run([
      { delta: "", status: "STREAMING" },
      { delta: "Mock ", status: "STREAMING" },
      { delta: "answer ", status: "STREAMING" },
      { delta: "here", status: "STREAMING" },
    ]);
    expect(state.text).toBe("Mock answer here");
    expect(state.final).toBeNull();
    const done = applyStreamEvent(state, {
      delta: "",
      status: "COMPLETE",
      message: stored("Mock answer here", "COMPLETE"),
    });
    expect(done.final?.status).toBe("COMPLETE");
    expect(done.text).toBe("Mock answer here");
  });

  it("replaces the stored text with the first event (a reload mid-answer)", () => {
    // The page loaded "Mock an"; by the time it subscribed, "Mock answer is" was written.
    const state = run(
      [
        { delta: "Mock answer is", status: "STREAMING" },
        { delta: " long", status: "STREAMING" },
      ],
      initialStream("Mock an"),
    );
    expect(state.text).toBe("Mock answer is long");
  });

  it("does not double text replayed after a reconnect", () => {
    let state = run([
      { delta: "Mock answer ", status: "STREAMING" },
      { delta: "from gpt", status: "STREAMING" },
    ]);
    // graphql-ws resubscribed on its own: the replay holds everything so far plus a little more.
    state = applyStreamEvent(state, { delta: "Mock answer from gpt-4o", status: "STREAMING" });
    expect(state.text).toBe("Mock answer from gpt-4o");
    state = applyStreamEvent(state, { delta: " to you", status: "STREAMING" });
    expect(state.text).toBe("Mock answer from gpt-4o to you");
  });

  it("starts over on a subscription we know is new", () => {
    let state = run([{ delta: "Hi ", status: "STREAMING" }]);
    state = resubscribed(state);
    state = applyStreamEvent(state, { delta: "Hi there", status: "STREAMING" });
    expect(state.text).toBe("Hi there");
  });

  it("trusts the stored message over what arrived", () => {
    const state = run([
      { delta: "abc", status: "STREAMING" },
      { delta: "abc", status: "STREAMING" }, // short: taken as new text
      { delta: "", status: "STOPPED", message: stored("abc", "STOPPED") },
    ]);
    expect(state.text).toBe("abc");
    expect(state.status).toBe("STOPPED");
  });

  it("ignores events after the end", () => {
    let state = run([{ delta: "done", status: "COMPLETE", message: stored("done", "COMPLETE") }]);
    state = applyStreamEvent(state, { delta: "more", status: "STREAMING" });
    expect(state.text).toBe("done");
    expect(state.final?.status).toBe("COMPLETE");
  });

  it("keeps the text and the code of a failed answer", () => {
    const state = run([
      { delta: "Half", status: "STREAMING" },
      { delta: "", status: "FAILED", errorCode: "PROVIDER_UNAVAILABLE" },
    ]);
    expect(state.text).toBe("Half");
    expect(state.final?.status).toBe("FAILED");
    expect(state.errorCode).toBe("PROVIDER_UNAVAILABLE");
  });
});
