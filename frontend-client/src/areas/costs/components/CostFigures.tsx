import { Button, Collapse, Group, Paper, Progress, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CostTotalsFieldsFragment } from "@/gql/graphql";
import { formatMoney, formatNumber, formatPercent } from "@/shared/format";

/** An amount with its exact value in `data-amount` (what the API sent). */
export function Amount({
  value,
  currency,
  size = "sm",
  name,
}: {
  value: string;
  currency: string;
  size?: string;
  name?: string;
}) {
  return (
    <Text size={size} fw={size === "sm" ? undefined : 700} data-amount={value} data-figure={name} ta="right">
      {formatMoney(value, currency)}
    </Text>
  );
}

/** A card of figures: a heading, the total large, what it covers below. */
export function FigureCard({
  title,
  note,
  testId,
  children,
}: {
  title: string;
  note?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid={testId} component="section" aria-label={title}>
      <Stack gap={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {title}
        </Text>
        {children}
        {note && (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

const PARTS = [
  { name: "image", color: "grape" },
  { name: "chat", color: "blue" },
  { name: "other", color: "gray" },
] as const;

/** A period's OpenAI costs: the total, split into images, chat and the rest (a bar and rows), and its line items. */
export function CostTotals({ costs }: { costs: CostTotalsFieldsFragment }) {
  const { t } = useTranslation("costs");
  const [open, { toggle }] = useDisclosure(false);
  const total = Number(costs.total);
  return (
    <Stack gap={6}>
      <Amount value={costs.total} currency={costs.currency} size="xl" name="total" />
      {total > 0 && (
        <Progress.Root size="sm" aria-label={t("org.split")}>
          {PARTS.map(({ name, color }) => {
            const share = Number(costs[name]) / total;
            return (
              share > 0 && (
                <Tooltip key={name} label={`${t(`org.${name}`)}: ${formatPercent(share)}`}>
                  <Progress.Section value={share * 100} color={color} />
                </Tooltip>
              )
            );
          })}
        </Progress.Root>
      )}
      <Table fz="sm" verticalSpacing={2} horizontalSpacing={4} withRowBorders={false}>
        <Table.Tbody>
          {PARTS.map(({ name }) => (
            <Table.Tr key={name}>
              <Table.Td>{t(`org.${name}`)}</Table.Td>
              <Table.Td>
                <Amount value={costs[name]} currency={costs.currency} name={name} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {costs.lineItems.length > 0 && (
        <>
          <Group>
            <Button variant="subtle" size="compact-xs" onClick={toggle} aria-expanded={open}>
              {open ? t("org.hideLineItems") : t("org.showLineItems", { count: costs.lineItems.length })}
            </Button>
          </Group>
          <Collapse in={open}>
            <Table fz="xs" verticalSpacing={2} horizontalSpacing={4} data-testid="cost-line-items">
              <Table.Tbody>
                {costs.lineItems.map((item) => (
                  <Table.Tr key={item.lineItem}>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{item.lineItem}</Table.Td>
                    <Table.Td>
                      <Amount value={item.amount} currency={costs.currency} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Collapse>
        </>
      )}
      <Text size="xs" c="dimmed">
        {t("org.days", { count: costs.bucketCount, days: formatNumber(costs.bucketCount) })}
      </Text>
    </Stack>
  );
}
