import { Alert, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";
import { costError, costErrorKey } from "../lib/costs";

/** Why figures could not be read, in words for its code (what happened and what to do), the server's message below. */
export function CostError({ error }: { error: CombinedError }) {
  const { t } = useTranslation("costs");
  const { code, message } = costError(error);
  return (
    <Alert
      color={code === "NOT_CONFIGURED" ? "gray" : "red"}
      role="alert"
      p="xs"
      data-testid="cost-error"
      data-code={code}
    >
      <Text size="sm">{t(`errors.${costErrorKey(code)}`)}</Text>
      {message && code !== "NETWORK" && (
        <Text size="xs" c="dimmed" mt={4}>
          {t("errors.detail", { code, message })}
        </Text>
      )}
    </Alert>
  );
}
