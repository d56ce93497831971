export { RequireSession } from "./RequireSession";
export { paths, here, signInPath, safeNext } from "./paths";
