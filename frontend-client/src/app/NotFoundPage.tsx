import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { paths } from "@/shared/routing";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="flex-start">
      <Title order={1}>{t("common:notFound.title")}</Title>
      <Text>{t("common:notFound.text")}</Text>
      <Button component={Link} to={paths.home} variant="light">
        {t("common:notFound.home")}
      </Button>
    </Stack>
  );
}
