import { Box, Group, SimpleGrid, Slider, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatPercent } from "@/shared/format";
import { GRID, isGrid, pointOf, type Placement } from "../lib/overlayForm";

/**
 * Where a line of the overlay goes: one of the 3×3 grid's places, or any point — by a click on the picture, or
 * by the two sliders (which show the point of a grid place too, and move it off the grid).
 */
export function OverlayPosition({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Placement;
  onChange(value: Placement): void;
  error?: string | null;
}) {
  const { t } = useTranslation("images");
  const point = pointOf(value);
  const grid = isGrid(value) ? value.grid : null;
  const at = (x: number, y: number) =>
    onChange({ x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 });
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="md" align="flex-start" wrap="nowrap">
        <SimpleGrid cols={3} spacing={3} verticalSpacing={3} w={84} style={{ flexShrink: 0 }}>
          {GRID.flat().map((place) => {
            const chosen = grid === place;
            return (
              <UnstyledButton
                key={place}
                aria-label={t(`overlay.grid.${place}`)}
                aria-pressed={chosen}
                title={t(`overlay.grid.${place}`)}
                onClick={() => onChange({ grid: place })}
                h={26}
                style={{
                  borderRadius: 4,
                  border: "1px solid var(--mantine-color-default-border)",
                  background: chosen ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default)",
                  display: "grid",
                  placeItems: "center",
                }}
              >
                <Box
                  w={6}
                  h={6}
                  style={{
                    borderRadius: "50%",
                    background: chosen ? "var(--mantine-color-white)" : "var(--mantine-color-dimmed)",
                  }}
                />
              </UnstyledButton>
            );
          })}
        </SimpleGrid>
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" c="dimmed" data-testid="overlay-position-state">
            {grid
              ? t("overlay.position.grid", { place: t(`overlay.grid.${grid}`) })
              : t("overlay.position.custom", { x: formatPercent(point.x), y: formatPercent(point.y) })}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" w={64}>
              {t("overlay.position.acrossShort")}
            </Text>
            <Slider
              thumbLabel={t("overlay.position.across", { line: label })}
              label={(v) => formatPercent(v)}
              min={0}
              max={1}
              step={0.005}
              value={point.x}
              onChange={(x) => at(x, point.y)}
              size="sm"
              style={{ flex: 1 }}
            />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" w={64}>
              {t("overlay.position.downShort")}
            </Text>
            <Slider
              thumbLabel={t("overlay.position.down", { line: label })}
              label={(v) => formatPercent(v)}
              min={0}
              max={1}
              step={0.005}
              value={point.y}
              onChange={(y) => at(point.x, y)}
              size="sm"
              style={{ flex: 1 }}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t("overlay.position.clickHint")}
          </Text>
        </Stack>
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
