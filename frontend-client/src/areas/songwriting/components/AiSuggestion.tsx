import { Alert, Button, Group, Loader, Paper, ScrollArea, Stack, Text } from "@mantine/core";
import { IconCheck, IconPlayerStop, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { StreamedGeneration } from "@/shared/generation";

/**
 * What an AI tool writes, streamed as it comes, then offered: Apply puts it in place of what it was asked for (a
 * section, or the whole text), Discard drops it. The lyrics are read-only meanwhile, so the section it replaces
 * is the one it was written for.
 */
export function AiSuggestion({
  generation,
  title,
  applyLabel,
  applying,
  onApply,
  onDiscard,
}: {
  generation: StreamedGeneration;
  /** What it is: "Improve · VERSE1". */
  title: string;
  applyLabel: string;
  applying: boolean;
  onApply(): void;
  onDiscard(): void;
}) {
  const { t } = useTranslation("songwriting");
  const running = generation.running;
  const done = generation.phase === "done";
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={t("ai.suggestion")}
      data-testid="ai-suggestion"
      data-phase={generation.phase}
      bg="var(--mantine-color-blue-light)"
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {running && <Loader size="xs" aria-hidden />}
            <Text fw={600} size="sm">
              {title}
            </Text>
          </Group>
          {running && (
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconPlayerStop size={12} />}
              onClick={generation.cancel}
            >
              {t("ai.stop")}
            </Button>
          )}
        </Group>
        {generation.phase === "failed" && (
          <Alert color="red" role="alert" p="xs" title={t("ai.failed")}>
            {generation.error}
          </Alert>
        )}
        {(running || done) && (
          <ScrollArea.Autosize mah={260}>
            <Text
              size="sm"
              style={{ whiteSpace: "pre-wrap" }}
              data-testid="ai-suggestion-text"
              aria-live="polite"
              aria-busy={running}
            >
              {generation.text || (running ? t("ai.waiting") : "")}
            </Text>
          </ScrollArea.Autosize>
        )}
        {generation.phase === "cancelled" && (
          <Text size="sm" c="dimmed">
            {t("ai.stopped")}
          </Text>
        )}
        {!running && (
          <Group gap="xs">
            {done && (
              <Button size="xs" leftSection={<IconCheck size={14} />} onClick={onApply} loading={applying}>
                {applyLabel}
              </Button>
            )}
            <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onDiscard}>
              {t("ai.discard")}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
