import { graphql } from "@/gql";

/** The userErrors every equipment mutation returns. */
export const equipmentUserErrorFieldsFragment = graphql(`
  fragment EquipmentUserErrorFields on UserError {
    field
    message
    code
  }
`);

/** Everything of an item but its secrets (a list never has them). */
export const equipmentFieldsFragment = graphql(`
  fragment EquipmentFields on Equipment {
    id
    type
    name
    version
    description
    softwareTags
    pluginTags
    manufacturer
    url
    username
    licenseManagement
    licenseDescription
    purchaseDate
    systemRequirements
    status
    hasPassword
    hasLicenseKey
    hasPrice
    createdAt
    updatedAt
  }
`);

export const equipmentListDocument = graphql(`
  query EquipmentList($first: Int, $after: String, $filter: EquipmentFilter, $orderBy: EquipmentOrder) {
    equipment(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        ...EquipmentFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** One item with its secrets, decrypted for this answer (only ever asked for one item at a time). */
export const equipmentItemDocument = graphql(`
  query EquipmentItem($id: ID!) {
    node(id: $id) {
      __typename
      ... on Equipment {
        ...EquipmentFields
        secrets {
          password
          licenseKey
          price
        }
      }
    }
  }
`);

export const equipmentCreateDocument = graphql(`
  mutation EquipmentCreate($input: EquipmentCreateInput!) {
    equipmentCreate(input: $input) {
      equipment {
        ...EquipmentFields
      }
      userErrors {
        ...EquipmentUserErrorFields
      }
    }
  }
`);

export const equipmentUpdateDocument = graphql(`
  mutation EquipmentUpdate($input: EquipmentUpdateInput!) {
    equipmentUpdate(input: $input) {
      equipment {
        ...EquipmentFields
        secrets {
          password
          licenseKey
          price
        }
      }
      userErrors {
        ...EquipmentUserErrorFields
      }
    }
  }
`);

export const equipmentDeleteDocument = graphql(`
  mutation EquipmentDelete($input: EquipmentIdInput!) {
    equipmentDelete(input: $input) {
      deletedEquipmentId
      userErrors {
        ...EquipmentUserErrorFields
      }
    }
  }
`);

export const equipmentDuplicateDocument = graphql(`
  mutation EquipmentDuplicate($input: EquipmentDuplicateInput!) {
    equipmentDuplicate(input: $input) {
      equipment {
        ...EquipmentFields
      }
      userErrors {
        ...EquipmentUserErrorFields
      }
    }
  }
`);
