import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Client, makeResult, Provider, type Exchange, type Operation } from "urql";
import { filter, fromPromise, mergeMap, pipe } from "wonka";
import { describe, expect, it } from "vitest";
import type { ImageOverlayInput } from "@/gql/graphql";
import { useOverlayPreview } from "./useOverlayPreview";

type Settings = Omit<ImageOverlayInput, "imageId">;

/** A server that answers each preview when the test says so: the requests it holds, in order. */
function heldServer() {
  const held: { operation: Operation; answer(userErrors?: unknown[]): void }[] = [];
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      mergeMap((operation) =>
        fromPromise(
          new Promise<ReturnType<typeof makeResult>>((resolve) => {
            held.push({
              operation,
              answer(userErrors = []) {
                const title = (operation.variables as { input: Settings }).input.title;
                const preview = userErrors.length
                  ? null
                  : {
                      __typename: "ImageOverlayPreview",
                      dataUrl: `data:image/jpeg;base64,${title}`,
                      width: 512,
                      height: 512,
                    };
                resolve(
                  makeResult(operation, {
                    data: {
                      imageOverlayPreview: { __typename: "ImageOverlayPreviewPayload", preview, userErrors },
                    },
                  }),
                );
              },
            });
          }),
        ),
      ),
    );
  const client = new Client({ url: "/graphql", exchanges: [exchange] });
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  return { held, wrapper };
}

const settings = (title: string): Settings => ({ title, titleSize: 0.08 });
const sentTitle = (operation: Operation) => (operation.variables as { input: Settings }).input.title;

describe("useOverlayPreview", () => {
  it("asks for nothing without settings, then for the preview, outside the document cache", async () => {
    const server = heldServer();
    const { result, rerender } = renderHook(({ s }) => useOverlayPreview("I1", s, 512), {
      wrapper: server.wrapper,
      initialProps: { s: null as Settings | null },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.held).toHaveLength(0);
    expect(result.current).toMatchObject({ picture: null, loading: false, current: false });

    rerender({ s: settings("A") });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(server.held).toHaveLength(1));
    const { operation } = server.held[0];
    expect(operation.variables).toEqual({
      input: { imageId: "I1", title: "A", titleSize: 0.08, width: 512 },
    });
    expect(operation.context.uncached).toBe(true);
    await act(async () => server.held[0].answer());
    expect(result.current).toMatchObject({ current: true, loading: false, userErrors: [] });
    expect(result.current.picture?.dataUrl).toBe("data:image/jpeg;base64,A");
  });

  it("keeps one request on its way and then sends only the latest settings, showing each answer meanwhile", async () => {
    const server = heldServer();
    const { result, rerender } = renderHook(({ s }) => useOverlayPreview("I1", s, 512), {
      wrapper: server.wrapper,
      initialProps: { s: settings("A") },
    });
    await waitFor(() => expect(server.held).toHaveLength(1));
    for (const title of ["AB", "ABC", "ABCD"]) rerender({ s: settings(title) }); // a slider moving on
    await new Promise((r) => setTimeout(r, 150));
    expect(server.held).toHaveLength(1); // nothing more while the first is drawn

    await act(async () => server.held[0].answer());
    // The first answer shows (better than nothing), not as current; the latest settings go at once.
    expect(result.current.picture?.dataUrl).toBe("data:image/jpeg;base64,A");
    expect(result.current).toMatchObject({ current: false, loading: true });
    await waitFor(() => expect(server.held).toHaveLength(2));
    expect(sentTitle(server.held[1].operation)).toBe("ABCD");
    await act(async () => server.held[1].answer());
    expect(result.current.picture?.dataUrl).toBe("data:image/jpeg;base64,ABCD");
    expect(result.current).toMatchObject({ current: true, loading: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.held).toHaveLength(2); // "AB" and "ABC" were never asked for
  });

  it("keeps the last good picture when settings are refused, with the userErrors", async () => {
    const server = heldServer();
    const { result, rerender } = renderHook(({ s }) => useOverlayPreview("I1", s, 512), {
      wrapper: server.wrapper,
      initialProps: { s: settings("A") },
    });
    await waitFor(() => expect(server.held).toHaveLength(1));
    await act(async () => server.held[0].answer());
    rerender({ s: { ...settings("A"), titleColor: "#12" } });
    await waitFor(() => expect(server.held).toHaveLength(2));
    const refusal = {
      field: ["input", "titleColor"],
      code: "INVALID",
      message: "Title colour must be a hex colour.",
    };
    await act(async () => server.held[1].answer([{ __typename: "UserError", ...refusal }]));
    expect(result.current.picture?.dataUrl).toBe("data:image/jpeg;base64,A");
    expect(result.current).toMatchObject({ current: false, loading: false });
    expect(result.current.userErrors).toEqual([expect.objectContaining(refusal)]);

    rerender({ s: settings("A") }); // good settings again: asked for anew (the last ones sent were refused)
    expect(result.current).toMatchObject({ loading: true, current: false });
    await waitFor(() => expect(server.held).toHaveLength(3));
    await act(async () => server.held[2].answer());
    expect(result.current).toMatchObject({ current: true, userErrors: [] });
  });
});
