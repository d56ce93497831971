import { Alert, Stack } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import type { SongwritingSketchFieldsFragment } from "@/gql/graphql";
import { Loading } from "@/shared/layout/Loading";
import { songwritingSketchDocument } from "../operations";

/**
 * A page that starts from a sketch (`?sketch=<id>`): the sketch read once, then `children` with it (or null when
 * there is none, or it was not found, which is said). A sketch id given later does not reload it.
 */
export function FromSketch({
  sketchId: given,
  children,
}: {
  sketchId: string | null;
  children(sketch: SongwritingSketchFieldsFragment | null): ReactNode;
}) {
  const { t } = useTranslation("songwriting");
  const [sketchId] = useState(given);
  const [{ data, error }] = useQuery({
    query: songwritingSketchDocument,
    variables: { id: sketchId ?? "" },
    pause: !sketchId,
    requestPolicy: "network-only",
  });
  if (sketchId && !data && !error) return <Loading />;
  const node = data?.node?.__typename === "Sketch" ? data.node : null;
  return (
    <Stack gap="sm">
      {sketchId && !node && (
        <Alert color="yellow" role="alert">
          {t("sketch.missing")}
        </Alert>
      )}
      {children(node)}
    </Stack>
  );
}
