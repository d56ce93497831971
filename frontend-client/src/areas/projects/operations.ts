import { graphql } from "@/gql";

/** The userErrors every projects mutation returns. */
export const projectUserErrorFieldsFragment = graphql(`
  fragment ProjectUserErrorFields on UserError {
    field
    message
    code
  }
`);

/** What the list's card and the detail's header show of a project. */
export const projectCardFieldsFragment = graphql(`
  fragment ProjectCardFields on Project {
    id
    name
    tags
    description
    totalFiles
    totalSizeBytes
    createdAt
    updatedAt
    coverImage {
      id
      thumbnailUrl
    }
  }
`);

export const projectFolderFieldsFragment = graphql(`
  fragment ProjectFolderFields on ProjectFolder {
    id
    name
    kind
    position
  }
`);

export const projectFileFieldsFragment = graphql(`
  fragment ProjectFileFields on ProjectFile {
    id
    relativePath
    filename
    fileType
    contentType
    sizeBytes
    sha256
    createdAt
    updatedAt
    downloadUrl
    folder {
      id
    }
  }
`);

export const projectListDocument = graphql(`
  query ProjectList($first: Int, $after: String, $filter: ProjectFilter, $orderBy: ProjectOrder) {
    projects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        ...ProjectCardFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const projectDocument = graphql(`
  query Project($id: ID!) {
    node(id: $id) {
      __typename
      ... on Project {
        ...ProjectCardFields
        folders {
          ...ProjectFolderFields
        }
      }
    }
  }
`);

export const projectFolderFilesDocument = graphql(`
  query ProjectFolderFiles(
    $id: ID!
    $first: Int
    $after: String
    $filter: ProjectFileFilter
    $orderBy: ProjectFileOrder
  ) {
    node(id: $id) {
      __typename
      ... on ProjectFolder {
        id
        files(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
          nodes {
            ...ProjectFileFields
          }
          pageInfo {
            hasNextPage
            endCursor
          }
          totalCount
        }
      }
    }
  }
`);

export const projectAssetFieldsFragment = graphql(`
  fragment ProjectAssetFields on ProjectAsset {
    kind
    assignedAt
    song {
      id
      title
      status
    }
    sketch {
      id
      title
    }
    image {
      id
      title
      thumbnailUrl
    }
  }
`);

export const projectFolderAssetsDocument = graphql(`
  query ProjectFolderAssets($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      ... on ProjectFolder {
        id
        assets(first: $first, after: $after) {
          nodes {
            ...ProjectAssetFields
          }
          pageInfo {
            hasNextPage
            endCursor
          }
          totalCount
        }
      }
    }
  }
`);

export const projectCreateDocument = graphql(`
  mutation ProjectCreate($input: ProjectCreateInput!) {
    projectCreate(input: $input) {
      project {
        ...ProjectCardFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectUpdateDocument = graphql(`
  mutation ProjectUpdate($input: ProjectUpdateInput!) {
    projectUpdate(input: $input) {
      project {
        ...ProjectCardFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectDeleteDocument = graphql(`
  mutation ProjectDelete($input: ProjectIdInput!) {
    projectDelete(input: $input) {
      deletedProjectId
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectUploadFieldsFragment = graphql(`
  fragment ProjectUploadFields on ProjectFileUpload {
    id
    relativePath
    sizeBytes
    sha256
    mode
    partSize
    partCount
    uploadedParts
  }
`);

export const projectUploadPartFieldsFragment = graphql(`
  fragment ProjectUploadPartFields on ProjectUploadPart {
    number
    offset
    sizeBytes
    url
    method
    headers {
      name
      value
    }
  }
`);

export const projectFileUploadCreateDocument = graphql(`
  mutation ProjectFileUploadCreate($input: ProjectFileUploadCreateInput!) {
    projectFileUploadCreate(input: $input) {
      upload {
        ...ProjectUploadFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

/** Signed requests for parts: the given numbers, or the first (at most 100) that storage does not hold yet. */
export const projectUploadPartsDocument = graphql(`
  query ProjectUploadParts($id: ID!, $numbers: [Int!]) {
    node(id: $id) {
      __typename
      ... on ProjectFileUpload {
        id
        parts(numbers: $numbers) {
          ...ProjectUploadPartFields
        }
      }
    }
  }
`);

export const projectFileUploadCompleteDocument = graphql(`
  mutation ProjectFileUploadComplete($input: ProjectFileUploadIdInput!) {
    projectFileUploadComplete(input: $input) {
      file {
        ...ProjectFileFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectFileUploadAbortDocument = graphql(`
  mutation ProjectFileUploadAbort($input: ProjectFileUploadIdInput!) {
    projectFileUploadAbort(input: $input) {
      abortedUploadId
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectFileMoveDocument = graphql(`
  mutation ProjectFileMove($input: ProjectFileMoveInput!) {
    projectFileMove(input: $input) {
      file {
        ...ProjectFileFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectFileDeleteDocument = graphql(`
  mutation ProjectFileDelete($input: ProjectFileIdInput!) {
    projectFileDelete(input: $input) {
      deletedFileId
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectFileBulkDeleteDocument = graphql(`
  mutation ProjectFileBulkDelete($input: ProjectFileBulkDeleteInput!) {
    projectFileBulkDelete(input: $input) {
      results {
        id
        deleted
        error {
          ...ProjectUserErrorFields
        }
      }
      deletedCount
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectAssetAssignDocument = graphql(`
  mutation ProjectAssetAssign($input: ProjectAssetInput!) {
    projectAssetAssign(input: $input) {
      asset {
        ...ProjectAssetFields
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

export const projectAssetUnassignDocument = graphql(`
  mutation ProjectAssetUnassign($input: ProjectAssetInput!) {
    projectAssetUnassign(input: $input) {
      folder {
        id
      }
      userErrors {
        ...ProjectUserErrorFields
      }
    }
  }
`);

/** What the asset picker offers: the viewer's songs, sketches or images matching a search. */
export const projectAssetChoicesDocument = graphql(`
  query ProjectAssetChoices($search: String, $songs: Boolean!, $sketches: Boolean!, $images: Boolean!) {
    songs(first: 20, filter: { search: $search }) @include(if: $songs) {
      nodes {
        id
        title
      }
    }
    sketches(first: 20, filter: { search: $search }) @include(if: $sketches) {
      nodes {
        id
        title
      }
    }
    images(first: 20, filter: { search: $search }) @include(if: $images) {
      nodes {
        id
        title
      }
    }
  }
`);
