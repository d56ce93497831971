import {
  Alert,
  Box,
  Button,
  Checkbox,
  ColorInput,
  Fieldset,
  Group,
  Image,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useElementSize, useViewportSize } from "@mantine/hooks";
import { IconArrowBackUp, IconCheck, IconPhoto, IconPhotoSearch } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import type { ImageFieldsFragment, OverlayFont } from "@/gql/graphql";
import { useViewer } from "@/shared/auth";
import { CharCount, useFocusFirstError, useResultInAddress } from "@/shared/forms";
import { describeError, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import { GeneratorLayout } from "@/shared/layout/GeneratorLayout";
import { Loading } from "@/shared/layout/Loading";
import { ImageDetail } from "../components/ImageDetail";
import { ImagePicker } from "../components/ImagePicker";
import { ImagesTabs } from "../components/ImagesTabs";
import { OverlayCanvas, type CanvasMarker } from "../components/OverlayCanvas";
import { OverlayPosition } from "../components/OverlayPosition";
import { OverlaySize } from "../components/OverlaySize";
import { useImage } from "../components/useImage";
import { useOverlayPreview } from "../components/useOverlayPreview";
import {
  DEFAULTS,
  FONTS,
  hasTitle,
  LIMITS,
  overlayErrorField,
  overlayInput,
  pointOf,
  previewWidth,
  shownWidth as shownWidthIn,
  valuesFromOverlay,
  type Line,
  type OverlayFormValues,
} from "../lib/overlayForm";
import { imageOverlayCreateDocument, imageOverlaySettingsDocument } from "../operations";
import { OVERLAY_PATH } from "../paths";

const SWATCHES = ["#FFFFFF", "#000000", "#FFD700", "#E03131", "#1C7ED6", "#2F9E44", "#F08C00", "#AE3EC9"];
/** The picture is shown at most this share of the window's height, so that it stays in view whole. */
const PICTURE_MAX_HEIGHT = 0.66;

type FieldErrors = Partial<Record<keyof OverlayFormValues, string>>;

/** userErrors as the fields they name and the rest as one line. */
function sortErrors(
  errors: readonly UserErrorLike[],
  text: (error: UserErrorLike) => string,
): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const error of errors) {
    const field = overlayErrorField(error.field);
    if (field) fields[field] ??= text(error);
    else general.push(text(error));
  }
  return { fields, general: general.length ? general.join(" ") : null };
}

function FontControl({
  label,
  value,
  onChange,
}: {
  label: string;
  value: OverlayFont;
  onChange(font: OverlayFont): void;
}) {
  const { t } = useTranslation("images");
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id="overlay-font">
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby="overlay-font"
        value={value}
        onChange={(next) => onChange(next as OverlayFont)}
        data={FONTS.map((font) => ({ value: font, label: t(`overlay.font.${font}`) }))}
        size="xs"
        style={{ alignSelf: "flex-start" }}
      />
    </Stack>
  );
}

/** The chosen image, small, with a way to choose another. */
function SourceCard({ image, onChange }: { image: ImageFieldsFragment; onChange(): void }) {
  const { t } = useTranslation("images");
  return (
    <Paper withBorder radius="md" p="xs">
      <Group gap="sm" wrap="nowrap">
        <Image src={image.thumbnailUrl ?? image.url} alt="" w={56} h={56} fit="contain" radius="sm" />
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="xs" c="dimmed">
            {t("overlay.source")}
          </Text>
          <Text size="sm" fw={500} truncate data-testid="overlay-source-title">
            {image.title || t("untitled")}
          </Text>
          <Text size="xs" c="dimmed">
            {t("detail.pixels", { width: image.width, height: image.height })}
          </Text>
        </Stack>
        <Button variant="default" size="xs" leftSection={<IconPhotoSearch size={14} />} onClick={onChange}>
          {t("overlay.pick.change")}
        </Button>
      </Group>
    </Paper>
  );
}

