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
    "\n  fragment ChatConversationFields on Conversation {\n    id\n    title\n    model\n    provider\n    systemContext\n    archived\n    pinned\n    contextWindow\n    tokenCount\n    tokenUsage\n    messageCount\n    createdAt\n    updatedAt\n  }\n": typeof types.ChatConversationFieldsFragmentDoc,
    "\n  fragment ChatMessageFields on Message {\n    id\n    role\n    content\n    status\n    tokenCount\n    isSummary\n    archived\n    superseded\n    error {\n      code\n      message\n    }\n    createdAt\n  }\n": typeof types.ChatMessageFieldsFragmentDoc,
    "\n  query ChatConversationList(\n    $filter: ConversationFilter\n    $first: Int\n    $after: String\n    $orderBy: ConversationOrder\n  ) {\n    conversations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      nodes {\n        id\n        title\n        model\n        pinned\n        archived\n        updatedAt\n        messageCount\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ChatConversationListDocument,
    "\n  query ChatConversation($id: ID!, $last: Int, $before: String, $filter: MessageFilter) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        ...ChatConversationFields\n        messages(last: $last, before: $before, filter: $filter) {\n          nodes {\n            ...ChatMessageFields\n          }\n          pageInfo {\n            hasPreviousPage\n            startCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.ChatConversationDocument,
    "\n  query ChatModels($provider: Provider!) {\n    models(provider: $provider, first: 100) {\n      nodes {\n        name\n        contextWindow\n        isDefault\n      }\n    }\n  }\n": typeof types.ChatModelsDocument,
    "\n  mutation ChatConversationCreate($input: ConversationCreateInput!) {\n    conversationCreate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatConversationCreateDocument,
    "\n  mutation ChatConversationUpdate($input: ConversationUpdateInput!) {\n    conversationUpdate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatConversationUpdateDocument,
    "\n  mutation ChatConversationDelete($input: ConversationIdInput!) {\n    conversationDelete(input: $input) {\n      deletedConversationId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatConversationDeleteDocument,
    "\n  mutation ChatMessageSend($input: MessageSendInput!) {\n    messageSend(input: $input) {\n      userMessage {\n        ...ChatMessageFields\n      }\n      assistantMessage {\n        ...ChatMessageFields\n      }\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatMessageSendDocument,
    "\n  mutation ChatMessageStop($input: MessageIdInput!) {\n    messageStop(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatMessageStopDocument,
    "\n  mutation ChatMessageRegenerate($input: MessageRegenerateInput!) {\n    messageRegenerate(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatMessageRegenerateDocument,
    "\n  mutation ChatConversationCompress($input: ConversationCompressInput!) {\n    conversationCompress(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      archivedCount\n      usedFallback\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatConversationCompressDocument,
    "\n  mutation ChatConversationRestore($input: ConversationIdInput!) {\n    conversationRestore(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      restoredCount\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChatConversationRestoreDocument,
    "\n  query ChatConversationExport($id: ID!, $format: ExportFormat!, $includeArchived: Boolean!) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        id\n        title\n        export(format: $format, includeArchived: $includeArchived)\n      }\n    }\n  }\n": typeof types.ChatConversationExportDocument,
    "\n  subscription ChatMessageStream($messageId: ID!) {\n    messageStream(messageId: $messageId) {\n      delta\n      status\n      errorCode\n      message {\n        ...ChatMessageFields\n      }\n    }\n  }\n": typeof types.ChatMessageStreamDocument,
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
    "\n  fragment ChatConversationFields on Conversation {\n    id\n    title\n    model\n    provider\n    systemContext\n    archived\n    pinned\n    contextWindow\n    tokenCount\n    tokenUsage\n    messageCount\n    createdAt\n    updatedAt\n  }\n": types.ChatConversationFieldsFragmentDoc,
    "\n  fragment ChatMessageFields on Message {\n    id\n    role\n    content\n    status\n    tokenCount\n    isSummary\n    archived\n    superseded\n    error {\n      code\n      message\n    }\n    createdAt\n  }\n": types.ChatMessageFieldsFragmentDoc,
    "\n  query ChatConversationList(\n    $filter: ConversationFilter\n    $first: Int\n    $after: String\n    $orderBy: ConversationOrder\n  ) {\n    conversations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      nodes {\n        id\n        title\n        model\n        pinned\n        archived\n        updatedAt\n        messageCount\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ChatConversationListDocument,
    "\n  query ChatConversation($id: ID!, $last: Int, $before: String, $filter: MessageFilter) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        ...ChatConversationFields\n        messages(last: $last, before: $before, filter: $filter) {\n          nodes {\n            ...ChatMessageFields\n          }\n          pageInfo {\n            hasPreviousPage\n            startCursor\n          }\n        }\n      }\n    }\n  }\n": types.ChatConversationDocument,
    "\n  query ChatModels($provider: Provider!) {\n    models(provider: $provider, first: 100) {\n      nodes {\n        name\n        contextWindow\n        isDefault\n      }\n    }\n  }\n": types.ChatModelsDocument,
    "\n  mutation ChatConversationCreate($input: ConversationCreateInput!) {\n    conversationCreate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatConversationCreateDocument,
    "\n  mutation ChatConversationUpdate($input: ConversationUpdateInput!) {\n    conversationUpdate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatConversationUpdateDocument,
    "\n  mutation ChatConversationDelete($input: ConversationIdInput!) {\n    conversationDelete(input: $input) {\n      deletedConversationId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatConversationDeleteDocument,
    "\n  mutation ChatMessageSend($input: MessageSendInput!) {\n    messageSend(input: $input) {\n      userMessage {\n        ...ChatMessageFields\n      }\n      assistantMessage {\n        ...ChatMessageFields\n      }\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatMessageSendDocument,
    "\n  mutation ChatMessageStop($input: MessageIdInput!) {\n    messageStop(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatMessageStopDocument,
    "\n  mutation ChatMessageRegenerate($input: MessageRegenerateInput!) {\n    messageRegenerate(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatMessageRegenerateDocument,
    "\n  mutation ChatConversationCompress($input: ConversationCompressInput!) {\n    conversationCompress(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      archivedCount\n      usedFallback\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatConversationCompressDocument,
    "\n  mutation ChatConversationRestore($input: ConversationIdInput!) {\n    conversationRestore(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      restoredCount\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChatConversationRestoreDocument,
    "\n  query ChatConversationExport($id: ID!, $format: ExportFormat!, $includeArchived: Boolean!) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        id\n        title\n        export(format: $format, includeArchived: $includeArchived)\n      }\n    }\n  }\n": types.ChatConversationExportDocument,
    "\n  subscription ChatMessageStream($messageId: ID!) {\n    messageStream(messageId: $messageId) {\n      delta\n      status\n      errorCode\n      message {\n        ...ChatMessageFields\n      }\n    }\n  }\n": types.ChatMessageStreamDocument,
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
export function graphql(source: "\n  fragment ChatConversationFields on Conversation {\n    id\n    title\n    model\n    provider\n    systemContext\n    archived\n    pinned\n    contextWindow\n    tokenCount\n    tokenUsage\n    messageCount\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ChatConversationFields on Conversation {\n    id\n    title\n    model\n    provider\n    systemContext\n    archived\n    pinned\n    contextWindow\n    tokenCount\n    tokenUsage\n    messageCount\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatMessageFields on Message {\n    id\n    role\n    content\n    status\n    tokenCount\n    isSummary\n    archived\n    superseded\n    error {\n      code\n      message\n    }\n    createdAt\n  }\n"): (typeof documents)["\n  fragment ChatMessageFields on Message {\n    id\n    role\n    content\n    status\n    tokenCount\n    isSummary\n    archived\n    superseded\n    error {\n      code\n      message\n    }\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatConversationList(\n    $filter: ConversationFilter\n    $first: Int\n    $after: String\n    $orderBy: ConversationOrder\n  ) {\n    conversations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      nodes {\n        id\n        title\n        model\n        pinned\n        archived\n        updatedAt\n        messageCount\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ChatConversationList(\n    $filter: ConversationFilter\n    $first: Int\n    $after: String\n    $orderBy: ConversationOrder\n  ) {\n    conversations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      nodes {\n        id\n        title\n        model\n        pinned\n        archived\n        updatedAt\n        messageCount\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatConversation($id: ID!, $last: Int, $before: String, $filter: MessageFilter) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        ...ChatConversationFields\n        messages(last: $last, before: $before, filter: $filter) {\n          nodes {\n            ...ChatMessageFields\n          }\n          pageInfo {\n            hasPreviousPage\n            startCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ChatConversation($id: ID!, $last: Int, $before: String, $filter: MessageFilter) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        ...ChatConversationFields\n        messages(last: $last, before: $before, filter: $filter) {\n          nodes {\n            ...ChatMessageFields\n          }\n          pageInfo {\n            hasPreviousPage\n            startCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatModels($provider: Provider!) {\n    models(provider: $provider, first: 100) {\n      nodes {\n        name\n        contextWindow\n        isDefault\n      }\n    }\n  }\n"): (typeof documents)["\n  query ChatModels($provider: Provider!) {\n    models(provider: $provider, first: 100) {\n      nodes {\n        name\n        contextWindow\n        isDefault\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatConversationCreate($input: ConversationCreateInput!) {\n    conversationCreate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatConversationCreate($input: ConversationCreateInput!) {\n    conversationCreate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatConversationUpdate($input: ConversationUpdateInput!) {\n    conversationUpdate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatConversationUpdate($input: ConversationUpdateInput!) {\n    conversationUpdate(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatConversationDelete($input: ConversationIdInput!) {\n    conversationDelete(input: $input) {\n      deletedConversationId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatConversationDelete($input: ConversationIdInput!) {\n    conversationDelete(input: $input) {\n      deletedConversationId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatMessageSend($input: MessageSendInput!) {\n    messageSend(input: $input) {\n      userMessage {\n        ...ChatMessageFields\n      }\n      assistantMessage {\n        ...ChatMessageFields\n      }\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatMessageSend($input: MessageSendInput!) {\n    messageSend(input: $input) {\n      userMessage {\n        ...ChatMessageFields\n      }\n      assistantMessage {\n        ...ChatMessageFields\n      }\n      conversation {\n        ...ChatConversationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatMessageStop($input: MessageIdInput!) {\n    messageStop(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatMessageStop($input: MessageIdInput!) {\n    messageStop(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatMessageRegenerate($input: MessageRegenerateInput!) {\n    messageRegenerate(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatMessageRegenerate($input: MessageRegenerateInput!) {\n    messageRegenerate(input: $input) {\n      message {\n        ...ChatMessageFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatConversationCompress($input: ConversationCompressInput!) {\n    conversationCompress(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      archivedCount\n      usedFallback\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatConversationCompress($input: ConversationCompressInput!) {\n    conversationCompress(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      archivedCount\n      usedFallback\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChatConversationRestore($input: ConversationIdInput!) {\n    conversationRestore(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      restoredCount\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChatConversationRestore($input: ConversationIdInput!) {\n    conversationRestore(input: $input) {\n      conversation {\n        ...ChatConversationFields\n      }\n      restoredCount\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChatConversationExport($id: ID!, $format: ExportFormat!, $includeArchived: Boolean!) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        id\n        title\n        export(format: $format, includeArchived: $includeArchived)\n      }\n    }\n  }\n"): (typeof documents)["\n  query ChatConversationExport($id: ID!, $format: ExportFormat!, $includeArchived: Boolean!) {\n    node(id: $id) {\n      __typename\n      ... on Conversation {\n        id\n        title\n        export(format: $format, includeArchived: $includeArchived)\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChatMessageStream($messageId: ID!) {\n    messageStream(messageId: $messageId) {\n      delta\n      status\n      errorCode\n      message {\n        ...ChatMessageFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ChatMessageStream($messageId: ID!) {\n    messageStream(messageId: $messageId) {\n      delta\n      status\n      errorCode\n      message {\n        ...ChatMessageFields\n      }\n    }\n  }\n"];
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