// What other areas use of the songs area: where the generator is (a sketch's "Make a song" opens it), what it
// may be handed (the lyric editor's lyrics) and where a song is shown (a project folder links its songs).
export { NEW_PATH as NEW_SONG_PATH, newSongPath, songDetailPath, type NewSongState } from "./paths";
