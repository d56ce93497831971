import { graphql } from "@/gql";

/** The userErrors every images mutation returns. */
export const imageUserErrorFieldsFragment = graphql(`
  fragment ImageUserErrorFields on UserError {
    field
    message
    code
  }
`);

/** What a gallery tile shows of an image, with its job while it is drawn. */
export const imageCardFieldsFragment = graphql(`
  fragment ImageCardFields on Image {
    id
    title
    tags
    userPrompt
    composition
    status
    width
    height
    thumbnailUrl
    url
    createdAt
    error {
      code
      message
    }
    overlay {
      title
      artist
    }
    job {
      ...JobFields
    }
  }
`);

/** Everything the preview and the generator's result show of an image. */
export const imageFieldsFragment = graphql(`
  fragment ImageFields on Image {
    ...ImageCardFields
    enhancedPrompt
    finalPrompt
    revisedPrompt
    size
    quality
    style
    artisticStyle
    lighting
    colorPalette
    detailLevel
    enhance
    model
    cost
    updatedAt
    completedAt
    source {
      id
      title
    }
  }
`);

export const imageListDocument = graphql(`
  query ImageList($first: Int, $after: String, $filter: ImageFilter, $orderBy: ImageOrder) {
    images(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        ...ImageCardFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const imageDocument = graphql(`
  query Image($id: ID!) {
    node(id: $id) {
      __typename
      ... on Image {
        ...ImageFields
      }
    }
  }
`);

/** The style options and their values (besides `auto`), as the API checks them. */
export const imageStyleOptionsDocument = graphql(`
  query ImageStyleOptions {
    imageStyleOptions {
      name
      values
    }
  }
`);

export const imageCreateDocument = graphql(`
  mutation ImageCreate($input: ImageCreateInput!) {
    imageCreate(input: $input) {
      image {
        ...ImageFields
      }
      job {
        ...JobFields
      }
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

export const imagePromptToolDocument = graphql(`
  mutation ImagePromptTool($input: ImagePromptToolInput!) {
    imagePromptTool(input: $input) {
      generation {
        id
        status
        text
      }
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

export const imageUpdateDocument = graphql(`
  mutation ImageUpdate($input: ImageUpdateInput!) {
    imageUpdate(input: $input) {
      image {
        id
        title
        tags
        url
        thumbnailUrl
        updatedAt
      }
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

export const imageDeleteDocument = graphql(`
  mutation ImageDelete($input: ImageIdInput!) {
    imageDelete(input: $input) {
      deletedImageId
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

export const imageBulkDeleteDocument = graphql(`
  mutation ImageBulkDelete($input: ImageBulkDeleteInput!) {
    imageBulkDelete(input: $input) {
      results {
        id
        deleted
        error {
          ...ImageUserErrorFields
        }
      }
      deletedCount
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

/** An overlay's settings as the image keeps them: the editor starts from them when it shows an overlay it made. */
export const imageOverlayFieldsFragment = graphql(`
  fragment ImageOverlayFields on ImageOverlay {
    title
    artist
    font
    titlePosition {
      grid
      x
      y
    }
    titleSize
    titleColor
    titleOutlineColor
    artistPosition {
      grid
      x
      y
    }
    artistSize
    artistColor
    artistOutlineColor
    artistFont
  }
`);

/** An image made by the overlay editor: its settings and the image they were drawn on. */
export const imageOverlaySettingsDocument = graphql(`
  query ImageOverlaySettings($id: ID!) {
    node(id: $id) {
      __typename
      ... on Image {
        id
        overlay {
          ...ImageOverlayFields
        }
        source {
          id
        }
      }
    }
  }
`);

/** The overlay drawn small: what the editor shows while the settings change. */
export const imageOverlayPreviewDocument = graphql(`
  query ImageOverlayPreview($input: ImageOverlayPreviewInput!) {
    imageOverlayPreview(input: $input) {
      preview {
        dataUrl
        width
        height
      }
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);

export const imageOverlayCreateDocument = graphql(`
  mutation ImageOverlayCreate($input: ImageOverlayInput!) {
    imageOverlayCreate(input: $input) {
      image {
        ...ImageFields
        overlay {
          ...ImageOverlayFields
        }
      }
      userErrors {
        ...ImageUserErrorFields
      }
    }
  }
`);
