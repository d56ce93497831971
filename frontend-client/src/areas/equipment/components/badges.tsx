import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { EquipmentStatus, EquipmentType } from "@/gql/graphql";

const STATUS_COLOR: Record<EquipmentStatus, string> = {
  ACTIVE: "teal",
  TRIAL: "yellow",
  EXPIRED: "red",
  ARCHIVED: "gray",
};

export function StatusBadge({ status }: { status: EquipmentStatus }) {
  const { t } = useTranslation("equipment");
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" size="sm" tt="none" data-testid="equipment-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function TypeBadge({ type }: { type: EquipmentType }) {
  const { t } = useTranslation("equipment");
  return (
    <Badge color={type === "PLUGIN" ? "grape" : "blue"} variant="outline" size="sm" tt="none">
      {t(`type.${type}`)}
    </Badge>
  );
}
