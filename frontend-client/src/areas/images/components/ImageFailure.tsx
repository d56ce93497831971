import { Alert, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFailureText } from "./errors";

/** Why an image was not drawn (FAILED, with its code in words) or that it was cancelled. */
export function ImageFailure({
  status,
  error,
}: {
  status: string;
  error: { code: string; message: string } | null | undefined;
}) {
  const { t } = useTranslation("images");
  const failure = useFailureText()(error);
  if (status === "CANCELLED")
    return (
      <Alert color="orange" variant="light" title={t("result.cancelled")} data-testid="image-error">
        {t("result.cancelledNote")}
      </Alert>
    );
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={t("result.failed")}
      role="alert"
      data-testid="image-error"
      data-code={error?.code}
    >
      {failure.text}
      {failure.detail && (
        <Text size="xs" c="dimmed" mt={4} style={{ overflowWrap: "anywhere" }}>
          {t("result.detail", { message: failure.detail, code: error?.code ?? "" })}
        </Text>
      )}
    </Alert>
  );
}
