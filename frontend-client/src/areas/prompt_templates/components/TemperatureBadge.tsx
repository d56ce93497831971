import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber } from "@/shared/format";
import { temperatureKey } from "../lib/temperature";

/** "0.7 · creative". */
export function temperatureText(value: number | null | undefined, t: (key: string) => string): string {
  const key = temperatureKey(value);
  if (value === null || value === undefined || !key) return t("detail.notSet");
  return `${formatNumber(value, { maximumFractionDigits: 2 })} · ${t(`temperature.${key}`)}`;
}

export function TemperatureBadge({ value }: { value: number | null | undefined }) {
  const { t } = useTranslation("prompt_templates");
  return (
    <Badge variant="light" color="grape" size="sm" tt="none">
      {temperatureText(value, t)}
    </Badge>
  );
}
