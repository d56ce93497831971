// What other areas use to show and follow jobs (e.g. data_transfer's export and import). The jobs area
// owns how a job looks; an area that starts jobs renders them with JobCard and follows them with useLiveJob.
export { JobCard } from "./components/JobCard";
export { JobProgressBar, JobStatusBadge } from "./components/JobProgress";
export { ExportResultView, ImportResultView } from "./components/JobResult";
export { isActive, isTerminal, formatDuration, progressPercent } from "./format";
export { useCancelJob, useLiveJob, useNow, type JobFields } from "./hooks";
export { jobDocument, jobFieldsFragment, jobsDocument } from "./operations";
export { jobsPath } from "./paths";
export { jobsSearch } from "./search";
