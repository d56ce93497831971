import { ActionIcon, Anchor, Badge, Card, Group, Menu, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconCopy,
  IconDots,
  IconKey,
  IconLock,
  IconPencil,
  IconReceipt,
  IconTrash,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { EquipmentFieldsFragment } from "@/gql/graphql";
import { editPath } from "../paths";
import { StatusBadge, TypeBadge } from "./badges";

/** An item in the gallery: name and version, maker, type, status, licence, tags, which secrets it keeps. */
export function EquipmentCard({
  item,
  onDuplicate,
  onDelete,
}: {
  item: EquipmentFieldsFragment;
  onDuplicate(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation("equipment");
  const tags = [...item.softwareTags, ...item.pluginTags];
  return (
    <Card withBorder radius="md" padding="sm" data-testid="equipment-card" data-equipment-id={item.id}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Anchor
            component={Link}
            to={editPath(item.id)}
            fw={600}
            truncate
            style={{ minWidth: 0, flex: 1 }}
            data-testid="equipment-name"
          >
            {item.name}
          </Anchor>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("card.menu", { name: item.name })}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component={Link} to={editPath(item.id)} leftSection={<IconPencil size={14} />}>
                {t("actions.edit")}
              </Menu.Item>
              <Menu.Item leftSection={<IconCopy size={14} />} onClick={onDuplicate}>
                {t("actions.duplicate")}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                {t("common:actions.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Text size="sm" c="dimmed" truncate>
          {[item.manufacturer, item.version && t("card.version", { version: item.version })]
            .filter(Boolean)
            .join(" · ") || "\u00a0"}
        </Text>
        <Group gap={4}>
          <TypeBadge type={item.type} />
          <StatusBadge status={item.status} />
          {item.licenseManagement && (
            <Badge variant="default" size="sm" tt="none">
              {t(`license.${item.licenseManagement}`)}
            </Badge>
          )}
        </Group>
        {tags.length > 0 && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {tags.join(", ")}
          </Text>
        )}
        <Group gap={6} c="dimmed" data-testid="equipment-secrets">
          {item.hasPassword && (
            <Tooltip label={t("card.hasPassword")} withArrow>
              <IconLock size={14} aria-label={t("card.hasPassword")} />
            </Tooltip>
          )}
          {item.hasLicenseKey && (
            <Tooltip label={t("card.hasLicenseKey")} withArrow>
              <IconKey size={14} aria-label={t("card.hasLicenseKey")} />
            </Tooltip>
          )}
          {item.hasPrice && (
            <Tooltip label={t("card.hasPrice")} withArrow>
              <IconReceipt size={14} aria-label={t("card.hasPrice")} />
            </Tooltip>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
