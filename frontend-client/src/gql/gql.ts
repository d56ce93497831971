/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ServerInfo {\n    serverInfo {\n      firstRun\n      registrationOpen\n    }\n  }\n": typeof types.ServerInfoDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n        email\n        isAdmin\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation ViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ViewerUpdateDocument,
    "\n  mutation PasswordChange($input: PasswordChangeInput!) {\n    passwordChange(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PasswordChangeDocument,
    "\n  mutation DataExportCreate($input: DataExportCreateInput) {\n    dataExportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.DataExportCreateDocument,
    "\n  mutation UploadCreate($input: UploadCreateInput!) {\n    uploadCreate(input: $input) {\n      upload {\n        id\n        url\n        method\n        headers {\n          name\n          value\n        }\n        expiresAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UploadCreateDocument,
    "\n  mutation DataImportCreate($input: DataImportCreateInput!) {\n    dataImportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.DataImportCreateDocument,
    "\n  fragment JobFields on Job {\n    id\n    kind\n    status\n    progress\n    message\n    attempts\n    maxAttempts\n    cancelRequested\n    error {\n      code\n      message\n    }\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    result {\n      __typename\n      summary\n      ... on DataExport {\n        filename\n        sizeBytes\n        downloadUrl\n        expiresAt\n        exportSections: sections {\n          name\n          exported\n        }\n      }\n      ... on DataImportResult {\n        importSections: sections {\n          name\n          created\n          skipped\n        }\n      }\n      ... on ChatReplyResult {\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n": typeof types.JobFieldsFragmentDoc,
    "\n  query Jobs($filter: JobFilter, $orderBy: JobOrder, $first: Int, $after: String) {\n    jobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  query JobsTray($recent: Int!) {\n    running: jobs(filter: { status: [QUEUED, RUNNING] }, first: 20) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n    }\n    recent: jobs(filter: { status: [SUCCEEDED, FAILED, CANCELLED] }, first: $recent) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n": typeof types.JobsTrayDocument,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      ...JobFields\n    }\n  }\n": typeof types.JobProgressDocument,
    "\n  query Job($id: ID!) {\n    node(id: $id) {\n      ... on Job {\n        ...JobFields\n      }\n    }\n  }\n": typeof types.JobDocument,
    "\n  mutation JobCancel($input: JobIdInput!) {\n    jobCancel(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.JobCancelDocument,
    "\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ViewerLanguageUpdateDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation TestViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.TestViewerUpdateDocument,
    "\n  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {\n    sketches(first: $first, after: $after, filter: $filter) {\n      nodes {\n        id\n        title\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.TestSketchPageDocument,
};
const documents: Documents = {
    "\n  query ServerInfo {\n    serverInfo {\n      firstRun\n      registrationOpen\n    }\n  }\n": types.ServerInfoDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n        email\n        isAdmin\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation ViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ViewerUpdateDocument,
    "\n  mutation PasswordChange($input: PasswordChangeInput!) {\n    passwordChange(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PasswordChangeDocument,
    "\n  mutation DataExportCreate($input: DataExportCreateInput) {\n    dataExportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.DataExportCreateDocument,
    "\n  mutation UploadCreate($input: UploadCreateInput!) {\n    uploadCreate(input: $input) {\n      upload {\n        id\n        url\n        method\n        headers {\n          name\n          value\n        }\n        expiresAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UploadCreateDocument,
    "\n  mutation DataImportCreate($input: DataImportCreateInput!) {\n    dataImportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.DataImportCreateDocument,
    "\n  fragment JobFields on Job {\n    id\n    kind\n    status\n    progress\n    message\n    attempts\n    maxAttempts\n    cancelRequested\n    error {\n      code\n      message\n    }\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    result {\n      __typename\n      summary\n      ... on DataExport {\n        filename\n        sizeBytes\n        downloadUrl\n        expiresAt\n        exportSections: sections {\n          name\n          exported\n        }\n      }\n      ... on DataImportResult {\n        importSections: sections {\n          name\n          created\n          skipped\n        }\n      }\n      ... on ChatReplyResult {\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n": types.JobFieldsFragmentDoc,
    "\n  query Jobs($filter: JobFilter, $orderBy: JobOrder, $first: Int, $after: String) {\n    jobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.JobsDocument,
    "\n  query JobsTray($recent: Int!) {\n    running: jobs(filter: { status: [QUEUED, RUNNING] }, first: 20) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n    }\n    recent: jobs(filter: { status: [SUCCEEDED, FAILED, CANCELLED] }, first: $recent) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n": types.JobsTrayDocument,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      ...JobFields\n    }\n  }\n": types.JobProgressDocument,
    "\n  query Job($id: ID!) {\n    node(id: $id) {\n      ... on Job {\n        ...JobFields\n      }\n    }\n  }\n": types.JobDocument,
    "\n  mutation JobCancel($input: JobIdInput!) {\n    jobCancel(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.JobCancelDocument,
    "\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ViewerLanguageUpdateDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation TestViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.TestViewerUpdateDocument,
    "\n  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {\n    sketches(first: $first, after: $after, filter: $filter) {\n      nodes {\n        id\n        title\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.TestSketchPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerInfo {\n    serverInfo {\n      firstRun\n      registrationOpen\n    }\n  }\n"): (typeof documents)["\n  query ServerInfo {\n    serverInfo {\n      firstRun\n      registrationOpen\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n        email\n        isAdmin\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n        email\n        isAdmin\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PasswordChange($input: PasswordChangeInput!) {\n    passwordChange(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PasswordChange($input: PasswordChangeInput!) {\n    passwordChange(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DataExportCreate($input: DataExportCreateInput) {\n    dataExportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DataExportCreate($input: DataExportCreateInput) {\n    dataExportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadCreate($input: UploadCreateInput!) {\n    uploadCreate(input: $input) {\n      upload {\n        id\n        url\n        method\n        headers {\n          name\n          value\n        }\n        expiresAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UploadCreate($input: UploadCreateInput!) {\n    uploadCreate(input: $input) {\n      upload {\n        id\n        url\n        method\n        headers {\n          name\n          value\n        }\n        expiresAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DataImportCreate($input: DataImportCreateInput!) {\n    dataImportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DataImportCreate($input: DataImportCreateInput!) {\n    dataImportCreate(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobFields on Job {\n    id\n    kind\n    status\n    progress\n    message\n    attempts\n    maxAttempts\n    cancelRequested\n    error {\n      code\n      message\n    }\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    result {\n      __typename\n      summary\n      ... on DataExport {\n        filename\n        sizeBytes\n        downloadUrl\n        expiresAt\n        exportSections: sections {\n          name\n          exported\n        }\n      }\n      ... on DataImportResult {\n        importSections: sections {\n          name\n          created\n          skipped\n        }\n      }\n      ... on ChatReplyResult {\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment JobFields on Job {\n    id\n    kind\n    status\n    progress\n    message\n    attempts\n    maxAttempts\n    cancelRequested\n    error {\n      code\n      message\n    }\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    result {\n      __typename\n      summary\n      ... on DataExport {\n        filename\n        sizeBytes\n        downloadUrl\n        expiresAt\n        exportSections: sections {\n          name\n          exported\n        }\n      }\n      ... on DataImportResult {\n        importSections: sections {\n          name\n          created\n          skipped\n        }\n      }\n      ... on ChatReplyResult {\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs($filter: JobFilter, $orderBy: JobOrder, $first: Int, $after: String) {\n    jobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Jobs($filter: JobFilter, $orderBy: JobOrder, $first: Int, $after: String) {\n    jobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsTray($recent: Int!) {\n    running: jobs(filter: { status: [QUEUED, RUNNING] }, first: 20) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n    }\n    recent: jobs(filter: { status: [SUCCEEDED, FAILED, CANCELLED] }, first: $recent) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobsTray($recent: Int!) {\n    running: jobs(filter: { status: [QUEUED, RUNNING] }, first: 20) {\n      totalCount\n      nodes {\n        ...JobFields\n      }\n    }\n    recent: jobs(filter: { status: [SUCCEEDED, FAILED, CANCELLED] }, first: $recent) {\n      nodes {\n        ...JobFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      ...JobFields\n    }\n  }\n"): (typeof documents)["\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      ...JobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    node(id: $id) {\n      ... on Job {\n        ...JobFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    node(id: $id) {\n      ... on Job {\n        ...JobFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobCancel($input: JobIdInput!) {\n    jobCancel(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation JobCancel($input: JobIdInput!) {\n    jobCancel(input: $input) {\n      job {\n        ...JobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TestViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {\n    sketches(first: $first, after: $after, filter: $filter) {\n      nodes {\n        id\n        title\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {\n    sketches(first: $first, after: $after, filter: $filter) {\n      nodes {\n        id\n        title\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;