import { Alert, List } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface BulkLine {
  id: string;
  title: string;
  deleted: boolean;
  /** Why it was kept. */
  reason?: string;
}

/**
 * What a bulk delete did, one line per item: deleted, or kept and why. The area's namespace `ns` has
 * `bulk.reportTitle` ({{deleted}}, {{kept}}), `bulk.lineDeleted` ({{title}}) and `bulk.lineKept` ({{title}},
 * {{reason}}).
 */
export function BulkReport({ lines, ns, onClose }: { lines: BulkLine[]; ns: string; onClose(): void }) {
  const { t } = useTranslation(ns);
  const deleted = lines.filter((l) => l.deleted).length;
  return (
    <Alert
      color={deleted === lines.length ? "green" : "orange"}
      title={t("bulk.reportTitle", { deleted, kept: lines.length - deleted })}
      withCloseButton
      closeButtonLabel={t("common:actions.close")}
      onClose={onClose}
      data-testid="bulk-report"
    >
      <List size="sm" spacing={2}>
        {lines.map((line) => (
          <List.Item key={line.id} data-deleted={line.deleted}>
            {line.deleted
              ? t("bulk.lineDeleted", { title: line.title })
              : t("bulk.lineKept", { title: line.title, reason: line.reason ?? "" })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
