// What other areas use of the songs area: where the generator is (a sketch's "Make a song" opens it) and where a
// song is shown (a project folder links its songs).
export { newSongPath, songDetailPath } from "./paths";
