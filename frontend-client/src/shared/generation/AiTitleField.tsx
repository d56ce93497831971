import { Box, Button, Group, Stack, TextInput, type TextInputProps } from "@mantine/core";
import { IconSparkles } from "@tabler/icons-react";
import { GenerationProgress } from "./GenerationProgress";
import type { StreamedGeneration } from "./useTemplateGeneration";

/**
 * A title field with an "AI title" button beside it and, under it, the generation writing the title (its run's
 * target must be "title"). The button waits for text to make the title from (`hasSource`).
 */
export function AiTitleField({
  input,
  generation,
  onGenerate,
  hasSource,
  buttonLabel,
  needsSourceHint,
  progressLabel,
}: {
  /** The field's props: label, description, required, and the form's input props. */
  input: TextInputProps & { "data-autofocus"?: boolean };
  generation: StreamedGeneration;
  onGenerate(): void;
  hasSource: boolean;
  buttonLabel: string;
  /** Why the button is disabled while there is no text yet. */
  needsSourceHint: string;
  progressLabel: string;
}) {
  return (
    <Stack gap={6}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput style={{ flex: 1 }} {...input} />
        {/* Level with the field's input, also while it shows an error under it. */}
        <Box pb={input.error ? 22 : 2}>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconSparkles size={14} />}
            onClick={onGenerate}
            disabled={!hasSource || generation.running}
            title={hasSource ? undefined : needsSourceHint}
          >
            {buttonLabel}
          </Button>
        </Box>
      </Group>
      <GenerationProgress generation={generation} target="title" label={progressLabel} />
    </Stack>
  );
}
