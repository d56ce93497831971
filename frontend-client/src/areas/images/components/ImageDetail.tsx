import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Center,
  CopyButton,
  Grid,
  Group,
  Image,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconCopy, IconDownload, IconTrash, IconTypography } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ImageFieldsFragment } from "@/gql/graphql";
import { formatDateTime, formatMoney } from "@/shared/format";
import { Loading } from "@/shared/layout/Loading";
import { ALBUM_COVER, STYLE_OPTIONS, type StyleOptionName } from "../lib/generatorForm";
import { isDrawing } from "../lib/progress";
import { imagePreviewPath, overlayPath } from "../paths";
import { ImageFailure } from "./ImageFailure";
import { ImageProgress } from "./ImageProgress";
import { ImageTags } from "./ImageTags";
import { ImageTitle } from "./ImageTitle";
import { useStyleLabel } from "./styleOptions";
import { useDeleteImage } from "./useDeleteImage";
import { useImage } from "./useImage";

function Block({ label, copy, children }: { label: string; copy?: string | null; children: ReactNode }) {
  const { t } = useTranslation("images");
  return (
    <Stack gap={2}>
      <Group gap={4} wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {label}
        </Text>
        {copy && (
          <CopyButton value={copy} timeout={1500}>
            {({ copied, copy: write }) => (
              <Tooltip label={copied ? t("detail.copied") : t("detail.copy", { what: label })} withArrow>
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  color={copied ? "teal" : "gray"}
                  onClick={write}
                  aria-label={t("detail.copy", { what: label })}
                >
                  {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        )}
      </Group>
      {typeof children === "string" ? (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {children}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

/** Size, quality and style as badges; a cover says so. */
function ImageBadges({ image }: { image: ImageFieldsFragment }) {
  const { t } = useTranslation("images");
  return (
    <Group gap={6}>
      <Badge variant="default" size="sm" tt="none">
        {image.width && image.height
          ? t("detail.pixels", { width: image.width, height: image.height })
          : t(`size.${image.size}`)}
      </Badge>
      <Badge variant="default" size="sm" tt="none">
        {t(`quality.${image.quality}`)}
      </Badge>
      <Badge variant="default" size="sm" tt="none">
        {t(`style.${image.style}`)}
      </Badge>
      {image.overlay && (
        <Badge variant="light" color="grape" size="sm" tt="none">
          {t("detail.overlay")}
        </Badge>
      )}
      {image.composition === ALBUM_COVER && (
        <Badge variant="light" size="sm" tt="none">
          {t("detail.cover")}
        </Badge>
      )}
    </Group>
  );
}

function Download({ image }: { image: ImageFieldsFragment }) {
  const { t } = useTranslation("images");
  if (!image.url) return null;
  return (
    <Button
      component="a"
      href={image.url}
      download
      size="xs"
      leftSection={<IconDownload size={16} />}
      data-testid="image-download"
    >
      {t("actions.download")}
    </Button>
  );
}

/**
 * Into the text overlay editor: a drawn image gets a title and artist; an overlay whose image is still there opens
 * on that image with its settings, to change them.
 */
function OverlayLink({ image }: { image: ImageFieldsFragment }) {
  const { t } = useTranslation("images");
  if (image.status !== "SUCCEEDED" || !image.url) return null;
  const again = !!(image.overlay && image.source);
  return (
    <Button
      component={Link}
      to={again ? overlayPath(image.source?.id, image.id) : overlayPath(image.id)}
      variant="light"
      size="xs"
      leftSection={<IconTypography size={16} />}
    >
      {again ? t("actions.editOverlay") : t("actions.addOverlay")}
    </Button>
  );
}

function Picture({ image, maxHeight }: { image: ImageFieldsFragment; maxHeight: string | number }) {
  const { t } = useTranslation("images");
  if (!image.url) return null;
  return (
    <Center
      bg="var(--mantine-color-default-hover)"
      style={{ borderRadius: "var(--mantine-radius-md)", overflow: "hidden" }}
    >
      <Image
        src={image.url}
        alt={t("detail.alt", { title: image.title || image.userPrompt })}
        fit="contain"
        mah={maxHeight}
        w="auto"
        maw="100%"
        data-testid="image-picture"
      />
    </Center>
  );
}

/** The chosen style options, in words ("Lighting: Golden hour"); nothing when all are auto. */
function StyleList({ image }: { image: ImageFieldsFragment }) {
  const { t } = useTranslation("images");
  const label = useStyleLabel();
  const chosen = (Object.entries(STYLE_OPTIONS) as [StyleOptionName, keyof ImageFieldsFragment][])
    .map(([option, field]) => [option, image[field]] as const)
    .filter(
      (entry): entry is readonly [StyleOptionName, string] => typeof entry[1] === "string" && !!entry[1],
    );
  if (!chosen.length) return null;
  return (
    <Block label={t("detail.styles")}>
      <Text size="sm">
        {chosen
          .map(([option, value]) => `${t(`styleOption.${option}`)}: ${label(option, value)}`)
          .join(" · ")}
      </Text>
    </Block>
  );
}

export interface ImageDetailProps {
  id: string;
  /**
   * "generator": the image just made, under the form (its title, picture, DALL-E's prompt, cost, download);
   * "preview": the gallery's preview with all its prompts and details, tags, and delete.
   */
  variant: "generator" | "preview";
  /** After a delete from the preview. */
  onDeleted?(): void;
}

/** One image: its progress while it is drawn, why it failed, or the picture with its title, prompts and cost. */
export function ImageDetail({ id, variant, onDeleted }: ImageDetailProps) {
  const { t } = useTranslation("images");
  const { image, error, refresh } = useImage(id);
  const remove = useDeleteImage();

  if (!image) return <Loading error={error} />;

  const drawing = isDrawing(image.status);
  const preview = variant === "preview";
  const del = async () => {
    if (await remove.remove(image)) onDeleted?.();
  };

  const header = (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <ImageTitle id={image.id} title={image.title ?? null} order={2} size={preview ? "h3" : "h4"} />
        <ImageBadges image={image} />
      </Stack>
      {!preview && image.status === "SUCCEEDED" && (
        <Anchor component={Link} to={imagePreviewPath(image.id)} size="sm" style={{ whiteSpace: "nowrap" }}>
          {t("generator.openInGallery")}
        </Anchor>
      )}
    </Group>
  );
  const state = (
    <>
      {drawing && image.job && (
        <ImageProgress job={image.job} title={image.title || t("untitled")} onEnd={refresh} />
      )}
      {drawing && !image.job && (
        <Text size="sm" c="dimmed">
          {t("progress.queued")}
        </Text>
      )}
      {(image.status === "FAILED" || image.status === "CANCELLED") && (
        <ImageFailure status={image.status} error={image.error} />
      )}
      {image.status === "SUCCEEDED" && <Picture image={image} maxHeight={preview ? "70vh" : 420} />}
    </>
  );
  const actions = (image.status === "SUCCEEDED" || preview) && (
    <Group gap="xs" justify="space-between">
      <Group gap="xs">
        <Download image={image} />
        {preview && <OverlayLink image={image} />}
        {preview && (
          <Button
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconTrash size={16} />}
            onClick={() => void del()}
            loading={remove.fetching}
            disabled={drawing}
            title={drawing ? t("delete.whileDrawing") : undefined}
          >
            {t("common:actions.delete")}
          </Button>
        )}
      </Group>
      {image.cost != null && (
        <Text size="sm" c="dimmed" data-testid="image-cost">
          {t("detail.cost", { cost: formatMoney(image.cost, "USD") })}
        </Text>
      )}
    </Group>
  );
  const revised = image.revisedPrompt && (
    <Block label={t("detail.revisedPrompt")} copy={image.revisedPrompt}>
      {image.revisedPrompt}
    </Block>
  );

  if (!preview)
    return (
      <Stack gap="sm" data-testid="image-result" data-status={image.status}>
        {header}
        {state}
        {actions}
        {revised}
      </Stack>
    );
  // The preview: the picture large on the left, what is known of it beside it.
  return (
    <Grid gutter="lg" data-testid="image-result" data-status={image.status}>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">{state}</Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="sm">
          {header}
          {actions}
          <ImageTags key={image.id} id={image.id} tags={image.tags} />
          <Block label={t("detail.userPrompt")} copy={image.userPrompt}>
            {image.userPrompt}
          </Block>
          {image.enhancedPrompt && (
            <Block label={t("detail.enhancedPrompt")} copy={image.enhancedPrompt}>
              {image.enhancedPrompt}
            </Block>
          )}
          {image.finalPrompt && image.finalPrompt !== image.enhancedPrompt && (
            <Block label={t("detail.finalPrompt")} copy={image.finalPrompt}>
              {image.finalPrompt}
            </Block>
          )}
          {revised}
          {image.overlay && (
            <Block label={t("detail.overlayText")}>
              <Text size="sm">
                {image.overlay.artist
                  ? t("detail.overlayTitleArtist", {
                      title: image.overlay.title,
                      artist: image.overlay.artist,
                    })
                  : image.overlay.title}
              </Text>
              {image.source && (
                <Anchor component={Link} to={imagePreviewPath(image.source.id)} size="sm">
                  {t("detail.source", { title: image.source.title || t("untitled") })}
                </Anchor>
              )}
            </Block>
          )}
          <StyleList image={image} />
          <Text size="xs" c="dimmed">
            {t("detail.made", {
              created: formatDateTime(image.createdAt),
              model: image.model,
              enhance: t(`enhance.${image.enhance}`),
            })}
          </Text>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
