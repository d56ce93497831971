import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { AUTO, DEFAULT_STYLE_VALUES, STYLE_OPTIONS, type StyleOptionName } from "../lib/generatorForm";
import { imageStyleOptionsDocument } from "../operations";

export type StyleValues = Record<StyleOptionName, readonly string[]>;

/** The style options' values as the API offers them (imageStyleOptions); the same table until it answers. */
export function useStyleOptions(): StyleValues {
  const [{ data }] = useQuery({ query: imageStyleOptionsDocument });
  return useMemo(() => {
    const values: StyleValues = { ...DEFAULT_STYLE_VALUES };
    for (const option of data?.imageStyleOptions ?? [])
      if (option.name in STYLE_OPTIONS) values[option.name as StyleOptionName] = option.values;
    return values;
  }, [data]);
}

/** "golden-hour" → "Golden hour": a value this client has no words for yet. */
export function humanizeValue(value: string): string {
  const words = value.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A style value's label in the UI language ("auto" included); values the API adds later show humanized. */
export function useStyleLabel(): (option: StyleOptionName, value: string) => string {
  const { t } = useTranslation("images");
  return useCallback(
    (option: StyleOptionName, value: string) =>
      value === AUTO
        ? t("styles.auto")
        : t(`styleValue.${option}.${value}`, { defaultValue: humanizeValue(value) }),
    [t],
  );
}
