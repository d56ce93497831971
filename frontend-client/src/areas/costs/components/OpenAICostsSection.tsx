import { Center, Loader, Select, SimpleGrid, Stack } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { formatDateTime, formatMonth } from "@/shared/format";
import { PageSection } from "@/shared/layout/PageSection";
import { pastMonths, splitMonth, thisMonth } from "../lib/costs";
import { openaiCostsDocument, openaiMonthCostsDocument } from "../operations";
import { CostTotals, FigureCard } from "./CostFigures";
import { CostError } from "./CostError";

/** Past months to choose from. */
const MONTHS_BACK = 24;

function Waiting() {
  const { t } = useTranslation("costs");
  return (
    <Center>
      <Loader size="sm" aria-label={t("common:status.loading")} />
    </Center>
  );
}

/**
 * A past month of the organisation's costs: asked for once, then kept by the server for good. `onKept` is called
 * when OpenAI was asked for it just now (the server keeps it from then on: "all time" counts it).
 */
function PastMonth({ month, onKept }: { month: string; onKept(): void }) {
  const { t } = useTranslation("costs");
  const [{ data, error, fetching }] = useQuery({
    query: openaiMonthCostsDocument,
    variables: splitMonth(month),
  });
  const costs = data?.openaiCosts.month;
  const kept = costs && !costs.cached ? `${costs.year}-${costs.month}` : null;
  useEffect(() => {
    if (kept) onKept();
  }, [kept, onKept]);
  return (
    <FigureCard
      title={formatMonth(month)}
      testId="costs-month"
      note={costs && t("org.asOf", { date: formatDateTime(costs.lastUpdatedAt) })}
    >
      {error && !fetching ? (
        <CostError error={error} />
      ) : costs && !fetching ? (
        <CostTotals costs={costs} />
      ) : (
        <Waiting />
      )}
    </FigureCard>
  );
}

/**
 * For admins: what the server's OpenAI organisation spent (every user and every other use of its key), from
 * OpenAI's costs API — this month so far, every month the server has kept, and a past month chosen.
 */
export function OpenAICostsSection() {
  const { t } = useTranslation("costs");
  const months = pastMonths(MONTHS_BACK);
  const [chosen, setChosen] = useState(months[0]);
  const [{ data, error }, refetch] = useQuery({ query: openaiCostsDocument });
  const costs = data?.openaiCosts;
  // A past month newly kept by the server joins "all time": read it again (this month comes from the server's cache).
  const recount = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  return (
    <PageSection title={t("org.title")} description={t("org.intro")} testId="openai-costs">
      {error && !costs ? (
        <CostError error={error} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <FigureCard
            title={t("org.currentMonth", { month: formatMonth(thisMonth()) })}
            testId="costs-current"
            note={
              costs &&
              t(costs.currentMonth.cached ? "org.cachedAsOf" : "org.asOf", {
                date: formatDateTime(costs.currentMonth.lastUpdatedAt),
              })
            }
          >
            {costs ? <CostTotals costs={costs.currentMonth} /> : <Waiting />}
          </FigureCard>
          <FigureCard
            title={t("org.allTime")}
            testId="costs-all-time"
            note={
              costs &&
              t("org.allTimeNote", {
                count: costs.allTime.months,
                first: formatMonth(costs.allTime.firstMonth),
                last: formatMonth(costs.allTime.lastMonth),
              })
            }
          >
            {costs ? <CostTotals costs={costs.allTime} /> : <Waiting />}
          </FigureCard>
          <Stack gap={6}>
            <Select
              label={t("org.month")}
              value={chosen}
              allowDeselect={false}
              onChange={(value) => value && setChosen(value)}
              data={months.map((value) => ({ value, label: formatMonth(value) }))}
              comboboxProps={{ withinPortal: true }}
              size="xs"
            />
            <PastMonth month={chosen} onKept={recount} />
          </Stack>
        </SimpleGrid>
      )}
    </PageSection>
  );
}