function Editor({
  image,
  madeId,
  initial,
  onChangeImage,
}: {
  image: ImageFieldsFragment & { url: string; width: number; height: number };
  madeId: string | null;
  /** The settings of the overlay the address showed when the page opened (to go on from), else null. */
  initial: OverlayFormValues | null;
  onChangeImage(): void;
}) {
  const { t } = useTranslation("images");
  const errorText = useUserErrorText("images", "overlay.userError");
  const { viewer } = useViewer();
  const formRef = useRef<HTMLFormElement>(null);
  const focusError = useFocusFirstError(formRef);
  // The result column shows the live preview, or the image Apply made until the settings change again.
  const [view, setView] = useState<"preview" | "made">(madeId ? "made" : "preview");
  const form = useForm<OverlayFormValues>({
    initialValues: initial ?? { ...DEFAULTS, artist: viewer?.artistName ?? "" },
    onValuesChange: () => setView("preview"),
  });
  const values = form.values;
  const input = overlayInput(values);
  // The settings of the last overlay made (or shown from the address): the same again is nothing to lose.
  const [applied, setApplied] = useState<string | null>(initial && JSON.stringify(overlayInput(initial)));
  const dirty = hasTitle(values) && JSON.stringify(input) !== applied;
  const show = useResultInAddress("made", madeId, dirty);
  const create = useFormMutation(imageOverlayCreateDocument);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [clickLine, setClickLine] = useState<Line>("title");

  // The picture fills the column, within the window's height; the preview is asked for at that size.
  const { ref: panel, width: panelWidth } = useElementSize();
  const { height: viewportHeight } = useViewportSize();
  const aspect = image.width / image.height;
  const shownWidth = panelWidth
    ? shownWidthIn(Math.min(panelWidth, Math.max(240, (viewportHeight || 800) * PICTURE_MAX_HEIGHT) * aspect))
    : 0;
  const shownHeight = Math.round(shownWidth / aspect);
  const width = previewWidth(shownWidth, window.devicePixelRatio);
  const preview = useOverlayPreview(image.id, hasTitle(values) && shownWidth > 0 ? input : null, width);
  const previewErrors = sortErrors(preview.userErrors, errorText);
  const errorOf = (field: keyof OverlayFormValues): string | undefined =>
    (form.errors[field] as string | undefined) ?? previewErrors.fields[field];

  const artistHasText = !!values.artist.trim();
  const ownArtistPlace = artistHasText && !values.artistBelow;
  const line: Line = ownArtistPlace ? clickLine : "title";
  const markers: CanvasMarker[] = [{ label: t("overlay.title.legend"), ...pointOf(values.titlePosition) }];
  if (ownArtistPlace) markers.push({ label: t("overlay.artist.legend"), ...pointOf(values.artistPosition) });
  const sameColours = values.artistColor === null && values.artistOutlineColor === null;

  const apply = form.onSubmit(async (submitted) => {
    setApplyError(null);
    if (!hasTitle(submitted)) {
      form.setFieldError("title", t("overlay.validation.titleRequired"));
      focusError();
      return;
    }
    const settings = overlayInput(submitted);
    const { data } = await create.submit({ input: { imageId: image.id, ...settings } });
    const payload = data?.imageOverlayCreate;
    if (!payload) return;
    const problems = sortErrors(payload.userErrors, errorText);
    if (Object.keys(problems.fields).length) {
      form.setErrors(problems.fields);
      focusError();
    }
    setApplyError(problems.general);
    if (payload.image) {
      setApplied(JSON.stringify(settings));
      show(payload.image.id);
      setView("made");
    }
  });

  const status = !hasTitle(values)
    ? t("overlay.preview.needsTitle")
    : previewErrors.general
      ? previewErrors.general
      : Object.keys(previewErrors.fields).length
        ? t("overlay.preview.fixFields")
        : preview.current
          ? t("overlay.preview.current")
          : t("overlay.preview.updating");

  const result = (
    <Box ref={panel}>
      {view === "made" && madeId ? (
        <Stack gap="sm">
          <ImageDetail key={madeId} id={madeId} variant="generator" />
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconArrowBackUp size={14} />}
            onClick={() => setView("preview")}
            style={{ alignSelf: "flex-start" }}
          >
            {t("overlay.backToPreview")}
          </Button>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Text fw={600}>{t("overlay.preview.title")}</Text>
            {ownArtistPlace && (
              <SegmentedControl
                size="xs"
                aria-label={t("overlay.preview.clickPlaces")}
                value={clickLine}
                onChange={(next) => setClickLine(next as Line)}
                data={[
                  { value: "title", label: t("overlay.preview.clickTitle") },
                  { value: "artist", label: t("overlay.preview.clickArtist") },
                ]}
              />
            )}
            {madeId && (
              <Button variant="subtle" size="compact-xs" onClick={() => setView("made")}>
                {t("overlay.showMade")}
              </Button>
            )}
          </Group>
          {shownWidth > 0 && (
            <OverlayCanvas
              src={hasTitle(values) && preview.picture ? preview.picture.dataUrl : image.url}
              alt={t("overlay.preview.alt", { title: values.title.trim() || image.title || t("untitled") })}
              width={shownWidth}
              height={shownHeight}
              loading={preview.loading}
              current={hasTitle(values) && preview.current}
              kind={hasTitle(values) && preview.picture ? "preview" : "source"}
              markers={markers}
              onPlace={(point) =>
                form.setFieldValue(line === "title" ? "titlePosition" : "artistPosition", point)
              }
            />
          )}
          <Text
            size="xs"
            c={previewErrors.general ? "red" : "dimmed"}
            data-testid="overlay-preview-status"
            aria-live="polite"
          >
            {status}
            {hasTitle(values) &&
              ` ${t(line === "title" ? "overlay.preview.clickHintTitle" : "overlay.preview.clickHintArtist")}`}
          </Text>
          {preview.error && (
            <Alert color="red" role="alert" p="xs" title={t("overlay.preview.failed")}>
              {describeError(preview.error, t)}
            </Alert>
          )}
        </Stack>
      )}
    </Box>
  );

  return (
    <GeneratorLayout
      wideResult
      resultLabel={t("overlay.resultLabel")}
      emptyIcon={<IconPhoto size={36} stroke={1.3} />}
      emptyText={t("overlay.preview.needsTitle")}
      result={result}
      form={
        <form ref={formRef} onSubmit={apply} noValidate aria-label={t("overlay.formLabel")}>
          <Stack gap="sm">
            <SourceCard image={image} onChange={onChangeImage} />
            <TextInput
              label={t("overlay.fields.title")}
              description={
                <>
                  {t("overlay.fields.titleHint")} · <CharCount value={values.title} max={LIMITS.title} />
                </>
              }
              required
              data-autofocus
              {...form.getInputProps("title")}
              error={errorOf("title")}
            />
            <TextInput
              label={t("overlay.fields.artist")}
              description={
                <>
                  {t("overlay.fields.artistHint")} · <CharCount value={values.artist} max={LIMITS.artist} />
                </>
              }
              {...form.getInputProps("artist")}
              error={errorOf("artist")}
            />
            <FontControl
              label={t("overlay.fields.font")}
              value={values.font}
              onChange={(font) => form.setFieldValue("font", font)}
            />

            <Fieldset legend={t("overlay.title.legend")} radius="md" p="sm">
              <Stack gap="sm">
                <OverlayPosition
                  label={t("overlay.title.position")}
                  value={values.titlePosition}
                  onChange={(position) => form.setFieldValue("titlePosition", position)}
                  error={errorOf("titlePosition")}
                />
                <OverlaySize
                  label={t("overlay.title.size")}
                  value={values.titleSize}
                  imageHeight={image.height}
                  onChange={(size) => form.setFieldValue("titleSize", size)}
                  error={errorOf("titleSize")}
                />
                <SimpleGrid cols={2} spacing="sm">
                  <ColorInput
                    label={t("overlay.title.color")}
                    format="hex"
                    swatches={SWATCHES}
                    withEyeDropper={false}
                    fixOnBlur={false}
                    {...form.getInputProps("titleColor")}
                    error={errorOf("titleColor")}
                  />
                  <ColorInput
                    label={t("overlay.title.outline")}
                    format="hex"
                    swatches={SWATCHES}
                    withEyeDropper={false}
                    fixOnBlur={false}
                    {...form.getInputProps("titleOutlineColor")}
                    error={errorOf("titleOutlineColor")}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={t("overlay.artist.legend")} radius="md" p="sm" disabled={!artistHasText}>
              <Stack gap="sm">
                {!artistHasText && (
                  <Text size="xs" c="dimmed">
                    {t("overlay.artist.none")}
                  </Text>
                )}
                <Switch
                  label={t("overlay.artist.below")}
                  description={t("overlay.artist.belowHint")}
                  checked={values.artistBelow}
                  onChange={(e) => form.setFieldValue("artistBelow", e.currentTarget.checked)}
                />
                {!values.artistBelow && (
                  <OverlayPosition
                    label={t("overlay.artist.position")}
                    value={values.artistPosition}
                    onChange={(position) => form.setFieldValue("artistPosition", position)}
                    error={errorOf("artistPosition")}
                  />
                )}
                <OverlaySize
                  label={t("overlay.artist.size")}
                  value={values.artistSize}
                  imageHeight={image.height}
                  onChange={(size) => form.setFieldValue("artistSize", size)}
                  error={errorOf("artistSize")}
                />
                <Select
                  label={t("overlay.artist.font")}
                  value={values.artistFont ?? "same"}
                  allowDeselect={false}
                  onChange={(value) =>
                    form.setFieldValue(
                      "artistFont",
                      !value || value === "same" ? null : (value as OverlayFont),
                    )
                  }
                  data={[
                    { value: "same", label: t("overlay.artist.sameFont") },
                    ...FONTS.map((font) => ({ value: font, label: t(`overlay.font.${font}`) })),
                  ]}
                  comboboxProps={{ withinPortal: true }}
                />
                <Checkbox
                  label={t("overlay.artist.sameColours")}
                  checked={sameColours}
                  onChange={(e) =>
                    form.setValues(
                      e.currentTarget.checked
                        ? { artistColor: null, artistOutlineColor: null }
                        : { artistColor: values.titleColor, artistOutlineColor: values.titleOutlineColor },
                    )
                  }
                />
                {!sameColours && (
                  <SimpleGrid cols={2} spacing="sm">
                    <ColorInput
                      label={t("overlay.artist.color")}
                      format="hex"
                      swatches={SWATCHES}
                      withEyeDropper={false}
                      fixOnBlur={false}
                      value={values.artistColor ?? values.titleColor}
                      onChange={(color) => form.setFieldValue("artistColor", color)}
                      error={errorOf("artistColor")}
                    />
                    <ColorInput
                      label={t("overlay.artist.outline")}
                      format="hex"
                      swatches={SWATCHES}
                      withEyeDropper={false}
                      fixOnBlur={false}
                      value={values.artistOutlineColor ?? values.titleOutlineColor}
                      onChange={(color) => form.setFieldValue("artistOutlineColor", color)}
                      error={errorOf("artistOutlineColor")}
                    />
                  </SimpleGrid>
                )}
              </Stack>
            </Fieldset>

            {applyError && (
              <Alert color="red" role="alert">
                {applyError}
              </Alert>
            )}
            <Group gap="sm" align="center" wrap="nowrap">
              <Button type="submit" leftSection={<IconCheck size={18} />} loading={create.fetching}>
                {t("overlay.apply")}
              </Button>
              <Text size="xs" c="dimmed" style={{ flex: 1 }}>
                {t("overlay.applyNote")}
              </Text>
            </Group>
          </Stack>
        </form>
      }
    />
  );
}

