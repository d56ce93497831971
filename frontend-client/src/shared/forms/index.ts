export { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";
export { focusFirstError, useFocusFirstError } from "./focusFirstError";
