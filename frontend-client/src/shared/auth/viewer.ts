import { useQuery } from "urql";
import { graphql } from "@/gql";
import type { ViewerQuery } from "@/gql/graphql";
import { useContext } from "react";
import { SessionContext } from "./session";

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      id
      email
      firstName
      lastName
      artistName
      language
      pageSize
      isAdmin
      createdAt
      lastLoginAt
    }
  }
`);

export type Viewer = NonNullable<ViewerQuery["viewer"]>;

/** The signed-in user (null while loading or when signed out). Mutations returning a User refresh it. */
export function useViewer(): { viewer: Viewer | null; fetching: boolean } {
  const signedIn = useContext(SessionContext)?.signedIn ?? false; // no provider (unit tests): signed out
  const [{ data, fetching }] = useQuery({
    query: ViewerDocument,
    pause: !signedIn,
    requestPolicy: "cache-first",
  });
  return { viewer: signedIn ? (data?.viewer ?? null) : null, fetching };
}
