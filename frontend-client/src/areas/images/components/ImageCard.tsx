import {
  ActionIcon,
  AspectRatio,
  Badge,
  Box,
  Card,
  Center,
  Checkbox,
  Group,
  Menu,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconDots,
  IconDownload,
  IconEye,
  IconPhoto,
  IconTrash,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ImageCardFieldsFragment } from "@/gql/graphql";
import { formatRelative } from "@/shared/format";
import { isDrawing } from "../lib/progress";
import { ImageProgress } from "./ImageProgress";
import { ImageTitle } from "./ImageTitle";
import { useFailureText } from "./errors";
import { useImage } from "./useImage";

export interface ImageCardProps {
  image: ImageCardFieldsFragment;
  checked: boolean;
  onCheck(checked: boolean): void;
  onOpen(): void;
  onDelete(): void;
}

/**
 * A gallery tile: the thumbnail (a click opens the preview), the title renamed in place, a menu (preview,
 * download, delete) and a checkbox for deleting several. An image being drawn shows its progress, then its
 * thumbnail once the job ends.
 */
export function ImageCard({ image: listed, checked, onCheck, onOpen, onDelete }: ImageCardProps) {
  const { t } = useTranslation("images");
  const failure = useFailureText();
  // The list's copy is as it was read; once the job ends the image is read again for its thumbnail.
  const [ended, setEnded] = useState(false);
  const fresh = useImage(ended ? listed.id : null).image;
  const image = fresh ?? listed;
  const drawing = isDrawing(image.status);
  const name = image.title || t("untitled");

  return (
    <Card
      withBorder
      radius="md"
      padding={0}
      data-testid="image-card"
      data-image-id={image.id}
      data-status={image.status}
      bg={checked ? "var(--mantine-color-blue-light)" : undefined}
      style={{ borderColor: checked ? "var(--mantine-color-blue-filled)" : undefined }}
    >
      <Box pos="relative">
        <AspectRatio ratio={1}>
          {image.thumbnailUrl ? (
            <UnstyledButton
              onClick={onOpen}
              aria-label={t("card.open", { title: name })}
              bg="var(--mantine-color-default-hover)"
            >
              <img
                src={image.thumbnailUrl}
                alt=""
                loading="lazy"
                style={{ width: "100%", height: "100%", objectFit: "contain", display: "block" }}
                data-testid="image-thumbnail"
              />
            </UnstyledButton>
          ) : (
            <Center bg="var(--mantine-color-default-hover)" p="sm">
              {drawing && image.job ? (
                <Stack gap={6} w="100%" align="stretch">
                  <Center c="dimmed">
                    <IconPhoto size={32} stroke={1.3} />
                  </Center>
                  <ImageProgress job={image.job} title={name} onEnd={() => setEnded(true)} compact />
                </Stack>
              ) : (
                <UnstyledButton onClick={onOpen} aria-label={t("card.open", { title: name })}>
                  <Stack gap={4} align="center" c={image.status === "FAILED" ? "red.7" : "dimmed"}>
                    {image.status === "FAILED" ? <IconAlertTriangle size={28} /> : <IconPhoto size={28} />}
                    <Text size="xs" ta="center" lineClamp={3} data-testid="image-card-error">
                      {image.status === "FAILED" ? failure(image.error).text : t(`status.${image.status}`)}
                    </Text>
                  </Stack>
                </UnstyledButton>
              )}
            </Center>
          )}
        </AspectRatio>
        {image.overlay && (
          <Badge pos="absolute" top={8} right={8} size="sm" variant="filled" color="dark" tt="none">
            {t("detail.overlay")}
          </Badge>
        )}
        <Checkbox
          pos="absolute"
          top={8}
          left={8}
          checked={checked}
          onChange={(e) => onCheck(e.currentTarget.checked)}
          aria-label={t("card.select", { title: name })}
          styles={{ input: { cursor: "pointer", boxShadow: "0 0 0 2px var(--mantine-color-body)" } }}
        />
      </Box>
      <Stack gap={2} p="xs">
        <Group gap={4} wrap="nowrap" justify="space-between">
          <Box style={{ minWidth: 0, flex: 1 }}>
            <ImageTitle id={image.id} title={image.title ?? null} order={3} size="h6" />
          </Box>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("card.menu", { title: name })}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconEye size={14} />} onClick={onOpen}>
                {t("actions.preview")}
              </Menu.Item>
              {image.url && (
                <Menu.Item component="a" href={image.url} download leftSection={<IconDownload size={14} />}>
                  {t("actions.download")}
                </Menu.Item>
              )}
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={onDelete}
                disabled={drawing}
              >
                {t("common:actions.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {image.width && image.height
            ? t("detail.pixels", { width: image.width, height: image.height })
            : t(`status.${image.status}`)}
          {" · "}
          {formatRelative(image.createdAt)}
        </Text>
      </Stack>
    </Card>
  );
}
