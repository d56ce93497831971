import { graphql } from "@/gql";

export const dataExportCreateDocument = graphql(`
  mutation DataExportCreate($input: DataExportCreateInput) {
    dataExportCreate(input: $input) {
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

export const uploadCreateDocument = graphql(`
  mutation UploadCreate($input: UploadCreateInput!) {
    uploadCreate(input: $input) {
      upload {
        id
        url
        method
        headers {
          name
          value
        }
        expiresAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const dataImportCreateDocument = graphql(`
  mutation DataImportCreate($input: DataImportCreateInput!) {
    dataImportCreate(input: $input) {
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
