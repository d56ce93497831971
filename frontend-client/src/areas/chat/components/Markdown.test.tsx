import { MantineProvider } from "@mantine/core";
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown";

function rendered(text: string): HTMLElement {
  return render(
    <MantineProvider>
      <Markdown text={text} />
    </MantineProvider>,
  ).container;
}

describe("Markdown", () => {
  it("renders code blocks, inline code and GitHub tables", () => {
    const html = rendered(
      "Use `npm ci`:\n\n```ts\nconst a = 1;\n```\n\n| key | bpm |\n| --- | --- |\n| C | 120 |\n\n~~old~~",
    );
    const block = html.querySelector("pre > code");
    expect(block?.textContent).toBe("const a = 1;\n");
    expect(block?.className).toContain("language-ts");
    expect(html.querySelector("p > code")?.textContent).toBe("npm ci");
    expect(html.querySelectorAll("table td")).toHaveLength(2);
    expect(html.querySelector("del")?.textContent).toBe("old");
  });

  it("opens links safely, loads no images and ignores raw HTML", () => {
    const html = rendered(
      '[site](https://example.org) ![cover](https://example.org/a.png) <b onclick="x">hi</b>',
    );
    const link = html.querySelector("a");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(link?.getAttribute("target")).toBe("_blank");
    expect(html.querySelector("img")).toBeNull();
    expect(html.textContent).toContain("[cover]");
    expect(html.querySelector("b")).toBeNull();
  });
});
