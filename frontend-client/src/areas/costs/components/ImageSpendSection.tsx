import { Center, Loader, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { formatMonth, formatNumber } from "@/shared/format";
import { PageSection } from "@/shared/layout/PageSection";
import { pastMonths, thisMonth } from "../lib/costs";
import { imageSpendDocument } from "../operations";
import { Amount, FigureCard } from "./CostFigures";
import { CostError } from "./CostError";

/** Months to choose from, before this one. */
const MONTHS_BACK = 24;
const USD = "USD";

/** What the viewer's own images cost in one month: how many, the sum, and by size and quality. */
function MonthSpend({ month, title, testId }: { month: string | null; title: string; testId: string }) {
  const { t } = useTranslation("costs");
  const [{ data, error }] = useQuery({ query: imageSpendDocument, variables: { month } });
  const spend = data?.viewer?.imageSpend;
  return (
    <FigureCard title={title} testId={testId}>
      {error && !spend ? (
        <CostError error={error} />
      ) : !spend ? (
        <Center>
          <Loader size="sm" aria-label={t("common:status.loading")} />
        </Center>
      ) : (
        <>
          <Amount value={spend.total} currency={USD} size="xl" name="total" />
          <Text size="sm" data-testid="spend-images">
            {t("spend.images", { count: spend.images, n: formatNumber(spend.images) })}
          </Text>
          {spend.bySizeAndQuality.length > 0 && (
            <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} withRowBorders={false}>
              <Table.Tbody>
                {spend.bySizeAndQuality.map((part) => (
                  <Table.Tr key={`${part.size}-${part.quality}`}>
                    <Table.Td>
                      {t("spend.part", {
                        count: part.images,
                        n: formatNumber(part.images),
                        size: t(`images:size.${part.size}`),
                        quality: t(`images:quality.${part.quality}`),
                      })}
                    </Table.Td>
                    <Table.Td>
                      <Amount value={part.total} currency={USD} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </FigureCard>
  );
}

/** The profile's "what my images cost": this month, and a month chosen from the two years before it. */
export function ImageSpendSection() {
  const { t } = useTranslation("costs");
  const months = pastMonths(MONTHS_BACK);
  const [chosen, setChosen] = useState(months[0]);
  return (
    <PageSection title={t("spend.title")} description={t("spend.intro")} testId="image-spend">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <MonthSpend
          month={null}
          title={t("spend.thisMonth", { month: formatMonth(thisMonth()) })}
          testId="spend-current"
        />
        <Stack gap={6}>
          <Select
            label={t("spend.month")}
            value={chosen}
            allowDeselect={false}
            onChange={(value) => value && setChosen(value)}
            data={months.map((value) => ({ value, label: formatMonth(value) }))}
            comboboxProps={{ withinPortal: true }}
            size="xs"
          />
          <MonthSpend month={chosen} title={formatMonth(chosen)} testId="spend-month" />
        </Stack>
      </SimpleGrid>
    </PageSection>
  );
}
