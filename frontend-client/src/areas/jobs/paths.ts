export const jobsPath = "/jobs";
