import type { LyricSectionKind } from "@/gql/graphql";

/** What the architecture builder offers, in the order of its buttons (the API refuses the rest). */
export const BUILDER_KINDS = [
  "INTRO",
  "VERSE",
  "PRE_CHORUS",
  "CHORUS",
  "BRIDGE",
  "OUTRO",
] as const satisfies readonly LyricSectionKind[];
export type BuilderKind = (typeof BUILDER_KINDS)[number];

/** Sections the API allows at most once. */
const ONCE: readonly LyricSectionKind[] = ["INTRO", "OUTRO"];
export const SECTIONS_MAX = 32;

/** The shipped default, used until the server's answer is there. */
export const DEFAULT_SECTIONS: LyricSectionKind[] = ["VERSE", "CHORUS", "VERSE", "CHORUS"];

/** One placed section; the id lets drag and drop follow it as it moves. */
export interface Slot {
  id: string;
  kind: LyricSectionKind;
}

let made = 0;
export function slot(kind: LyricSectionKind): Slot {
  made += 1;
  return { id: `slot-${made}`, kind };
}

export function slotsOf(sections: readonly LyricSectionKind[]): Slot[] {
  return sections.map(slot);
}

const LABELS: Partial<Record<LyricSectionKind, string>> = {
  PRE_CHORUS: "PRE-CHORUS",
  POST_CHORUS: "POST-CHORUS",
};

/** The labels the API writes (lyricsApplyStructure): verses numbered in order, the rest by name. */
export function labelsOf(sections: readonly LyricSectionKind[]): string[] {
  let verses = 0;
  return sections.map((kind) => {
    if (kind === "VERSE") {
      verses += 1;
      return `VERSE${verses}`;
    }
    return LABELS[kind] ?? kind;
  });
}

/** "VERSE1 - CHORUS - VERSE2 - CHORUS". */
export function architectureText(sections: readonly LyricSectionKind[]): string {
  return labelsOf(sections).join(" - ");
}

/** Whether one more section of `kind` may be added (an Intro and an Outro at most once; 32 in all). */
export function canAdd(sections: readonly LyricSectionKind[], kind: LyricSectionKind): boolean {
  if (sections.length >= SECTIONS_MAX) return false;
  return !(ONCE.includes(kind) && sections.includes(kind));
}

/** Where a section of `kind` goes when added: an Intro first, anything else before the Outro. */
export function insertAt(sections: readonly LyricSectionKind[], kind: LyricSectionKind): number {
  if (kind === "INTRO") return 0;
  if (kind === "OUTRO") return sections.length;
  const outro = sections.indexOf("OUTRO");
  return outro === -1 ? sections.length : outro;
}

export function sameSections(a: readonly LyricSectionKind[], b: readonly LyricSectionKind[]): boolean {
  return a.length === b.length && a.every((kind, i) => kind === b[i]);
}
