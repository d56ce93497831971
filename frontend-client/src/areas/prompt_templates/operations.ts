import { graphql } from "@/gql";

export const promptTemplateFieldsFragment = graphql(`
  fragment PromptTemplateFields on PromptTemplate {
    id
    category
    action
    preCondition
    postCondition
    description
    version
    model
    temperature
    maxTokens
    active
    isDefault
    isModified
    updatedAt
  }
`);

export const promptTemplateListDocument = graphql(`
  query PromptTemplateList(
    $first: Int
    $after: String
    $filter: PromptTemplateFilter
    $orderBy: PromptTemplateOrder
  ) {
    promptTemplates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        id
        category
        action
        description
        version
        model
        temperature
        maxTokens
        active
        isDefault
        isModified
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const promptTemplateDocument = graphql(`
  query PromptTemplate($category: String!, $action: String!) {
    promptTemplate(category: $category, action: $action) {
      ...PromptTemplateFields
    }
  }
`);

export const modelsDocument = graphql(`
  query TemplateModels {
    ollama: models(provider: OLLAMA, first: 100) {
      nodes {
        name
        isDefault
      }
    }
    openai: models(provider: OPENAI, first: 100) {
      nodes {
        name
        isDefault
      }
    }
  }
`);

export const promptTemplateUpdateDocument = graphql(`
  mutation PromptTemplateUpdate($input: PromptTemplateUpdateInput!) {
    promptTemplateUpdate(input: $input) {
      promptTemplate {
        ...PromptTemplateFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const promptTemplateCreateDocument = graphql(`
  mutation PromptTemplateCreate($input: PromptTemplateCreateInput!) {
    promptTemplateCreate(input: $input) {
      promptTemplate {
        ...PromptTemplateFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const promptTemplateResetDocument = graphql(`
  mutation PromptTemplateReset($input: PromptTemplateKeyInput!) {
    promptTemplateReset(input: $input) {
      promptTemplate {
        ...PromptTemplateFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const promptTemplateDeleteDocument = graphql(`
  mutation PromptTemplateDelete($input: PromptTemplateKeyInput!) {
    promptTemplateDelete(input: $input) {
      promptTemplate {
        ...PromptTemplateFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