/** The image the address names: the editor once it is read and drawn, else why not. */
function EditorFor({
  imageId,
  madeId,
  onChangeImage,
}: {
  imageId: string;
  madeId: string | null;
  onChangeImage(): void;
}) {
  const { t } = useTranslation("images");
  const { image, error, loaded } = useImage(imageId);
  // An overlay made before (?made=… when the page opened: after a reload, or from the gallery): the editor starts
  // from its settings. Overlays made here later change the address, not where the editor started.
  const [startMade] = useState(madeId);
  const [made] = useQuery({
    query: imageOverlaySettingsDocument,
    variables: { id: startMade ?? "" },
    pause: !startMade,
  });
  const node = made.data?.node?.__typename === "Image" ? made.data.node : null;
  if (!image || (startMade && !made.data && !made.error)) {
    if (!loaded || image) return <Loading error={error} />;
    return (
      <Alert color="red" role="alert" title={t("overlay.missing.title")}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t("overlay.missing.text")}</Text>
          <Button variant="default" size="xs" onClick={onChangeImage}>
            {t("overlay.pick.change")}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const { url, width, height } = image;
  if (image.status !== "SUCCEEDED" || !url || !width || !height) {
    return (
      <Alert color="yellow" role="alert" title={t("overlay.notReady.title")}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t("overlay.notReady.text", { status: t(`status.${image.status}`) })}</Text>
          <Button variant="default" size="xs" onClick={onChangeImage}>
            {t("overlay.pick.change")}
          </Button>
        </Stack>
      </Alert>
    );
  }
  const initial = node?.overlay && node.source?.id === image.id ? valuesFromOverlay(node.overlay) : null;
  return (
    <Editor
      image={{ ...image, url, width, height }}
      madeId={madeId}
      initial={initial}
      onChangeImage={onChangeImage}
    />
  );
}

/**
 * /images/overlay: a title and an artist written onto one of the user's images as a new image. ?image=<id> is the
 * image (else the page lists them to choose from), ?made=<id> the overlay Apply made from it (a reload shows it, and
 * the editor goes on from its settings).
 */
export default function ImageOverlayPage() {
  const { t } = useTranslation("images");
  const [params, setParams] = useSearchParams();
  const imageId = params.get("image");
  const madeId = params.get("made");
  const choose = (id: string | null) =>
    setParams(id ? new URLSearchParams({ image: id }) : new URLSearchParams());
  return (
    <Stack gap="md">
      <ImagesTabs current={OVERLAY_PATH} />
      <Title order={1} size="h2">
        {t("overlay.heading")}
      </Title>
      {imageId ? (
        <EditorFor key={imageId} imageId={imageId} madeId={madeId} onChangeImage={() => choose(null)} />
      ) : (
        <ImagePicker onPick={choose} />
      )}
    </Stack>
  );
}
