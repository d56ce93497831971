import { useUserErrorText } from "@/shared/graphql/useUserErrorText";
import type { UserErrorLike } from "@/shared/graphql/errors";

/** A userError as text, in German with the songs area's own words for its codes (INSUFFICIENT_BALANCE …). */
export function useSongErrorText(): (error: UserErrorLike) => string {
  return useUserErrorText("songs");
}
