import { Alert, Button, Group, Progress, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber, formatPercent } from "@/shared/format";
import { usageLevel } from "../lib/chat";

const COLORS = { ok: "blue", warn: "orange", full: "red" } as const;

/** How much of the model's context window the conversation uses, with a hint to compress from 80 %. */
export function UsageBar({
  tokenCount,
  contextWindow,
  usage,
  onCompress,
  compressing,
}: {
  tokenCount: number;
  contextWindow: number;
  usage: number;
  onCompress(): void;
  compressing: boolean;
}) {
  const { t } = useTranslation("chat");
  const level = usageLevel(usage);
  const label = t("usage.label", {
    used: formatNumber(tokenCount),
    window: formatNumber(contextWindow),
    percent: formatPercent(Math.min(usage, 1)),
  });
  return (
    <div data-testid="usage" data-level={level}>
      <Group justify="space-between" gap="xs" mb={2}>
        <Text size="xs" c="dimmed">
          {t("usage.title")}
        </Text>
        <Text size="xs" c={level === "ok" ? "dimmed" : COLORS[level]} fw={level === "ok" ? 400 : 600}>
          {label}
        </Text>
      </Group>
      <Progress
        value={Math.min(usage, 1) * 100}
        color={COLORS[level]}
        size="sm"
        aria-label={t("usage.title")}
        aria-valuetext={label}
      />
      {level !== "ok" && (
        <Alert color={COLORS[level]} variant="light" mt="xs" p="xs" role="status">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{level === "full" ? t("usage.full") : t("usage.warn")}</Text>
            <Button
              size="compact-sm"
              variant="white"
              color={COLORS[level]}
              onClick={onCompress}
              loading={compressing}
            >
              {t("actions.compress")}
            </Button>
          </Group>
        </Alert>
      )}
    </div>
  );
}
