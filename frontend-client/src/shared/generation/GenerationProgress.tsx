import { Alert, Button, Group, Loader, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StreamedGeneration } from "./useTemplateGeneration";

/**
 * Under the field a generation writes into: while it runs, a spinner, the text so far and a Cancel button;
 * when it failed, why. Nothing otherwise, or when the run is for another `target`.
 */
export function GenerationProgress({
  generation,
  target,
  label,
}: {
  generation: StreamedGeneration;
  target?: string;
  /** What is being written, e.g. "Writing a title…"; "Writing…" unless given. */
  label?: string;
}) {
  const { t } = useTranslation();
  if (target !== undefined && generation.target !== target) return null;
  if (generation.phase === "failed") {
    return (
      <Alert color="red" role="alert" p="xs" title={t("common:generation.failed")}>
        {generation.error}
      </Alert>
    );
  }
  if (!generation.running) return null;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      role="status"
      aria-live="polite"
      bg="var(--mantine-color-gray-light)"
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Loader size="xs" mt={3} aria-hidden />
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500}>
            {label ?? t("common:generation.running")}
          </Text>
          {generation.text && (
            <Text size="xs" c="dimmed" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
              {generation.text}
            </Text>
          )}
        </div>
        <Button size="compact-xs" variant="default" onClick={generation.cancel}>
          {t("common:actions.cancel")}
        </Button>
      </Group>
    </Paper>
  );
}
