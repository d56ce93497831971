import { graphql } from "@/gql";

export const sketchListDocument = graphql(`
  query SketchList($first: Int, $after: String, $filter: SketchFilter, $orderBy: SketchOrder) {
    sketches(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        id
        title
        prompt
        tags
        workflow
        createdAt
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const sketchFieldsFragment = graphql(`
  fragment SketchFields on Sketch {
    id
    title
    lyrics
    prompt
    tags
    descriptionLong
    descriptionShort
    descriptionTags
    info
    workflow
    createdAt
    updatedAt
  }
`);

export const sketchDocument = graphql(`
  query Sketch($id: ID!) {
    node(id: $id) {
      __typename
      ... on Sketch {
        ...SketchFields
      }
    }
  }
`);

export const sketchCreateDocument = graphql(`
  mutation SketchCreate($input: SketchCreateInput!) {
    sketchCreate(input: $input) {
      sketch {
        ...SketchFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const sketchUpdateDocument = graphql(`
  mutation SketchUpdate($input: SketchUpdateInput!) {
    sketchUpdate(input: $input) {
      sketch {
        ...SketchFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const sketchDuplicateDocument = graphql(`
  mutation SketchDuplicate($input: SketchIdInput!) {
    sketchDuplicate(input: $input) {
      sketch {
        ...SketchFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const sketchDeleteDocument = graphql(`
  mutation SketchDelete($input: SketchIdInput!) {
    sketchDelete(input: $input) {
      deletedSketchId
      userErrors {
        field
        message
        code
      }
    }
  }
`);
