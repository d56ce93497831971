import { SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ExportPanel } from "../components/ExportPanel";
import { ImportPanel } from "../components/ImportPanel";

/** Export all of one's data as a ZIP archive, and import such an archive. */
export default function DataPage() {
  const { t } = useTranslation("data_transfer");
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1}>{t("page.title")}</Title>
        <Text c="dimmed">{t("page.intro")}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ExportPanel />
        <ImportPanel />
      </SimpleGrid>
    </Stack>
  );
}
