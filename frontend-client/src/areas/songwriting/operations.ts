import { graphql } from "@/gql";

/** The userErrors every songwriting mutation returns. */
export const songwritingUserErrorFieldsFragment = graphql(`
  fragment SongwritingUserErrorFields on UserError {
    field
    message
    code
  }
`);

// --------------------------------------------------------------------------- the lyric editor's analysis

/** Sections and syllables/rhymes of the text, in one request (the editor asks for both as typing pauses). */
export const lyricsAnalysisDocument = graphql(`
  query LyricsAnalysis($text: String!, $language: LyricsLanguage!) {
    lyricsParse(text: $text) {
      label
      kind
      number
      lines
      startLine
      endLine
    }
    lyricsStats(text: $text, language: $language) {
      language
      lines {
        line
        text
        section
        isLabel
        syllables
        rhymeKey
        letter
        estimatedWords
      }
      sections {
        index
        label
        scheme
        syllables
      }
    }
  }
`);

export const lyricsApplyStructureDocument = graphql(`
  query LyricsApplyStructure($text: String!, $structure: LyricStructureInput) {
    lyricsApplyStructure(text: $text, structure: $structure) {
      text
      unlabelledCount
      unusedLabels
      structure {
        labels
        text
      }
    }
  }
`);

export const lyricsRebuildArchitectureDocument = graphql(`
  query LyricsRebuildArchitecture($text: String!) {
    lyricsRebuildArchitecture(text: $text) {
      sections
      labels
      text
    }
  }
`);

export const lyricChangeFieldsFragment = graphql(`
  fragment LyricChangeFields on LyricsCleanup {
    text
    changes {
      rule {
        id
        name
      }
      line
      before
      after
    }
    failures {
      rule {
        id
        name
      }
      message
    }
  }
`);

export const lyricsCleanupDocument = graphql(`
  query LyricsCleanup($text: String!) {
    lyricsCleanup(text: $text) {
      ...LyricChangeFields
    }
  }
`);

export const lyricsFinalizeDocument = graphql(`
  query LyricsFinalize($text: String!, $structure: LyricStructureInput) {
    lyricsFinalize(text: $text, structure: $structure) {
      text
      cleanup {
        ...LyricChangeFields
      }
      structured {
        unlabelledCount
        unusedLabels
        structure {
          text
        }
      }
    }
  }
`);

export const lyricsReplaceSectionDocument = graphql(`
  query LyricsReplaceSection($text: String!, $section: Int!, $lines: String!) {
    lyricsReplaceSection(text: $text, section: $section, lines: $lines)
  }
`);

// --------------------------------------------------------------------------- AI tools (streamed)

