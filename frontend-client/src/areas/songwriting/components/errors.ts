import { useUserErrorText } from "@/shared/graphql/useUserErrorText";

/** A songwriting userError as text (the server's words in English; the code's translation otherwise). */
export function useSongwritingErrorText() {
  return useUserErrorText("songwriting");
}
