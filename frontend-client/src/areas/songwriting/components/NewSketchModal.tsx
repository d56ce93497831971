import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SongwritingSketchFieldsFragment } from "@/gql/graphql";
import { CharCount } from "@/shared/forms";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { songwritingSketchCreateDocument } from "../operations";

const TITLE_MAX = 500;
export const PROMPT_MAX = 1024;

/**
 * A new sketch from the editor's text: lyrics (from the lyric editor) or a music style prompt (from the style
 * prompt editor), with a title, and the style prompt every sketch needs.
 */
export function NewSketchModal({
  opened,
  onClose,
  lyrics,
  prompt: initialPrompt,
  tags,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  lyrics?: string;
  prompt?: string;
  tags?: string[];
  onCreated(sketch: SongwritingSketchFieldsFragment): void;
}) {
  const { t } = useTranslation("songwriting");
  const create = useFormMutation(songwritingSketchCreateDocument);
  const [title, setTitle] = useState("");
  const [prompt, setPrompt] = useState(initialPrompt ?? "");
  const promptGiven = initialPrompt !== undefined;

  const submit = async () => {
    const { ok, data } = await create.submit({
      input: {
        title: title.trim() || null,
        prompt,
        ...(lyrics !== undefined ? { lyrics } : {}),
        ...(tags?.length ? { tags } : {}),
      },
    });
    const sketch = data?.sketchCreate.sketch;
    if (ok && sketch) onCreated(sketch);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("sketch.newTitle")} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput
            label={t("sketch.title")}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            maxLength={TITLE_MAX}
            error={create.fieldErrors.title}
            data-autofocus
          />
          {promptGiven ? (
            <Text size="sm" c="dimmed" lineClamp={3}>
              {t("sketch.withPrompt", { prompt })}
            </Text>
          ) : (
            <Textarea
              label={t("sketch.prompt")}
              description={
                <>
                  {t("sketch.promptHint")} · <CharCount value={prompt} max={PROMPT_MAX} />
                </>
              }
              required
              autosize
              minRows={2}
              maxRows={6}
              value={prompt}
              onChange={(e) => setPrompt(e.currentTarget.value)}
              error={create.fieldErrors.prompt}
            />
          )}
          {create.formError && (
            <Text size="sm" c="red" role="alert">
              {create.formError}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" loading={create.fetching}>
              {t("sketch.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
