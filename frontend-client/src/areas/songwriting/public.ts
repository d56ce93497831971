// What other areas use of the songwriting area: the addresses of the lyric editor and the style prompt editor.
export { lyricsPath, stylePromptPath } from "./paths";
