// What other areas use of the data transfer area: sending bytes to a signed URL with upload progress.
export { sendFile, UploadError, type UploadFailure, type UploadTarget } from "./upload";
