import { useCallback } from "react";
import { useClient, useQuery } from "urql";
import type { ImageFieldsFragment } from "@/gql/graphql";
import { imageDocument } from "../operations";

// Refreshed by any mutation that returns an image. One object for every hook, so every reader of an image
// shares one operation.
const CONTEXT = { additionalTypenames: ["Image"] };

/** One image (with its job), and `refresh()` to read it again from the server. */
export function useImage(id: string | null) {
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({
    query: imageDocument,
    variables: { id: id ?? "" },
    pause: !id,
    context: CONTEXT,
  });
  const image = data?.node?.__typename === "Image" ? (data.node as ImageFieldsFragment) : null;
  // A one-off request with the same key: its result reaches every reader (see songs' useSong).
  const refresh = useCallback(() => {
    if (id)
      void client.query(imageDocument, { id }, { ...CONTEXT, requestPolicy: "network-only" }).toPromise();
  }, [client, id]);
  return { image, fetching, error, loaded: !!data, refresh };
}
