import { ActionIcon, Group, Loader, Paper, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconRefresh, IconWallet } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { formatMoney } from "@/shared/format";
import { isPositive } from "../lib/format";
import { murekaAccountDocument } from "../operations";

/** The Mureka account's balance, read when the page opens (and on Refresh, and after a refused song). */
export function useMurekaBalance() {
  const [result, reexecute] = useQuery({ query: murekaAccountDocument, requestPolicy: "network-only" });
  const account = result.data?.murekaAccount ?? null;
  return {
    account,
    fetching: result.fetching,
    error: result.error,
    empty: !!account && !isPositive(account.balance),
    refresh: () => reexecute({ requestPolicy: "network-only" }),
  };
}

export type MurekaBalanceQuery = ReturnType<typeof useMurekaBalance>;

/** "Mureka balance: US$25.44" with a refresh button; says so when it cannot be read or is empty. */
export function MurekaBalance({ balance }: { balance: MurekaBalanceQuery }) {
  const { t } = useTranslation("songs");
  const { account, fetching, error, empty } = balance;
  return (
    <Paper withBorder radius="md" px="sm" py={6} data-testid="mureka-balance">
      <Group gap="xs" wrap="nowrap">
        {error ? (
          <IconAlertTriangle size={18} color="var(--mantine-color-orange-6)" aria-hidden />
        ) : (
          <IconWallet size={18} color={`var(--mantine-color-${empty ? "red" : "teal"}-6)`} aria-hidden />
        )}
        <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {t("balance.label")}
        </Text>
        {account && (
          <Text
            size="sm"
            fw={700}
            c={empty ? "red" : undefined}
            data-testid="mureka-balance-amount"
            style={{ whiteSpace: "nowrap" }}
          >
            {formatMoney(account.balance, account.currency)}
          </Text>
        )}
        {!account && fetching && <Loader size="xs" aria-label={t("common:status.loading")} />}
        {!account && !fetching && error && (
          <Text size="sm" c="orange.8">
            {t("balance.unavailable")}
          </Text>
        )}
        <Tooltip label={t("balance.refresh")} withArrow>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={balance.refresh}
            aria-label={t("balance.refresh")}
            loading={fetching && !!account}
          >
            <IconRefresh size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
