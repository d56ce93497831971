import { useCallback, useMemo } from "react";
import { useQuery } from "urql";
import type { SongFieldsFragment } from "@/gql/graphql";
import { songDocument } from "../operations";

/** One song (with its job and choices), and `refresh()` to read it again from the server. */
export function useSong(id: string | null) {
  // Refreshed by any mutation that returns a song or a choice (rating, stems, edits).
  const context = useMemo(() => ({ additionalTypenames: ["Song", "SongChoice"] }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: songDocument,
    variables: { id: id ?? "" },
    pause: !id,
    context,
  });
  const song = data?.node?.__typename === "Song" ? (data.node as SongFieldsFragment) : null;
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  return { song, fetching, error, loaded: !!data, refresh };
}
