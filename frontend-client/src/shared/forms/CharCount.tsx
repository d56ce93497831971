import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * "12 / 255 characters" in a field's description, red once over `max`. Counts the trimmed text, as the API
 * trims before it checks.
 */
export function CharCount({ value, max }: { value: string; max: number }) {
  const { t } = useTranslation();
  const length = value.trim().length;
  return (
    <Text component="span" size="xs" c={length > max ? "red" : "dimmed"}>
      {t("common:form.count", { count: length, max })}
    </Text>
  );
}
