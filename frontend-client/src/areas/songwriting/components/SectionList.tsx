import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text } from "@mantine/core";
import {
  IconArrowsMaximize,
  IconChevronDown,
  IconLanguage,
  IconPencilStar,
  IconRefresh,
  IconSparkles,
  IconTextWrap,
  IconCursorText,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { LyricsAnalysisQuery, LyricsTool } from "@/gql/graphql";

type Section = LyricsAnalysisQuery["lyricsParse"][number];
type SectionStats = LyricsAnalysisQuery["lyricsStats"]["sections"][number];

export const SECTION_TOOLS: { tool: LyricsTool; icon: typeof IconSparkles }[] = [
  { tool: "IMPROVE", icon: IconSparkles },
  { tool: "REWRITE", icon: IconRefresh },
  { tool: "EXTEND", icon: IconArrowsMaximize },
  { tool: "OPTIMIZE_PHRASING", icon: IconTextWrap },
  { tool: "TRANSLATE", icon: IconLanguage },
];

/** What a section is called on the page: its label as written, else "Section 2" (`unlabelled` names it). */
export function sectionName(section: Section, index: number, unlabelled: (n: number) => string): string {
  return section.label ?? unlabelled(index + 1);
}

/**
 * The text's sections (lyricsParse) with their rhyme scheme and syllables, each with its AI tools. The tools wait
 * while the list is behind the text (`stale`): a section's number must be the one the server reads.
 */
export function SectionList({
  sections,
  stats,
  stale,
  disabled,
  extendBy,
  onTool,
  onGoTo,
}: {
  sections: readonly Section[];
  stats: readonly SectionStats[];
  stale: boolean;
  disabled: boolean;
  extendBy: number;
  onTool(index: number, tool: LyricsTool): void;
  onGoTo(line: number): void;
}) {
  const { t } = useTranslation("songwriting");
  if (!sections.length) {
    return (
      <Text size="sm" c="dimmed">
        {t("sections.empty")}
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="section-list" aria-busy={stale}>
      {sections.map((section, index) => {
        const name = sectionName(section, index, (n) => t("sections.unlabelled", { n }));
        const s = stats.find((x) => x.index === index);
        const hasLines = section.lines.some((line) => line.trim());
        return (
          <Paper key={index} withBorder p="xs" radius="sm" data-testid="section" data-label={name}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap={6} wrap="nowrap">
                  <Text fw={600} size="sm" truncate>
                    {name}
                  </Text>
                  {section.kind && section.kind !== "OTHER" && (
                    <Badge size="xs" variant="light" color="gray">
                      {t(`kind.${section.kind}`)}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {t("sections.lines", { start: section.startLine, end: section.endLine })}
                  {s?.scheme ? ` · ${t("sections.scheme", { scheme: s.scheme })}` : ""}
                </Text>
                {s && s.syllables.length > 0 && (
                  <Text size="xs" c="dimmed" title={t("sections.syllablesTitle")}>
                    {t("sections.syllables", { list: s.syllables.join(" · ") })}
                  </Text>
                )}
              </Stack>
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("sections.goTo", { name })}
                  title={t("sections.goTo", { name })}
                  onClick={() => onGoTo(section.startLine)}
                >
                  <IconCursorText size={16} />
                </ActionIcon>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button
                      size="compact-xs"
                      variant="light"
                      leftSection={<IconPencilStar size={14} />}
                      rightSection={<IconChevronDown size={12} />}
                      disabled={disabled || stale || !hasLines}
                      aria-label={t("sections.aiFor", { name })}
                      title={!hasLines ? t("sections.noLines") : stale ? t("sections.stale") : undefined}
                    >
                      {t("sections.ai")}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Label>{name}</Menu.Label>
                    {SECTION_TOOLS.map(({ tool, icon: Icon }) => (
                      <Menu.Item
                        key={tool}
                        leftSection={<Icon size={14} />}
                        onClick={() => onTool(index, tool)}
                      >
                        {t(`tools.${tool}`, { count: extendBy })}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
