import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { graphql } from "@/gql";
import { initI18n } from "@/shared/i18n";
import { fakeClient, type FakeAnswer } from "@/test/fakeClient";
import { useFormMutation } from "./useFormMutation";

const show = vi.fn();
vi.mock("@mantine/notifications", () => ({ notifications: { show: (...args: unknown[]) => show(...args) } }));

const doc = graphql(`
  mutation TestViewerUpdate($input: ViewerUpdateInput!) {
    viewerUpdate(input: $input) {
      user {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

function setup(answer: FakeAnswer) {
  const { client } = fakeClient(() => answer);
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  return renderHook(() => useFormMutation(doc), { wrapper });
}

describe("useFormMutation", () => {
  beforeAll(() => {
    localStorage.setItem("aiproxy.language", "en");
    initI18n({});
  });
  beforeEach(() => show.mockReset());

  it("puts userErrors on their fields (by the path's last segment) and the rest into formError", async () => {
    const { result } = setup({
      data: {
        viewerUpdate: {
          user: null,
          userErrors: [
            { field: ["input", "pageSize"], message: "Page size must be 10 to 100.", code: "INVALID" },
            { field: null, message: "Slow down.", code: "RATE_LIMITED" },
          ],
        },
      },
    });
    let outcome: { ok: boolean } | undefined;
    await act(async () => {
      outcome = await result.current.submit({ input: { pageSize: 500 } });
    });
    expect(outcome?.ok).toBe(false);
    expect(result.current.fieldErrors).toEqual({ pageSize: "Page size must be 10 to 100." });
    expect(result.current.formError).toBe("Slow down.");
    expect(show).not.toHaveBeenCalled();

    act(() => result.current.reset());
    expect(result.current.fieldErrors).toEqual({});
    expect(result.current.formError).toBeNull();
  });

  it("is ok with no userErrors and returns the data", async () => {
    const { result } = setup({ data: { viewerUpdate: { user: { id: "U1" }, userErrors: [] } } });
    let outcome: { ok: boolean; data?: unknown } | undefined;
    await act(async () => {
      outcome = await result.current.submit({ input: { pageSize: 50 } });
    });
    expect(outcome).toEqual({ ok: true, data: { viewerUpdate: { user: { id: "U1" }, userErrors: [] } } });
    expect(result.current.fieldErrors).toEqual({});
  });

  it("shows a top-level error in a notification, not on the form", async () => {
    const { result } = setup({ errors: [{ message: "Database is away", extensions: { code: "INTERNAL" } }] });
    let outcome: { ok: boolean } | undefined;
    await act(async () => {
      outcome = await result.current.submit({ input: {} });
    });
    expect(outcome?.ok).toBe(false);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ color: "red", message: "Database is away" }));
    expect(result.current.formError).toBeNull();
  });

  it("leaves UNAUTHENTICATED to the client (it ends the session) without a notification", async () => {
    const { result } = setup({
      errors: [{ message: "Sign in first", extensions: { code: "UNAUTHENTICATED" } }],
    });
    await act(async () => {
      await result.current.submit({ input: {} });
    });
    expect(show).not.toHaveBeenCalled();
  });
});
