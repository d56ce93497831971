import { Chip, Group, SegmentedControl, Stack, TagsInput, Text } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  cleanTags,
  hasTag,
  TAG_CATEGORIES,
  TAG_CATEGORY_NAMES,
  toggleTag,
  type TagCategory,
} from "../lib/tags";

export interface TagChipsInputProps {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  error?: string | null;
  description?: string;
  /** Offer the style / theme / use-case chips under the input. */
  suggestions?: boolean;
}

/** Tags as chips: type one and press Enter (or a comma), or pick from the suggestions by category. */
export function TagChipsInput({
  label,
  value,
  onChange,
  error,
  description,
  suggestions,
}: TagChipsInputProps) {
  const { t } = useTranslation("sketches");
  const [category, setCategory] = useState<TagCategory>("style");
  const id = useId();
  return (
    <Stack gap={6}>
      <TagsInput
        label={label}
        description={description}
        value={value}
        onChange={(next) => onChange(cleanTags(next))}
        splitChars={[","]}
        clearable
        error={error}
        acceptValueOnBlur
        placeholder={value.length ? undefined : t("editor.tagsPlaceholder")}
      />
      {suggestions && (
        <Stack gap={6} role="group" aria-labelledby={`${id}-suggest`}>
          <Group gap="xs" justify="space-between">
            <Text size="xs" c="dimmed" id={`${id}-suggest`}>
              {t("editor.suggestions")}
            </Text>
            <SegmentedControl
              size="xs"
              value={category}
              onChange={(next) => setCategory(next as TagCategory)}
              aria-label={t("editor.suggestionCategory")}
              data={TAG_CATEGORY_NAMES.map((c) => ({ value: c, label: t(`tagCategory.${c}`) }))}
            />
          </Group>
          <Group gap={6}>
            {TAG_CATEGORIES[category].map((tag) => (
              <Chip
                key={tag}
                size="xs"
                checked={hasTag(value, tag)}
                onChange={() => onChange(toggleTag(value, tag))}
              >
                {tag}
              </Chip>
            ))}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
