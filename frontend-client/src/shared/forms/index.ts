export { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";
export { focusFirstError } from "./focusFirstError";
