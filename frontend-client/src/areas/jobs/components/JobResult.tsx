import { Alert, Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconDownload, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { formatBytes, formatDateTime, formatNumber, formatRelative } from "@/shared/format";
import { humanize, linkExpiry } from "../format";
import { useNow, type JobFields } from "../hooks";
import { jobDocument } from "../operations";

type Result = NonNullable<JobFields["result"]>;
type ExportResult = Extract<Result, { __typename: "DataExport" }>;
type ImportResult = Extract<Result, { __typename: "DataImportResult" }>;

export function useSectionLabel(): (name: string) => string {
  const { t } = useTranslation("jobs");
  return (name: string) => t(`result.sections.${name}`, { defaultValue: humanize(name) });
}

/** An export's archive: what it holds, its Download button and until when the link works. */
export function ExportResultView({ jobId, result }: { jobId: string; result: ExportResult }) {
  const { t } = useTranslation("jobs");
  const client = useClient();
  const sectionLabel = useSectionLabel();
  const [renewed, setRenewed] = useState<ExportResult | null>(null);
  const [renewing, setRenewing] = useState(false);
  const current = renewed ?? result;
  const now = useNow(15_000);
  const { expired } = linkExpiry(current.expiresAt, now);

  const renew = async () => {
    setRenewing(true);
    try {
      const fresh = await client
        .query(jobDocument, { id: jobId }, { requestPolicy: "network-only" })
        .toPromise();
      const node = fresh.data?.node;
      const again = node && "result" in node ? node.result : null;
      if (again?.__typename === "DataExport") setRenewed(again);
    } finally {
      setRenewing(false);
    }
  };

  return (
    <Stack gap={6}>
      <Text size="sm">
        {current.exportSections
          .map((s) => `${sectionLabel(s.name)}: ${formatNumber(s.exported)}`)
          .join(" · ")}
      </Text>
      <Group gap="sm" wrap="wrap">
        {expired ? (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void renew()}
            loading={renewing}
          >
            {t("result.renew")}
          </Button>
        ) : (
          <Button
            component="a"
            href={current.downloadUrl}
            download={current.filename}
            size="xs"
            leftSection={<IconDownload size={16} />}
            aria-label={t("result.downloadLabel", { filename: current.filename })}
          >
            {t("result.download")}
          </Button>
        )}
        <Text size="xs" c="dimmed">
          {t("result.file", { filename: current.filename, size: formatBytes(Number(current.sizeBytes)) })}
        </Text>
      </Group>
      <Text size="xs" c={expired ? "orange" : "dimmed"} data-testid="link-expiry">
        {expired
          ? t("result.expired")
          : t("result.expires", {
              time: formatDateTime(current.expiresAt),
              relative: formatRelative(current.expiresAt, now),
            })}
      </Text>
    </Stack>
  );
}

/** What an import did, section by section. */
export function ImportResultView({ result }: { result: ImportResult }) {
  const { t } = useTranslation("jobs");
  const sectionLabel = useSectionLabel();
  return (
    <Table withTableBorder withColumnBorders={false} maw={520} fz="sm" data-testid="import-sections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("result.section")}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t("result.created")}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t("result.skipped")}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {result.importSections.map((s) => (
          <Table.Tr key={s.name}>
            <Table.Th scope="row" fw={500}>
              {sectionLabel(s.name)}
            </Table.Th>
            <Table.Td ta="right">{formatNumber(s.created)}</Table.Td>
            <Table.Td ta="right">{formatNumber(s.skipped)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** An import's counts, and what to know besides them (e.g. secrets left out without the passphrase). */
function ImportResultWithNotices({ result }: { result: ImportResult }) {
  const { t } = useTranslation("jobs");
  return (
    <Stack gap="xs">
      <ImportResultView result={result} />
      {result.notices.length > 0 && (
        <Alert color="yellow" title={t("result.notices")} data-testid="import-notices" maw={520}>
          {result.notices.map((notice) => (
            <Text key={notice} size="sm">
              {notice}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

/** A finished job's result: the kinds this client knows in detail, any other by its summary. */
export function JobResultView({ job, compact = false }: { job: JobFields; compact?: boolean }) {
  const { t } = useTranslation("jobs");
  const sectionLabel = useSectionLabel();
  const result = job.result;
  if (!result) return null;
  switch (result.__typename) {
    case "DataExport":
      return <ExportResultView jobId={job.id} result={result} />;
    case "DataImportResult":
      if (compact) {
        return (
          <Text size="sm">
            {result.importSections
              .map((s) => `${sectionLabel(s.name)}: +${formatNumber(s.created)}`)
              .join(" · ")}
          </Text>
        );
      }
      return <ImportResultWithNotices result={result} />;
    case "ChatReplyResult":
      return (
        <Text size="sm" c="dimmed">
          {t("result.tokens", {
            prompt: formatNumber(result.promptTokens),
            completion: formatNumber(result.completionTokens),
          })}
        </Text>
      );
    default:
      return <Text size="sm">{result.summary}</Text>;
  }
}
