import { Alert, Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** What stands in for a thing still being read: a loader, or that reading it failed. */
export function Loading({ error }: { error?: unknown }) {
  const { t } = useTranslation();
  return error ? (
    <Alert color="red" role="alert">
      {t("common:status.error")}
    </Alert>
  ) : (
    <Center p="xl">
      <Loader aria-label={t("common:status.loading")} />
    </Center>
  );
}
