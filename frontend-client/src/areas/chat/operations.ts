import { graphql } from "@/gql";

export const ConversationFieldsFragment = graphql(`
  fragment ChatConversationFields on Conversation {
    id
    title
    model
    provider
    systemContext
    archived
    pinned
    contextWindow
    tokenCount
    tokenUsage
    messageCount
    createdAt
    updatedAt
  }
`);

export const MessageFieldsFragment = graphql(`
  fragment ChatMessageFields on Message {
    id
    role
    content
    status
    tokenCount
    isSummary
    archived
    superseded
    error {
      code
      message
    }
    createdAt
  }
`);

export const ConversationListDocument = graphql(`
  query ChatConversationList(
    $filter: ConversationFilter
    $first: Int
    $after: String
    $orderBy: ConversationOrder
  ) {
    conversations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      nodes {
        id
        title
        model
        pinned
        archived
        updatedAt
        messageCount
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ConversationDocument = graphql(`
  query ChatConversation($id: ID!, $last: Int, $before: String, $filter: MessageFilter) {
    node(id: $id) {
      __typename
      ... on Conversation {
        ...ChatConversationFields
        messages(last: $last, before: $before, filter: $filter) {
          nodes {
            ...ChatMessageFields
          }
          pageInfo {
            hasPreviousPage
            startCursor
          }
        }
      }
    }
  }
`);

export const ModelsDocument = graphql(`
  query ChatModels($provider: Provider!) {
    models(provider: $provider, first: 100) {
      nodes {
        name
        contextWindow
        isDefault
      }
    }
  }
`);

export const ConversationCreateDocument = graphql(`
  mutation ChatConversationCreate($input: ConversationCreateInput!) {
    conversationCreate(input: $input) {
      conversation {
        ...ChatConversationFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ConversationUpdateDocument = graphql(`
  mutation ChatConversationUpdate($input: ConversationUpdateInput!) {
    conversationUpdate(input: $input) {
      conversation {
        ...ChatConversationFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ConversationDeleteDocument = graphql(`
  mutation ChatConversationDelete($input: ConversationIdInput!) {
    conversationDelete(input: $input) {
      deletedConversationId
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const MessageSendDocument = graphql(`
  mutation ChatMessageSend($input: MessageSendInput!) {
    messageSend(input: $input) {
      userMessage {
        ...ChatMessageFields
      }
      assistantMessage {
        ...ChatMessageFields
      }
      conversation {
        ...ChatConversationFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const MessageStopDocument = graphql(`
  mutation ChatMessageStop($input: MessageIdInput!) {
    messageStop(input: $input) {
      message {
        ...ChatMessageFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const MessageRegenerateDocument = graphql(`
  mutation ChatMessageRegenerate($input: MessageRegenerateInput!) {
    messageRegenerate(input: $input) {
      message {
        ...ChatMessageFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ConversationCompressDocument = graphql(`
  mutation ChatConversationCompress($input: ConversationCompressInput!) {
    conversationCompress(input: $input) {
      conversation {
        ...ChatConversationFields
      }
      archivedCount
      usedFallback
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ConversationRestoreDocument = graphql(`
  mutation ChatConversationRestore($input: ConversationIdInput!) {
    conversationRestore(input: $input) {
      conversation {
        ...ChatConversationFields
      }
      restoredCount
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ConversationExportDocument = graphql(`
  query ChatConversationExport($id: ID!, $format: ExportFormat!, $includeArchived: Boolean!) {
    node(id: $id) {
      __typename
      ... on Conversation {
        id
        title
        export(format: $format, includeArchived: $includeArchived)
      }
    }
  }
`);

export const MessageStreamDocument = graphql(`
  subscription ChatMessageStream($messageId: ID!) {
    messageStream(messageId: $messageId) {
      delta
      status
      errorCode
      message {
        ...ChatMessageFields
      }
    }
  }
`);
