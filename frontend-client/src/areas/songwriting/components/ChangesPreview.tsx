import { Alert, Badge, Button, Group, Modal, Paper, ScrollArea, Stack, Text } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { LyricChangeFieldsFragment } from "@/gql/graphql";
import classes from "./songwriting.module.css";
import { VisibleText } from "./VisibleText";

/**
 * What a cleanup (or a finalize) would change, rule by rule and line by line, whitespace shown, before the text
 * is taken: Accept applies all of it (one step to undo), Cancel leaves the lyrics as they are.
 */
export function ChangesPreview({
  opened,
  title,
  cleanup,
  note,
  changed,
  onAccept,
  onClose,
}: {
  opened: boolean;
  title: string;
  cleanup: LyricChangeFieldsFragment | null;
  /** More to say (the structure finalize wrote). */
  note?: ReactNode;
  /** Whether the text would change at all. */
  changed: boolean;
  onAccept(): void;
  onClose(): void;
}) {
  const { t } = useTranslation("songwriting");
  const changes = cleanup?.changes ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl" centered>
      <Stack gap="sm" data-testid="changes-preview">
        <Text size="sm" c="dimmed">
          {changes.length ? t("cleanup.count", { count: changes.length }) : t("cleanup.none")}
        </Text>
        {note}
        {cleanup?.failures.map((failure) => (
          <Alert key={failure.rule.id} color="orange" p="xs" title={failure.rule.name}>
            {failure.message}
          </Alert>
        ))}
        <ScrollArea.Autosize mah="55vh">
          <Stack gap="xs">
            {changes.map((change, i) => (
              <Paper key={i} withBorder radius="sm" p="xs" data-testid="cleanup-change">
                <Group gap="xs" mb={4}>
                  <Badge size="sm" variant="light">
                    {change.rule.name}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t("cleanup.line", { line: change.line })}
                  </Text>
                </Group>
                <Stack gap={4}>
                  <div
                    className={classes.before}
                    aria-label={t("cleanup.before")}
                    data-testid="change-before"
                  >
                    <VisibleText text={change.before} />
                  </div>
                  <div className={classes.after} aria-label={t("cleanup.after")} data-testid="change-after">
                    <VisibleText text={change.after} />
                  </div>
                </Stack>
              </Paper>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          {t("cleanup.legend")}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t("common:actions.cancel")}
          </Button>
          <Button leftSection={<IconCheck size={16} />} onClick={onAccept} disabled={!changed}>
            {t("cleanup.accept")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
