import { useCallback } from "react";
import { useClient, useQuery } from "urql";
import type { SongFieldsFragment } from "@/gql/graphql";
import { songDocument } from "../operations";

// Refreshed by any mutation that returns a song or a choice (rating, stems, edits). One object for every
// hook, so every reader of a song shares one operation.
const CONTEXT = { additionalTypenames: ["Song", "SongChoice"] };

/** One song (with its job and choices), and `refresh()` to read it again from the server. */
export function useSong(id: string | null) {
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({
    query: songDocument,
    variables: { id: id ?? "" },
    pause: !id,
    context: CONTEXT,
  });
  const song = data?.node?.__typename === "Song" ? (data.node as SongFieldsFragment) : null;
  // A one-off request with the same key: its result reaches every reader of the song, whose subscriptions
  // stay as they are (re-executing the hook's own query would swap them, and a result can be lost between).
  const refresh = useCallback(() => {
    if (id)
      void client.query(songDocument, { id }, { ...CONTEXT, requestPolicy: "network-only" }).toPromise();
  }, [client, id]);
  return { song, fetching, error, loaded: !!data, refresh };
}
