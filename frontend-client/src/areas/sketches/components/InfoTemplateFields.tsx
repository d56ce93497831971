import { Anchor, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { estimateLength, type InfoValues } from "../lib/info";

export interface InfoTemplateFieldsProps {
  value: InfoValues;
  onChange(value: InfoValues): void;
  error?: string | null;
}

/** The info template: key, tempo, time signature, bars and length, and free notes (stored as one text). */
export function InfoTemplateFields({ value, onChange, error }: InfoTemplateFieldsProps) {
  const { t } = useTranslation("sketches");
  const set = (field: keyof InfoValues) => (e: { currentTarget: { value: string } }) =>
    onChange({ ...value, [field]: e.currentTarget.value });
  const estimate = estimateLength(value);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={3} spacing="xs">
        <TextInput
          label={t("info.key")}
          placeholder={t("info.keyPlaceholder")}
          value={value.key}
          onChange={set("key")}
        />
        <TextInput
          label={t("info.tempo")}
          placeholder="120"
          inputMode="decimal"
          value={value.tempo}
          onChange={set("tempo")}
        />
        <TextInput
          label={t("info.timeSignature")}
          placeholder="4/4"
          value={value.timeSignature}
          onChange={set("timeSignature")}
        />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="xs">
        <TextInput
          label={t("info.bars")}
          placeholder="64"
          inputMode="numeric"
          value={value.bars}
          onChange={set("bars")}
        />
        <TextInput
          label={t("info.length")}
          placeholder="3:30"
          value={value.length}
          onChange={set("length")}
        />
      </SimpleGrid>
      {estimate && estimate !== value.length && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            {t("info.estimate", { length: estimate })}
          </Text>
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => onChange({ ...value, length: estimate })}
          >
            {t("info.useEstimate")}
          </Anchor>
        </Group>
      )}
      <Textarea
        label={t("info.notes")}
        autosize
        minRows={2}
        maxRows={6}
        value={value.notes}
        onChange={set("notes")}
        error={error}
      />
    </Stack>
  );
}
