import { TagsInput } from "@mantine/core";
import { useState } from "react";
import { cleanTags } from "./tags";

/** What a save answers: the tags as the server keeps them, or null when it refused (its error is shown). */
export type SaveTags = (tags: string[]) => Promise<readonly string[] | null>;

export interface SavedTagsProps {
  tags: readonly string[];
  save: SaveTags;
  label: string;
  description?: string;
  placeholder: string;
  error?: string | null;
  testId: string;
}

/** An item's tags, saved as each one is added or removed; a refused save puts back what was there. */
export function SavedTags({ tags, save, label, description, placeholder, error, testId }: SavedTagsProps) {
  const [value, setValue] = useState<string[]>([...tags]);

  const change = async (next: string[]) => {
    const cleaned = cleanTags(next);
    const before = value;
    setValue(cleaned);
    if (JSON.stringify(cleaned) === JSON.stringify(cleanTags(before))) return;
    const saved = await save(cleaned);
    setValue(saved ? [...saved] : before);
  };

  return (
    <TagsInput
      label={label}
      description={description}
      placeholder={value.length ? undefined : placeholder}
      value={value}
      onChange={(next) => void change(next)}
      error={error}
      splitChars={[","]}
      acceptValueOnBlur
      clearable
      size="sm"
      data-testid={testId}
    />
  );
}
