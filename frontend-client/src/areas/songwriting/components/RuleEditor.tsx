import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDeviceFloppy, IconRestore } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import type { LyricRuleFieldsFragment, LyricRuleKind, LyricRulePreviewQuery } from "@/gql/graphql";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { lyricRuleCreateDocument, lyricRulePreviewDocument, lyricRuleUpdateDocument } from "../operations";
import { useSongwritingErrorText } from "./errors";
import { VisibleText } from "./VisibleText";

const PREVIEW_DELAY_MS = 300;

export interface RuleValues {
  name: string;
  description: string;
  pattern: string;
  replacement: string;
  kind: LyricRuleKind;
  active: boolean;
}

export function ruleValues(rule: LyricRuleFieldsFragment | null): RuleValues {
  return rule
    ? {
        name: rule.name,
        description: rule.description ?? "",
        pattern: rule.pattern,
        replacement: rule.replacement,
        kind: rule.kind,
        active: rule.active,
      }
    : { name: "", description: "", pattern: "", replacement: "", kind: "CLEANUP", active: true };
}

type Preview = { key: string; result: LyricRulePreviewQuery["lyricRulePreview"] };

/**
 * A rule being written or changed, with a live preview through the server (lyricRulePreview, the engine cleanup
 * uses): the sample text with what the pattern matches marked, and the text after the rule, whitespace shown. A
 * pattern that does not compile says where, under the field, as it is typed.
 */
