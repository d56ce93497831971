import { graphql } from "@/gql";

/** Everything the jobs pages show of a job, results of the kinds they know included. */
export const jobFieldsFragment = graphql(`
  fragment JobFields on Job {
    id
    kind
    status
    progress
    message
    attempts
    maxAttempts
    cancelRequested
    error {
      code
      message
    }
    createdAt
    updatedAt
    startedAt
    finishedAt
    result {
      __typename
      summary
      ... on DataExport {
        filename
        sizeBytes
        downloadUrl
        expiresAt
        exportSections: sections {
          name
          exported
        }
      }
      ... on DataImportResult {
        importSections: sections {
          name
          created
          skipped
        }
        notices
      }
      ... on ChatReplyResult {
        promptTokens
        completionTokens
      }
    }
  }
`);

export const jobsDocument = graphql(`
  query Jobs($filter: JobFilter, $orderBy: JobOrder, $first: Int, $after: String) {
    jobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      nodes {
        ...JobFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The tray: what is running (with how many), and the last few that ended. */
export const jobsTrayDocument = graphql(`
  query JobsTray($recent: Int!) {
    running: jobs(filter: { status: [QUEUED, RUNNING] }, first: 20) {
      totalCount
      nodes {
        ...JobFields
      }
    }
    recent: jobs(filter: { status: [SUCCEEDED, FAILED, CANCELLED] }, first: $recent) {
      nodes {
        ...JobFields
      }
    }
  }
`);

export const jobProgressDocument = graphql(`
  subscription JobProgress($id: ID!) {
    jobProgress(id: $id) {
      ...JobFields
    }
  }
`);

export const jobDocument = graphql(`
  query Job($id: ID!) {
    node(id: $id) {
      ... on Job {
        ...JobFields
      }
    }
  }
`);

export const jobCancelDocument = graphql(`
  mutation JobCancel($input: JobIdInput!) {
    jobCancel(input: $input) {
      job {
        ...JobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
