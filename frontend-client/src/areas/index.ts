// The area registry: ONE line per area, `export { default as <name> } from "./<name>";`.
// Keep every line when merging.
export { default as accounts } from "./accounts";
export { default as chat } from "./chat";
export { default as sketches } from "./sketches";
export { default as songs } from "./songs";
export { default as prompt_templates } from "./prompt_templates";
export { default as jobs } from "./jobs";
export { default as data_transfer } from "./data_transfer";
export { default as images } from "./images";
export { default as songwriting } from "./songwriting";
export { default as costs } from "./costs";
export { default as projects } from "./projects";
export { default as equipment } from "./equipment";
