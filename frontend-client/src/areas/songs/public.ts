// What other areas use of the songs area: where the generator is (a sketch's "Make a song" opens it) and what it
// may be handed (the lyric editor's lyrics).
export { NEW_PATH as NEW_SONG_PATH, newSongPath, type NewSongState } from "./paths";
