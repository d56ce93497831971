import { describe, expect, it } from "vitest";
import {
  chatPath,
  exportFileName,
  isSendKey,
  providerFromParam,
  providerParam,
  slug,
  usageLevel,
} from "./chat";

describe("chat helpers", () => {
  it("maps providers to routes and back", () => {
    expect(providerFromParam("openai")).toBe("OPENAI");
    expect(providerFromParam("Ollama")).toBe("OLLAMA");
    expect(providerFromParam("mureka")).toBeNull();
    expect(providerFromParam(undefined)).toBeNull();
    expect(providerParam("OPENAI")).toBe("openai");
    expect(chatPath("OLLAMA")).toBe("/chat/ollama");
    expect(chatPath("OPENAI", "Q29udmVyc2F0aW9uOjE=")).toBe("/chat/openai/Q29udmVyc2F0aW9uOjE%3D");
  });

  it("warns from 80 % of the context window", () => {
    expect(usageLevel(0)).toBe("ok");
    expect(usageLevel(0.799)).toBe("ok");
    expect(usageLevel(0.8)).toBe("warn");
    expect(usageLevel(0.94)).toBe("warn");
    expect(usageLevel(0.95)).toBe("full");
    expect(usageLevel(1.2)).toBe("full");
  });

  it("names export files after the conversation", () => {
    const day = new Date("2026-03-04T10:00:00Z");
    expect(exportFileName("Grüße & Song ideas!", "MARKDOWN", day)).toBe(
      "chat-grusse-song-ideas-2026-03-04.md",
    );
    expect(exportFileName(null, "JSON", day)).toBe("chat-2026-03-04.json");
    expect(exportFileName("???", "MARKDOWN", day)).toBe("chat-2026-03-04.md");
    expect(slug("x".repeat(100)).length).toBe(60);
  });

  it("sends on Enter, not on Shift+Enter or while composing", () => {
    expect(isSendKey({ key: "Enter", shiftKey: false })).toBe(true);
    expect(isSendKey({ key: "Enter", shiftKey: true })).toBe(false);
    expect(isSendKey({ key: "Enter", shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: "a", shiftKey: false })).toBe(false);
  });
});
