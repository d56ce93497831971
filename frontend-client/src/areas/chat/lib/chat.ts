import type { ExportFormat, Provider } from "@/gql/graphql";

/** The route segment of each provider: /chat/ollama, /chat/openai. */
export const PROVIDERS: readonly { provider: Provider; param: string }[] = [
  { provider: "OLLAMA", param: "ollama" },
  { provider: "OPENAI", param: "openai" },
];

export function providerFromParam(param: string | undefined): Provider | null {
  return PROVIDERS.find((p) => p.param === param?.toLowerCase())?.provider ?? null;
}

export function providerParam(provider: Provider): string {
  return PROVIDERS.find((p) => p.provider === provider)?.param ?? "ollama";
}

export function chatPath(provider: Provider, conversationId?: string | null): string {
  const base = `/chat/${providerParam(provider)}`;
  return conversationId ? `${base}/${encodeURIComponent(conversationId)}` : base;
}

/** How full the context window is: "ok" below 80 %, "warn" from 80 %, "full" from 95 %. */
export type UsageLevel = "ok" | "warn" | "full";

export const WARN_AT = 0.8;
export const FULL_AT = 0.95;

export function usageLevel(fraction: number): UsageLevel {
  if (fraction >= FULL_AT) return "full";
  if (fraction >= WARN_AT) return "warn";
  return "ok";
}

/** "Song ideas, part 2" → "song-ideas-part-2"; accents kept as letters, at most 60 characters. */
export function slug(title: string | null | undefined): string {
  const base = (title ?? "")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return base || "chat";
}

/** The file name of an export: "chat-<slug>-<yyyy-mm-dd>.md" / ".json". */
export function exportFileName(
  title: string | null | undefined,
  format: ExportFormat,
  now = new Date(),
): string {
  const day = now.toISOString().slice(0, 10);
  const name = slug(title);
  const prefix = name === "chat" ? "chat" : `chat-${name}`;
  return `${prefix}-${day}.${format === "JSON" ? "json" : "md"}`;
}

export function exportMimeType(format: ExportFormat): string {
  return format === "JSON" ? "application/json;charset=utf-8" : "text/markdown;charset=utf-8";
}

/** Saves `text` as a file the browser downloads. */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Enter sends, Shift+Enter (and Enter while an input method composes) makes a new line. */
export function isSendKey(event: {
  key: string;
  shiftKey: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  isComposing?: boolean;
}): boolean {
  return event.key === "Enter" && !event.shiftKey && !event.isComposing;
}
