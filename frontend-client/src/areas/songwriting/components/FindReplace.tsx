import { ActionIcon, Button, Checkbox, Group, Paper, Text, TextInput } from "@mantine/core";
import { IconArrowDown, IconX } from "@tabler/icons-react";
import { useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { findAll, nextFound, replaceAll, replaceOne, type Found } from "../lib/findReplace";

const LINE_HEIGHT = 24; // the editor's (songwriting.module.css)

/** Selects `found` in the textarea and scrolls it into view (a textarea does not scroll to a selection itself). */
function select(area: HTMLTextAreaElement, text: string, found: Found) {
  area.focus();
  area.setSelectionRange(found.start, found.end);
  const line = text.slice(0, found.start).split("\n").length - 1;
  area.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
}

/** Search and replace in the lyrics, as plain text; each replacement is a step to undo. */
export function FindReplace({
  text,
  readOnly,
  textareaRef,
  onReplace,
  onClose,
}: {
  text: string;
  readOnly: boolean;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onReplace(text: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation("songwriting");
  const [query, setQuery] = useState("");
  const [replacement, setReplacement] = useState("");
  const [matchCase, setMatchCase] = useState(false);
  const found = findAll(text, query, matchCase);

  const next = () => {
    const area = textareaRef.current;
    if (!area) return;
    const at = nextFound(
      found,
      area.selectionEnd === area.selectionStart ? area.selectionEnd : area.selectionStart + 1,
    );
    if (at) select(area, text, at);
  };

  /** The selected occurrence, if the selection is one. */
  const selected = (): Found | null => {
    const area = textareaRef.current;
    if (!area) return null;
    return found.find((f) => f.start === area.selectionStart && f.end === area.selectionEnd) ?? null;
  };

  const replace = () => {
    const area = textareaRef.current;
    const current = selected();
    if (!area || !current) return next();
    const changed = replaceOne(text, current, replacement);
    onReplace(changed);
    // The next occurrence after the one replaced, once the text is in place.
    requestAnimationFrame(() => {
      const after = findAll(changed, query, matchCase);
      const following = nextFound(after, current.start + replacement.length);
      if (following) select(area, changed, following);
    });
  };

  const all = () => {
    const done = replaceAll(text, query, replacement, matchCase);
    if (done.count) onReplace(done.text);
  };

  return (
    <Paper withBorder radius="sm" p="xs" component="section" aria-label={t("find.title")}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          size="xs"
          label={t("find.find")}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              next();
            }
          }}
          data-autofocus
          w={180}
        />
        <TextInput
          size="xs"
          label={t("find.replaceWith")}
          value={replacement}
          onChange={(e) => setReplacement(e.currentTarget.value)}
          w={180}
        />
        <Checkbox
          size="xs"
          label={t("find.matchCase")}
          checked={matchCase}
          onChange={(e) => setMatchCase(e.currentTarget.checked)}
          mb={6}
        />
        <Button
          size="xs"
          variant="default"
          leftSection={<IconArrowDown size={14} />}
          onClick={next}
          disabled={!found.length}
        >
          {t("find.next")}
        </Button>
        <Button size="xs" variant="default" onClick={replace} disabled={!found.length || readOnly}>
          {t("find.replace")}
        </Button>
        <Button size="xs" variant="light" onClick={all} disabled={!found.length || readOnly}>
          {t("find.replaceAll")}
        </Button>
        <Text size="xs" c="dimmed" mb={6} data-testid="find-count" aria-live="polite">
          {query ? t("find.count", { count: found.length }) : ""}
        </Text>
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={onClose}
          aria-label={t("find.close")}
          mb={2}
          ml="auto"
        >
          <IconX size={16} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}
