import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { SketchWorkflow } from "@/gql/graphql";

export const WORKFLOW_COLORS: Record<SketchWorkflow, string> = {
  DRAFT: "blue",
  USED: "green",
  ARCHIVED: "gray",
};

export function WorkflowBadge({ workflow }: { workflow: SketchWorkflow }) {
  const { t } = useTranslation("sketches");
  return (
    <Badge color={WORKFLOW_COLORS[workflow]} variant="light" size="sm">
      {t(`workflow.${workflow}`)}
    </Badge>
  );
}
