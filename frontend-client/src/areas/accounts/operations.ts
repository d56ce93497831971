import { graphql } from "@/gql";

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
