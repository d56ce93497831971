import { ActionIcon, CopyButton, Group, PasswordInput, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface SecretInputProps {
  label: string;
  description?: ReactNode;
  value: string;
  onChange(value: string): void;
  error?: ReactNode;
  maxLength: number;
  /** data-testid of the field. */
  testId: string;
}

/**
 * A secret (password, licence key, price): hidden until its eye shows it, and copied to the clipboard by the
 * button beside it without showing it. Emptying it clears the secret on save.
 */
export function SecretInput({
  label,
  description,
  value,
  onChange,
  error,
  maxLength,
  testId,
}: SecretInputProps) {
  const { t } = useTranslation("equipment");
  return (
    <Group gap={4} align="flex-end" wrap="nowrap">
      <PasswordInput
        label={label}
        description={description}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        // PasswordInput leaves aria-invalid off its inner input: the first invalid field gets the focus by it.
        aria-invalid={!!error}
        maxLength={maxLength}
        autoComplete="new-password"
        visibilityToggleButtonProps={{ "aria-label": t("secrets.toggle", { what: label }) }}
        style={{ flex: 1 }}
        data-testid={testId}
      />
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t("secrets.copied") : t("secrets.copy", { what: label })} withArrow>
            <ActionIcon
              variant="default"
              size="input-sm"
              color={copied ? "teal" : "gray"}
              onClick={copy}
              disabled={!value}
              aria-label={t("secrets.copy", { what: label })}
              mb={error ? 22 : 0}
            >
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
