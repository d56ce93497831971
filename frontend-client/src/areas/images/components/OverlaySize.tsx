import { Group, SegmentedControl, Slider, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber, formatPercent } from "@/shared/format";
import { convertSize, LIMITS, sizeUnit, type SizeUnit } from "../lib/overlayForm";

/**
 * A line's size as a share of the image's height (a slider in per cent) or in the image's pixels; switching the
 * unit keeps the size the text has on this image.
 */
export function OverlaySize({
  label,
  value,
  imageHeight,
  onChange,
  error,
}: {
  label: string;
  value: number;
  /** The image's height in pixels: what a share is of. */
  imageHeight: number;
  onChange(value: number): void;
  error?: string | null;
}) {
  const { t } = useTranslation("images");
  const unit = sizeUnit(value);
  const pixels = unit === "px" ? value : Math.round(value * imageHeight);
  // The sliders reach a third of the height or so; a larger size made before stretches them.
  const shareMax = Math.max(LIMITS.shareMax, unit === "share" ? value : 0);
  const pixelsMax = Math.max(Math.min(LIMITS.pixelsMax, Math.round(imageHeight * LIMITS.shareMax)), pixels);
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={t("overlay.size.unit", { line: label })}
          value={unit}
          onChange={(next) => onChange(convertSize(value, next as SizeUnit, imageHeight))}
          data={[
            { value: "share", label: t("overlay.size.share") },
            { value: "px", label: t("overlay.size.px") },
          ]}
        />
      </Group>
      {unit === "share" ? (
        <Slider
          thumbLabel={label}
          min={LIMITS.shareMin}
          max={shareMax}
          step={0.0025}
          value={value}
          onChange={onChange}
          label={(v) => formatPercent(v, 1)}
          size="sm"
        />
      ) : (
        <Slider
          thumbLabel={label}
          min={1}
          max={pixelsMax}
          step={1}
          value={value}
          onChange={onChange}
          label={(v) => t("overlay.size.pixels", { value: formatNumber(v) })}
          size="sm"
        />
      )}
      <Text
        size="xs"
        c={error ? "red" : "dimmed"}
        role={error ? "alert" : undefined}
        data-testid="overlay-size-state"
      >
        {error ||
          (unit === "share"
            ? t("overlay.size.shareState", { share: formatPercent(value, 1), pixels: formatNumber(pixels) })
            : t("overlay.size.pixelsState", { pixels: formatNumber(pixels) }))}
      </Text>
    </Stack>
  );
}
