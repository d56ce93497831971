import { graphql } from "@/gql";

export const templateGenerateDocument = graphql(`
  mutation TemplateGenerate($input: TemplateGenerateInput!) {
    templateGenerate(input: $input) {
      generation {
        id
        status
        text
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const generationStreamDocument = graphql(`
  subscription GenerationStream($id: ID!) {
    generationStream(id: $id) {
      delta
      status
      errorCode
      generation {
        id
        status
        text
        error {
          code
          message
        }
      }
    }
  }
`);
