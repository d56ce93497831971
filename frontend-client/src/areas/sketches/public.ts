// What other areas use of the sketches area: the sketch pages' addresses, how an AI answer becomes a title, and
// how tags are cleaned as the API keeps them.
export { cleanTitle } from "./lib/sketchForm";
export { cleanTags } from "./lib/tags";
export { detailPath as sketchDetailPath, editPath as sketchEditPath } from "./paths";
