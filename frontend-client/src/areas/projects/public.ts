// What other areas use of the projects area: where a project's page is.
export { LIST_PATH as projectsPath, projectPath } from "./paths";
