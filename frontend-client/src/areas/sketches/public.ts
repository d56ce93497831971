// What other areas use of the sketches area: the sketch pages' addresses and how an AI answer becomes a title.
export { cleanTitle } from "./lib/sketchForm";
export { detailPath as sketchDetailPath, editPath as sketchEditPath } from "./paths";
