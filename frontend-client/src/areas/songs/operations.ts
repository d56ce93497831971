import { graphql } from "@/gql";

/** The userErrors every songs mutation returns. */
export const songUserErrorFieldsFragment = graphql(`
  fragment SongUserErrorFields on UserError {
    field
    message
    code
  }
`);

export const songListDocument = graphql(`
  query SongList($first: Int, $after: String, $filter: SongFilter, $orderBy: SongOrder) {
    songs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      nodes {
        id
        title
        prompt
        instrumental
        status
        workflow
        tags
        model
        createdAt
        updatedAt
        error {
          code
          message
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** A choice's word timings and how its sung lines differ from the song's lyrics (synced lyrics). */
export const songChoiceLyricsFieldsFragment = graphql(`
  fragment SongChoiceLyricsFields on SongChoice {
    lyricsTimeline {
      firstVocal
      sections {
        type
        position
        number
        start
        end
        duration
        lines {
          start
          end
          text
          words {
            start
            end
            text
          }
        }
      }
    }
    lyricsDiff {
      identical
      askedLines
      keptLines
      changes {
        kind
        asked
        sung
        askedLine
        start
      }
    }
  }
`);

export const songChoiceFieldsFragment = graphql(`
  fragment SongChoiceFields on SongChoice {
    id
    index
    title
    duration
    rating
    mp3Url
    flacUrl
    wavUrl
    imageUrl
    stemsUrl
    stemsCreatedAt
    stored
    ...SongChoiceLyricsFields
    providerFiles {
      mp3Url
      flacUrl
      wavUrl
      imageUrl
      stemsUrl
    }
  }
`);

export const songFieldsFragment = graphql(`
  fragment SongFields on Song {
    id
    title
    lyrics
    prompt
    model
    instrumental
    status
    providerStatus
    workflow
    tags
    error {
      code
      message
    }
    createdAt
    updatedAt
    completedAt
    sketch {
      id
      title
    }
    job {
      ...JobFields
    }
    choices {
      nodes {
        ...SongChoiceFields
      }
    }
  }
`);

export const songDocument = graphql(`
  query Song($id: ID!) {
    node(id: $id) {
      __typename
      ... on Song {
        ...SongFields
      }
    }
  }
`);

/** The sketch a new song starts from. */
export const songSketchDocument = graphql(`
  query SongSketch($id: ID!) {
    node(id: $id) {
      __typename
      ... on Sketch {
        id
        title
        lyrics
        prompt
        workflow
      }
    }
  }
`);

// The models this server accepts (MUREKA_MODELS); the generator offers these.
export const songModelsDocument = graphql(`
  query SongModels {
    songModels
  }
`);

export const murekaAccountDocument = graphql(`
  query MurekaAccount {
    murekaAccount {
      balance
      currency
      concurrentRequestLimit
    }
  }
`);

export const songCreateDocument = graphql(`
  mutation SongCreate($input: SongCreateInput!) {
    songCreate(input: $input) {
      song {
        ...SongFields
      }
      job {
        ...JobFields
      }
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const songUpdateDocument = graphql(`
  mutation SongUpdate($input: SongUpdateInput!) {
    songUpdate(input: $input) {
      song {
        id
        title
        tags
        workflow
        updatedAt
      }
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const songCancelDocument = graphql(`
  mutation SongCancel($input: SongIdInput!) {
    songCancel(input: $input) {
      song {
        id
        status
        updatedAt
      }
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const songDeleteDocument = graphql(`
  mutation SongDelete($input: SongIdInput!) {
    songDelete(input: $input) {
      deletedSongId
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const songBulkDeleteDocument = graphql(`
  mutation SongBulkDelete($input: SongBulkDeleteInput!) {
    songBulkDelete(input: $input) {
      results {
        id
        deleted
        error {
          ...SongUserErrorFields
        }
      }
      deletedCount
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const choiceRateDocument = graphql(`
  mutation ChoiceRate($input: ChoiceRateInput!) {
    choiceRate(input: $input) {
      choice {
        id
        rating
      }
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);

export const choiceStemsCreateDocument = graphql(`
  mutation ChoiceStemsCreate($input: ChoiceIdInput!) {
    choiceStemsCreate(input: $input) {
      choice {
        id
      }
      job {
        ...JobFields
      }
      userErrors {
        ...SongUserErrorFields
      }
    }
  }
`);
