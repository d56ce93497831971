import { CloseButton, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

interface SearchInputProps {
  value: string;
  onChange: (value: string) => void;
  /** The area's i18n namespace; it has `list.search`, `list.searchPlaceholder` and `list.clearSearch`. */
  ns: string;
}

/** A library's search field: Escape or the clear button empties it. */
export function SearchInput({ value, onChange, ns }: SearchInputProps) {
  const { t } = useTranslation(ns);
  return (
    <TextInput
      label={t("list.search")}
      placeholder={t("list.searchPlaceholder")}
      leftSection={<IconSearch size={16} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && value) onChange("");
      }}
      rightSection={
        value ? (
          <CloseButton size="sm" onClick={() => onChange("")} aria-label={t("list.clearSearch")} />
        ) : null
      }
      type="search"
      style={{ flex: 1 }}
    />
  );
}
