import { Badge } from "@mantine/core";
import { IconPiano } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { SongStatus, SongWorkflow } from "@/gql/graphql";

export const STATUS_COLORS: Record<SongStatus, string> = {
  QUEUED: "gray",
  RUNNING: "blue",
  SUCCEEDED: "green",
  FAILED: "red",
  CANCELLED: "orange",
};

export const WORKFLOW_COLORS: Record<SongWorkflow, string> = {
  IN_USE: "green",
  ON_WORK: "violet",
  NOT_USED: "gray",
  FAIL: "red",
};

export const WORKFLOWS: SongWorkflow[] = ["IN_USE", "ON_WORK", "NOT_USED", "FAIL"];
export const STATUSES: SongStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

export function SongStatusBadge({ status }: { status: SongStatus }) {
  const { t } = useTranslation("songs");
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size="sm" data-testid="song-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function SongWorkflowBadge({ workflow }: { workflow: SongWorkflow | null | undefined }) {
  const { t } = useTranslation("songs");
  if (!workflow) return null;
  return (
    <Badge color={WORKFLOW_COLORS[workflow]} variant="outline" size="sm" data-testid="song-workflow">
      {t(`workflow.${workflow}`)}
    </Badge>
  );
}

export function InstrumentalBadge() {
  const { t } = useTranslation("songs");
  return (
    <Badge color="grape" variant="light" size="sm" leftSection={<IconPiano size={12} />}>
      {t("kind.instrumental")}
    </Badge>
  );
}
