import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface BadgeTemplate {
  active: boolean;
  isDefault: boolean;
  isModified: boolean;
}

/** Shipped or own, changed, deactivated. */
export function TemplateBadges({ template }: { template: BadgeTemplate }) {
  const { t } = useTranslation("prompt_templates");
  return (
    <Group gap={4}>
      {template.isDefault ? (
        <Badge size="xs" variant="light" color="gray">
          {t("badge.shipped")}
        </Badge>
      ) : (
        <Badge size="xs" variant="light" color="teal">
          {t("badge.own")}
        </Badge>
      )}
      {template.isDefault && template.isModified && (
        <Badge size="xs" variant="light" color="orange">
          {t("badge.modified")}
        </Badge>
      )}
      {!template.active && (
        <Badge size="xs" variant="filled" color="gray">
          {t("badge.inactive")}
        </Badge>
      )}
    </Group>
  );
}
