export { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";
export { focusFirstError, useFocusFirstError } from "./focusFirstError";
export { InlineTitle, type InlineTitleProps } from "./InlineTitle";
export { CharCount } from "./CharCount";
export { useResultInAddress } from "./useResultInAddress";
export { cleanTags } from "./tags";
export { SavedTags, type SaveTags, type SavedTagsProps } from "./SavedTags";