export const lyricsSectionToolDocument = graphql(`
  mutation LyricsSectionTool($input: LyricsSectionToolInput!) {
    lyricsSectionTool(input: $input) {
      generation {
        id
        status
        text
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricsGenerateDocument = graphql(`
  mutation LyricsGenerate($input: LyricsGenerateInput!) {
    lyricsGenerate(input: $input) {
      generation {
        id
        status
        text
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const musicStylePromptToolDocument = graphql(`
  mutation MusicStylePromptTool($input: MusicStylePromptToolInput!) {
    musicStylePromptTool(input: $input) {
      generation {
        id
        status
        text
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const musicStyleOptionsDocument = graphql(`
  query MusicStyleOptions {
    musicStyleOptions {
      styles
      themes
      instruments
      useCases
    }
  }
`);

// --------------------------------------------------------------------------- architectures

export const lyricArchitectureFieldsFragment = graphql(`
  fragment LyricArchitectureFields on LyricArchitecture {
    id
    name
    sections
    labels
    text
    isDefault
    updatedAt
  }
`);

export const lyricArchitecturesDocument = graphql(`
  query LyricArchitectures {
    lyricArchitectures(first: 100) {
      nodes {
        ...LyricArchitectureFields
      }
    }
    lyricArchitectureDefault {
      architecture {
        id
      }
      structure {
        sections
      }
    }
  }
`);

export const lyricArchitectureCreateDocument = graphql(`
  mutation LyricArchitectureCreate($input: LyricArchitectureCreateInput!) {
    lyricArchitectureCreate(input: $input) {
      lyricArchitecture {
        ...LyricArchitectureFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricArchitectureUpdateDocument = graphql(`
  mutation LyricArchitectureUpdate($input: LyricArchitectureUpdateInput!) {
    lyricArchitectureUpdate(input: $input) {
      lyricArchitecture {
        ...LyricArchitectureFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricArchitectureDeleteDocument = graphql(`
  mutation LyricArchitectureDelete($input: LyricArchitectureIdInput!) {
    lyricArchitectureDelete(input: $input) {
      deletedLyricArchitectureId
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

// --------------------------------------------------------------------------- rules

export const lyricRuleFieldsFragment = graphql(`
  fragment LyricRuleFields on LyricRule {
    id
    key
    name
    description
    pattern
    replacement
    kind
    active
    position
    isDefault
    isModified
    updatedAt
  }
`);

export const lyricRulesDocument = graphql(`
  query LyricRules {
    lyricRules(first: 100) {
      nodes {
        ...LyricRuleFields
      }
    }
  }
`);

export const lyricRulePreviewDocument = graphql(`
  query LyricRulePreview($input: LyricRulePreviewInput!) {
    lyricRulePreview(input: $input) {
      text
      matchCount
      matches {
        start
        end
        line
        text
        replacement
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricRuleCreateDocument = graphql(`
  mutation LyricRuleCreate($input: LyricRuleCreateInput!) {
    lyricRuleCreate(input: $input) {
      lyricRule {
        ...LyricRuleFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricRuleUpdateDocument = graphql(`
  mutation LyricRuleUpdate($input: LyricRuleUpdateInput!) {
    lyricRuleUpdate(input: $input) {
      lyricRule {
        ...LyricRuleFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricRuleResetDocument = graphql(`
  mutation LyricRuleReset($input: LyricRuleIdInput!) {
    lyricRuleReset(input: $input) {
      lyricRule {
        ...LyricRuleFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricRuleDeleteDocument = graphql(`
  mutation LyricRuleDelete($input: LyricRuleIdInput!) {
    lyricRuleDelete(input: $input) {
      deletedLyricRuleId
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const lyricRulesReorderDocument = graphql(`
  mutation LyricRulesReorder($input: LyricRulesReorderInput!) {
    lyricRulesReorder(input: $input) {
      lyricRules {
        ...LyricRuleFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

// --------------------------------------------------------------------------- sketches (lyrics and prompt)

export const songwritingSketchFieldsFragment = graphql(`
  fragment SongwritingSketchFields on Sketch {
    id
    title
    lyrics
    prompt
    tags
    updatedAt
  }
`);

export const songwritingSketchDocument = graphql(`
  query SongwritingSketch($id: ID!) {
    node(id: $id) {
      __typename
      ... on Sketch {
        ...SongwritingSketchFields
      }
    }
  }
`);

export const songwritingSketchesDocument = graphql(`
  query SongwritingSketches($search: String) {
    sketches(first: 20, filter: { search: $search }) {
      nodes {
        id
        title
        prompt
      }
    }
  }
`);

export const songwritingSketchCreateDocument = graphql(`
  mutation SongwritingSketchCreate($input: SketchCreateInput!) {
    sketchCreate(input: $input) {
      sketch {
        ...SongwritingSketchFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);

export const songwritingSketchUpdateDocument = graphql(`
  mutation SongwritingSketchUpdate($input: SketchUpdateInput!) {
    sketchUpdate(input: $input) {
      sketch {
        ...SongwritingSketchFields
      }
      userErrors {
        ...SongwritingUserErrorFields
      }
    }
  }
`);