export function RuleEditor({
  rule,
  sample,
  onSample,
  onSaved,
  onClose,
  onReset,
}: {
  /** Null: a new rule. */
  rule: LyricRuleFieldsFragment | null;
  sample: string;
  onSample(text: string): void;
  onSaved(rule: LyricRuleFieldsFragment): void;
  onClose(): void;
  onReset(rule: LyricRuleFieldsFragment): void;
}) {
  const { t } = useTranslation("songwriting");
  const client = useClient();
  const errorText = useSongwritingErrorText();
  const initial = ruleValues(rule);
  const [values, setValues] = useState<RuleValues>(initial);
  const create = useFormMutation(lyricRuleCreateDocument);
  const update = useFormMutation(lyricRuleUpdateDocument);
  const saving = rule ? update : create;
  const set = <K extends keyof RuleValues>(key: K, value: RuleValues[K]) => {
    saving.reset();
    setValues((v) => ({ ...v, [key]: value }));
  };

  // The preview, asked for as typing pauses; kept until the next answer so it does not flicker.
  const key = JSON.stringify([values.pattern, values.replacement, sample]);
  const [debounced] = useDebouncedValue(key, PREVIEW_DELAY_MS);
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    const [pattern, replacement, text] = JSON.parse(debounced) as [string, string, string];
    if (!pattern.trim()) return;
    let live = true;
    void client
      .query(lyricRulePreviewDocument, { input: { pattern, replacement, text } }, { uncached: true })
      .toPromise()
      .then((result) => {
        if (live && result.data) setPreview({ key: debounced, result: result.data.lyricRulePreview });
      });
    return () => {
      live = false;
    };
  }, [client, debounced]);
  const shown = values.pattern.trim() ? preview?.result : null;
  const previewErrors: Record<string, string> = {};
  const otherErrors: string[] = [];
  for (const error of shown?.userErrors ?? []) {
    const field = error.field?.[error.field.length - 1];
    if (field === "pattern" || field === "replacement") previewErrors[field] ??= errorText(error);
    else otherErrors.push(errorText(error));
  }

  const submit = async () => {
    const content = {
      name: values.name,
      description: values.description.trim() ? values.description : null,
      pattern: values.pattern,
      replacement: values.replacement,
      kind: values.kind,
      active: values.active,
    };
    if (rule) {
      // Only what changed: a shipped rule stays as it ships in every field not touched.
      const changed = Object.fromEntries(
        Object.entries(content).filter(([k, v]) => {
          const before = k === "description" ? (rule.description ?? null) : rule[k as keyof typeof content];
          return v !== before;
        }),
      );
      if (!Object.keys(changed).length) return onClose();
      const { ok, data } = await update.submit({ input: { id: rule.id, ...changed } });
      const saved = data?.lyricRuleUpdate.lyricRule;
      if (ok && saved) onSaved(saved);
    } else {
      const { ok, data } = await create.submit({ input: content });
      const saved = data?.lyricRuleCreate.lyricRule;
      if (ok && saved) onSaved(saved);
    }
  };

  const monospace = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-label={t("rules.editor")}
      data-testid="rule-editor"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={2} size="h4">
              {rule ? t("rules.editTitle", { name: rule.name }) : t("rules.newTitle")}
            </Title>
            {rule?.isDefault && (
              <Badge variant="light" color={rule.isModified ? "orange" : "gray"}>
                {rule.isModified ? t("rules.modified") : t("rules.shipped")}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t("rules.name")}
              required
              value={values.name}
              onChange={(e) => set("name", e.currentTarget.value)}
              error={saving.fieldErrors.name}
              maxLength={100}
              data-autofocus
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="rule-kind">
                {t("rules.kind")}
              </Text>
              <SegmentedControl
                size="xs"
                aria-labelledby="rule-kind"
                value={values.kind}
                onChange={(value) => set("kind", value as LyricRuleKind)}
                data={(["CLEANUP", "SECTION"] as const).map((k) => ({
                  value: k,
                  label: t(`rules.kinds.${k}`),
                }))}
                style={{ alignSelf: "flex-start" }}
              />
            </Stack>
          </SimpleGrid>
          <TextInput
            label={t("rules.description")}
            value={values.description}
            onChange={(e) => set("description", e.currentTarget.value)}
            error={saving.fieldErrors.description}
          />
          <TextInput
            label={t("rules.pattern")}
            description={t("rules.patternHint")}
            required
            value={values.pattern}
            onChange={(e) => set("pattern", e.currentTarget.value)}
            error={saving.fieldErrors.pattern ?? previewErrors.pattern}
            styles={monospace}
            spellCheck={false}
            autoComplete="off"
          />
          <Textarea
            label={t("rules.replacement")}
            description={t("rules.replacementHint")}
            value={values.replacement}
            onChange={(e) => set("replacement", e.currentTarget.value)}
            error={saving.fieldErrors.replacement ?? previewErrors.replacement}
            styles={monospace}
            autosize
            minRows={1}
            maxRows={5}
            spellCheck={false}
          />
          <Checkbox
            label={t("rules.activeLabel")}
            checked={values.active}
            onChange={(e) => set("active", e.currentTarget.checked)}
          />
          {saving.formError && (
            <Alert color="red" p="xs" role="alert">
              {saving.formError}
            </Alert>
          )}
          <Group gap="xs">
            <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={saving.fetching}>
              {rule ? t("common:actions.save") : t("rules.create")}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t("common:actions.close")}
            </Button>
            {rule?.isDefault && rule.isModified && (
              <Button
                variant="subtle"
                color="orange"
                leftSection={<IconRestore size={16} />}
                onClick={() => onReset(rule)}
              >
                {t("rules.reset")}
              </Button>
            )}
          </Group>

          <Stack gap="xs" component="section" aria-label={t("rules.preview")}>
            <Title order={3} size="h5">
              {t("rules.preview")}
            </Title>
            <Textarea
              label={t("rules.sample")}
              description={t("rules.sampleHint")}
              value={sample}
              onChange={(e) => onSample(e.currentTarget.value)}
              autosize
              minRows={3}
              maxRows={10}
              styles={monospace}
            />
            {!values.pattern.trim() ? (
              <Text size="sm" c="dimmed">
                {t("rules.previewNeedsPattern")}
              </Text>
            ) : shown?.userErrors.length ? (
              <Alert color="red" p="xs" data-testid="rule-preview-error">
                {[...Object.values(previewErrors), ...otherErrors].join(" ")}
              </Alert>
            ) : shown ? (
              <Stack gap="xs" data-testid="rule-preview" aria-busy={preview?.key !== key}>
                <Text size="sm" data-testid="rule-match-count">
                  {t("rules.matches", { count: shown.matchCount })}
                </Text>
                <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
                  <Stack gap={4}>
                    <Text size="xs" fw={600} c="dimmed">
                      {t("rules.before")}
                    </Text>
                    <Paper withBorder p="xs" radius="sm">
                      <VisibleText text={sample} matches={shown.matches} testId="rule-preview-before" />
                    </Paper>
                  </Stack>
                  <Stack gap={4}>
                    <Text size="xs" fw={600} c="dimmed">
                      {t("rules.after")}
                    </Text>
                    <Paper withBorder p="xs" radius="sm">
                      <VisibleText text={shown.text ?? ""} testId="rule-preview-after" />
                    </Paper>
                  </Stack>
                </SimpleGrid>
                <Text size="xs" c="dimmed">
                  {t("rules.legend")}
                </Text>
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t("common:status.loading")}
              </Text>
            )}
          </Stack>
        </Stack>
      </form>
    </Paper>
  );
}
