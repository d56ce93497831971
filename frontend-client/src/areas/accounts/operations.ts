import { graphql } from "@/gql";

export const serverInfoDocument = graphql(`
  query ServerInfo {
    serverInfo {
      firstRun
      registrationOpen
    }
  }
`);

export const loginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      user {
        id
        email
        firstName
        lastName
        artistName
        language
        pageSize
        isAdmin
        createdAt
        lastLoginAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const registerDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      user {
        id
        email
        isAdmin
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const viewerUpdateDocument = graphql(`
  mutation ViewerUpdate($input: ViewerUpdateInput!) {
    viewerUpdate(input: $input) {
      user {
        id
        email
        firstName
        lastName
        artistName
        language
        pageSize
        isAdmin
        createdAt
        lastLoginAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const passwordChangeDocument = graphql(`
  mutation PasswordChange($input: PasswordChangeInput!) {
    passwordChange(input: $input) {
      token
      expiresAt
      user {
        id
        email
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
