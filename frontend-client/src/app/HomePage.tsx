import { Card, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useViewer } from "@/shared/auth";
import { navEntries } from "./areas";

/** The dashboard: one card per area page in the navigation. */
export default function HomePage() {
  const { t } = useTranslation();
  const { viewer } = useViewer();
  const name = viewer?.artistName || viewer?.firstName;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{name ? t("common:home.titleNamed", { name }) : t("common:home.title")}</Title>
        <Text c="dimmed">{t("common:home.intro")}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {navEntries.map((entry) => {
          const Icon = entry.icon;
          return (
            <UnstyledButton
              key={entry.path}
              component={Link}
              to={entry.path}
              aria-label={t(entry.labelKey, { ns: entry.ns })}
            >
              <Card withBorder padding="lg" radius="md" h="100%">
                <Stack gap={6}>
                  {Icon && <Icon size={28} stroke={1.5} />}
                  <Text fw={600}>{t(entry.labelKey, { ns: entry.ns })}</Text>
                  {entry.descriptionKey && (
                    <Text size="sm" c="dimmed">
                      {t(entry.descriptionKey, { ns: entry.ns })}
                    </Text>
                  )}
                </Stack>
              </Card>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
