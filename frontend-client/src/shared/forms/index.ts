export { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";
