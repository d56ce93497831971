import { Box, Loader } from "@mantine/core";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { clickedPoint } from "../lib/overlayForm";

export interface CanvasMarker {
  /** Says which line's point this is ("Title"). */
  label: string;
  x: number;
  y: number;
}

/**
 * The picture being edited at `width` × `height` CSS pixels: the server's preview (or the image itself until there
 * is one); a click on it places the chosen line there. Markers show each line's point; a loader shows while the
 * next preview is drawn (the last one stays in view meanwhile).
 */
export function OverlayCanvas({
  src,
  alt,
  width,
  height,
  loading,
  current,
  kind,
  markers,
  onPlace,
}: {
  src: string;
  alt: string;
  width: number;
  height: number;
  loading: boolean;
  /** The picture shows the settings as they are now. */
  current: boolean;
  /** "preview": the server's preview; "source": the image without text (no title yet). */
  kind: "preview" | "source";
  markers: CanvasMarker[];
  onPlace(point: { x: number; y: number }): void;
}) {
  const { t } = useTranslation("images");
  const place = (event: MouseEvent<HTMLImageElement>) =>
    onPlace(clickedPoint(event.currentTarget.getBoundingClientRect(), event.clientX, event.clientY));
  return (
    <Box pos="relative" w={width} h={height} mx="auto" style={{ flexShrink: 0 }}>
      <img
        src={src}
        alt={alt}
        width={width}
        height={height}
        onClick={place}
        draggable={false}
        data-testid="overlay-preview"
        data-kind={kind}
        data-current={current ? "true" : "false"}
        style={{
          display: "block",
          width,
          height,
          cursor: "crosshair",
          borderRadius: "var(--mantine-radius-sm)",
          userSelect: "none",
        }}
      />
      {markers.map((marker) => (
        <Box
          key={marker.label}
          pos="absolute"
          left={`${marker.x * 100}%`}
          top={`${marker.y * 100}%`}
          w={14}
          h={14}
          title={marker.label}
          aria-hidden
          data-testid="overlay-marker"
          style={{
            transform: "translate(-50%, -50%)",
            borderRadius: "50%",
            border: "2px solid var(--mantine-color-white)",
            boxShadow: "0 0 0 1px var(--mantine-color-black)",
            pointerEvents: "none",
          }}
        />
      ))}
      {loading && (
        <Box
          pos="absolute"
          top={8}
          right={8}
          p={4}
          bg="var(--mantine-color-body)"
          style={{ borderRadius: "var(--mantine-radius-xl)", lineHeight: 0 }}
        >
          <Loader size="xs" aria-label={t("overlay.preview.updating")} />
        </Box>
      )}
    </Box>
  );
}
