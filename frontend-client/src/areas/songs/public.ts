// What other areas use of the songs area: where the generator is (a sketch's "Make a song" opens it).
export { newSongPath } from "./paths";
