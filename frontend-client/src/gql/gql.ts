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
    "\n  fragment PromptTemplateFields on PromptTemplate {\n    id\n    category\n    action\n    preCondition\n    postCondition\n    description\n    version\n    model\n    temperature\n    maxTokens\n    active\n    isDefault\n    isModified\n    updatedAt\n  }\n": typeof types.PromptTemplateFieldsFragmentDoc,
    "\n  query PromptTemplateList(\n    $first: Int\n    $after: String\n    $filter: PromptTemplateFilter\n    $orderBy: PromptTemplateOrder\n  ) {\n    promptTemplates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        category\n        action\n        description\n        version\n        model\n        temperature\n        maxTokens\n        active\n        isDefault\n        isModified\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.PromptTemplateListDocument,
    "\n  query PromptTemplate($category: String!, $action: String!) {\n    promptTemplate(category: $category, action: $action) {\n      ...PromptTemplateFields\n    }\n  }\n": typeof types.PromptTemplateDocument,
    "\n  query TemplateModels {\n    ollama: models(provider: OLLAMA, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n    openai: models(provider: OPENAI, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n  }\n": typeof types.TemplateModelsDocument,
    "\n  mutation PromptTemplateUpdate($input: PromptTemplateUpdateInput!) {\n    promptTemplateUpdate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PromptTemplateUpdateDocument,
    "\n  mutation PromptTemplateCreate($input: PromptTemplateCreateInput!) {\n    promptTemplateCreate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PromptTemplateCreateDocument,
    "\n  mutation PromptTemplateReset($input: PromptTemplateKeyInput!) {\n    promptTemplateReset(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PromptTemplateResetDocument,
    "\n  mutation PromptTemplateDelete($input: PromptTemplateKeyInput!) {\n    promptTemplateDelete(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PromptTemplateDeleteDocument,
    "\n  query SketchList($first: Int, $after: String, $filter: SketchFilter, $orderBy: SketchOrder) {\n    sketches(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        title\n        prompt\n        tags\n        workflow\n        createdAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.SketchListDocument,
    "\n  fragment SketchFields on Sketch {\n    id\n    title\n    lyrics\n    prompt\n    tags\n    descriptionLong\n    descriptionShort\n    descriptionTags\n    info\n    workflow\n    createdAt\n    updatedAt\n  }\n": typeof types.SketchFieldsFragmentDoc,
    "\n  query Sketch($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Sketch {\n        ...SketchFields\n      }\n    }\n  }\n": typeof types.SketchDocument,
    "\n  mutation SketchCreate($input: SketchCreateInput!) {\n    sketchCreate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SketchCreateDocument,
    "\n  mutation SketchUpdate($input: SketchUpdateInput!) {\n    sketchUpdate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SketchUpdateDocument,
    "\n  mutation SketchDuplicate($input: SketchIdInput!) {\n    sketchDuplicate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SketchDuplicateDocument,
    "\n  mutation SketchDelete($input: SketchIdInput!) {\n    sketchDelete(input: $input) {\n      deletedSketchId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SketchDeleteDocument,
    "\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ViewerLanguageUpdateDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation TemplateGenerate($input: TemplateGenerateInput!) {\n    templateGenerate(input: $input) {\n      generation {\n        id\n        status\n        text\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.TemplateGenerateDocument,
    "\n  subscription GenerationStream($id: ID!) {\n    generationStream(id: $id) {\n      delta\n      status\n      errorCode\n      generation {\n        id\n        status\n        text\n        error {\n          code\n          message\n        }\n      }\n    }\n  }\n": typeof types.GenerationStreamDocument,
    "\n  mutation TestViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.TestViewerUpdateDocument,
    "\n  query TestSketchPage($first: Int, $after: String, $filter: SketchFilter) {\n    sketches(first: $first, after: $after, filter: $filter) {\n      nodes {\n        id\n        title\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.TestSketchPageDocument,
};
const documents: Documents = {
    "\n  query ServerInfo {\n    serverInfo {\n      firstRun\n      registrationOpen\n    }\n  }\n": types.ServerInfoDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user {\n        id\n        email\n        isAdmin\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation ViewerUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        email\n        firstName\n        lastName\n        artistName\n        language\n        pageSize\n        isAdmin\n        createdAt\n        lastLoginAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ViewerUpdateDocument,
    "\n  mutation PasswordChange($input: PasswordChangeInput!) {\n    passwordChange(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        email\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PasswordChangeDocument,
    "\n  fragment PromptTemplateFields on PromptTemplate {\n    id\n    category\n    action\n    preCondition\n    postCondition\n    description\n    version\n    model\n    temperature\n    maxTokens\n    active\n    isDefault\n    isModified\n    updatedAt\n  }\n": types.PromptTemplateFieldsFragmentDoc,
    "\n  query PromptTemplateList(\n    $first: Int\n    $after: String\n    $filter: PromptTemplateFilter\n    $orderBy: PromptTemplateOrder\n  ) {\n    promptTemplates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        category\n        action\n        description\n        version\n        model\n        temperature\n        maxTokens\n        active\n        isDefault\n        isModified\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.PromptTemplateListDocument,
    "\n  query PromptTemplate($category: String!, $action: String!) {\n    promptTemplate(category: $category, action: $action) {\n      ...PromptTemplateFields\n    }\n  }\n": types.PromptTemplateDocument,
    "\n  query TemplateModels {\n    ollama: models(provider: OLLAMA, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n    openai: models(provider: OPENAI, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n  }\n": types.TemplateModelsDocument,
    "\n  mutation PromptTemplateUpdate($input: PromptTemplateUpdateInput!) {\n    promptTemplateUpdate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PromptTemplateUpdateDocument,
    "\n  mutation PromptTemplateCreate($input: PromptTemplateCreateInput!) {\n    promptTemplateCreate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PromptTemplateCreateDocument,
    "\n  mutation PromptTemplateReset($input: PromptTemplateKeyInput!) {\n    promptTemplateReset(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PromptTemplateResetDocument,
    "\n  mutation PromptTemplateDelete($input: PromptTemplateKeyInput!) {\n    promptTemplateDelete(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PromptTemplateDeleteDocument,
    "\n  query SketchList($first: Int, $after: String, $filter: SketchFilter, $orderBy: SketchOrder) {\n    sketches(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        title\n        prompt\n        tags\n        workflow\n        createdAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.SketchListDocument,
    "\n  fragment SketchFields on Sketch {\n    id\n    title\n    lyrics\n    prompt\n    tags\n    descriptionLong\n    descriptionShort\n    descriptionTags\n    info\n    workflow\n    createdAt\n    updatedAt\n  }\n": types.SketchFieldsFragmentDoc,
    "\n  query Sketch($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Sketch {\n        ...SketchFields\n      }\n    }\n  }\n": types.SketchDocument,
    "\n  mutation SketchCreate($input: SketchCreateInput!) {\n    sketchCreate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SketchCreateDocument,
    "\n  mutation SketchUpdate($input: SketchUpdateInput!) {\n    sketchUpdate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SketchUpdateDocument,
    "\n  mutation SketchDuplicate($input: SketchIdInput!) {\n    sketchDuplicate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SketchDuplicateDocument,
    "\n  mutation SketchDelete($input: SketchIdInput!) {\n    sketchDelete(input: $input) {\n      deletedSketchId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SketchDeleteDocument,
    "\n  mutation ViewerLanguageUpdate($input: ViewerUpdateInput!) {\n    viewerUpdate(input: $input) {\n      user {\n        id\n        language\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ViewerLanguageUpdateDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      firstName\n      lastName\n      artistName\n      language\n      pageSize\n      isAdmin\n      createdAt\n      lastLoginAt\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation TemplateGenerate($input: TemplateGenerateInput!) {\n    templateGenerate(input: $input) {\n      generation {\n        id\n        status\n        text\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.TemplateGenerateDocument,
    "\n  subscription GenerationStream($id: ID!) {\n    generationStream(id: $id) {\n      delta\n      status\n      errorCode\n      generation {\n        id\n        status\n        text\n        error {\n          code\n          message\n        }\n      }\n    }\n  }\n": types.GenerationStreamDocument,
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
export function graphql(source: "\n  fragment PromptTemplateFields on PromptTemplate {\n    id\n    category\n    action\n    preCondition\n    postCondition\n    description\n    version\n    model\n    temperature\n    maxTokens\n    active\n    isDefault\n    isModified\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PromptTemplateFields on PromptTemplate {\n    id\n    category\n    action\n    preCondition\n    postCondition\n    description\n    version\n    model\n    temperature\n    maxTokens\n    active\n    isDefault\n    isModified\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PromptTemplateList(\n    $first: Int\n    $after: String\n    $filter: PromptTemplateFilter\n    $orderBy: PromptTemplateOrder\n  ) {\n    promptTemplates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        category\n        action\n        description\n        version\n        model\n        temperature\n        maxTokens\n        active\n        isDefault\n        isModified\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query PromptTemplateList(\n    $first: Int\n    $after: String\n    $filter: PromptTemplateFilter\n    $orderBy: PromptTemplateOrder\n  ) {\n    promptTemplates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        category\n        action\n        description\n        version\n        model\n        temperature\n        maxTokens\n        active\n        isDefault\n        isModified\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PromptTemplate($category: String!, $action: String!) {\n    promptTemplate(category: $category, action: $action) {\n      ...PromptTemplateFields\n    }\n  }\n"): (typeof documents)["\n  query PromptTemplate($category: String!, $action: String!) {\n    promptTemplate(category: $category, action: $action) {\n      ...PromptTemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateModels {\n    ollama: models(provider: OLLAMA, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n    openai: models(provider: OPENAI, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n  }\n"): (typeof documents)["\n  query TemplateModels {\n    ollama: models(provider: OLLAMA, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n    openai: models(provider: OPENAI, first: 100) {\n      nodes {\n        name\n        isDefault\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromptTemplateUpdate($input: PromptTemplateUpdateInput!) {\n    promptTemplateUpdate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PromptTemplateUpdate($input: PromptTemplateUpdateInput!) {\n    promptTemplateUpdate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromptTemplateCreate($input: PromptTemplateCreateInput!) {\n    promptTemplateCreate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PromptTemplateCreate($input: PromptTemplateCreateInput!) {\n    promptTemplateCreate(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromptTemplateReset($input: PromptTemplateKeyInput!) {\n    promptTemplateReset(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PromptTemplateReset($input: PromptTemplateKeyInput!) {\n    promptTemplateReset(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromptTemplateDelete($input: PromptTemplateKeyInput!) {\n    promptTemplateDelete(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PromptTemplateDelete($input: PromptTemplateKeyInput!) {\n    promptTemplateDelete(input: $input) {\n      promptTemplate {\n        ...PromptTemplateFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SketchList($first: Int, $after: String, $filter: SketchFilter, $orderBy: SketchOrder) {\n    sketches(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        title\n        prompt\n        tags\n        workflow\n        createdAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query SketchList($first: Int, $after: String, $filter: SketchFilter, $orderBy: SketchOrder) {\n    sketches(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      nodes {\n        id\n        title\n        prompt\n        tags\n        workflow\n        createdAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SketchFields on Sketch {\n    id\n    title\n    lyrics\n    prompt\n    tags\n    descriptionLong\n    descriptionShort\n    descriptionTags\n    info\n    workflow\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment SketchFields on Sketch {\n    id\n    title\n    lyrics\n    prompt\n    tags\n    descriptionLong\n    descriptionShort\n    descriptionTags\n    info\n    workflow\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sketch($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Sketch {\n        ...SketchFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sketch($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Sketch {\n        ...SketchFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SketchCreate($input: SketchCreateInput!) {\n    sketchCreate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SketchCreate($input: SketchCreateInput!) {\n    sketchCreate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SketchUpdate($input: SketchUpdateInput!) {\n    sketchUpdate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SketchUpdate($input: SketchUpdateInput!) {\n    sketchUpdate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SketchDuplicate($input: SketchIdInput!) {\n    sketchDuplicate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SketchDuplicate($input: SketchIdInput!) {\n    sketchDuplicate(input: $input) {\n      sketch {\n        ...SketchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SketchDelete($input: SketchIdInput!) {\n    sketchDelete(input: $input) {\n      deletedSketchId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SketchDelete($input: SketchIdInput!) {\n    sketchDelete(input: $input) {\n      deletedSketchId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation TemplateGenerate($input: TemplateGenerateInput!) {\n    templateGenerate(input: $input) {\n      generation {\n        id\n        status\n        text\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TemplateGenerate($input: TemplateGenerateInput!) {\n    templateGenerate(input: $input) {\n      generation {\n        id\n        status\n        text\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription GenerationStream($id: ID!) {\n    generationStream(id: $id) {\n      delta\n      status\n      errorCode\n      generation {\n        id\n        status\n        text\n        error {\n          code\n          message\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription GenerationStream($id: ID!) {\n    generationStream(id: $id) {\n      delta\n      status\n      errorCode\n      generation {\n        id\n        status\n        text\n        error {\n          code\n          message\n        }\n      }\n    }\n  }\n"];
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