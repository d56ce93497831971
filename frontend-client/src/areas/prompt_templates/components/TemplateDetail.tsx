import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconEdit, IconPlayerPlay, IconPlayerStop, IconPower, IconRestore, IconX } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { confirm } from "@/shared/confirm";
import { formatDateTime, formatNumber } from "@/shared/format";
import { GenerationProgress, useTemplateGeneration } from "@/shared/generation";
import { userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import type { TemplateKey } from "../lib/search";
import { tokensToWords } from "../lib/tokens";
import {
  promptTemplateDeleteDocument,
  promptTemplateDocument,
  promptTemplateResetDocument,
  promptTemplateUpdateDocument,
} from "../operations";
import { editPath } from "../paths";
import { temperatureText } from "./TemperatureBadge";
import { TemplateBadges } from "./TemplateBadges";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function Block({ label, text }: { label: string; text: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-light)">
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {text}
        </Text>
      </Paper>
    </Stack>
  );
}

/** Runs the template on a text, to see what it does. */
function TryIt({ templateKey, disabled }: { templateKey: TemplateKey; disabled: boolean }) {
  const { t } = useTranslation("prompt_templates");
  const ai = useTemplateGeneration();
  const [input, setInput] = useState("");
  return (
    <Stack gap={6} component="section" aria-labelledby="template-try">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" id="template-try">
        {t("detail.try")}
      </Text>
      <Textarea
        aria-label={t("detail.tryInput")}
        placeholder={t("detail.tryPlaceholder")}
        autosize
        minRows={2}
        maxRows={6}
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        disabled={disabled}
      />
      <Group gap="xs">
        {ai.running ? (
          <Button size="xs" variant="default" leftSection={<IconPlayerStop size={14} />} onClick={ai.cancel}>
            {t("common:actions.cancel")}
          </Button>
        ) : (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlayerPlay size={14} />}
            disabled={disabled || !input.trim()}
            onClick={() => void ai.run({ ...templateKey, inputText: input })}
          >
            {t("detail.run")}
          </Button>
        )}
        {disabled && (
          <Text size="xs" c="dimmed">
            {t("detail.tryInactive")}
          </Text>
        )}
      </Group>
      {ai.phase === "failed" && <GenerationProgress generation={ai} />}
      {(ai.running || ai.phase === "done") && ai.text && (
        <Paper withBorder p="xs" radius="sm" role="status" aria-live="polite" aria-label={t("detail.result")}>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {ai.text}
          </Text>
        </Paper>
      )}
      {ai.running && !ai.text && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {t("common:generation.running")}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

export function TemplateDetail({ templateKey, onClose }: { templateKey: TemplateKey; onClose(): void }) {
  const { t } = useTranslation("prompt_templates");
  const [{ data, fetching, error }] = useQuery({ query: promptTemplateDocument, variables: templateKey });
  const reset = useFormMutation(promptTemplateResetDocument);
  const deactivate = useFormMutation(promptTemplateDeleteDocument);
  const update = useFormMutation(promptTemplateUpdateDocument);
  const template = data?.promptTemplate;
  const busy = reset.fetching || deactivate.fetching || update.fetching;

  const report = (errors: readonly UserErrorLike[] | undefined) => {
    const first = errors?.[0];
    if (first)
      notifications.show({ color: "red", title: t("common:status.error"), message: userErrorText(first, t) });
  };

  if (!template) {
    return (
      <Paper withBorder p="lg" radius="md">
        {fetching ? (
          <Group justify="center">
            <Loader size="sm" aria-label={t("common:status.loading")} />
          </Group>
        ) : (
          <Stack>
            <Alert color={error ? "red" : "yellow"} role="alert">
              {error ? t("common:status.error") : t("detail.notFound")}
            </Alert>
            <Group>
              <Button variant="default" onClick={onClose}>
                {t("common:actions.close")}
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
    );
  }

  const key = `${template.category}/${template.action}`;
  const words = tokensToWords(template.maxTokens);

  const onReset = async () => {
    const sure = await confirm({
      title: t("detail.resetTitle"),
      message: t("detail.resetMessage", { key }),
      confirmLabel: t("detail.reset"),
      danger: true,
    });
    if (!sure) return;
    const { ok, data } = await reset.submit({ input: templateKey });
    if (ok) notifications.show({ color: "green", message: t("detail.resetDone", { key }) });
    else report(data?.promptTemplateReset.userErrors);
  };
  const onDeactivate = async () => {
    const sure = await confirm({
      title: t("detail.deactivateTitle"),
      message: t("detail.deactivateMessage", { key }),
      confirmLabel: t("detail.deactivate"),
    });
    if (!sure) return;
    const { ok, data } = await deactivate.submit({ input: templateKey });
    if (ok) notifications.show({ color: "green", message: t("detail.deactivated", { key }) });
    else report(data?.promptTemplateDelete.userErrors);
  };
  const onActivate = async () => {
    const { ok, data } = await update.submit({ input: { ...templateKey, active: true } });
    if (ok) notifications.show({ color: "green", message: t("detail.activated", { key }) });
    else report(data?.promptTemplateUpdate.userErrors);
  };

  return (
    <Paper withBorder radius="md" component="section" aria-label={t("detail.label", { key })}>
      <ScrollArea.Autosize mah="calc(100vh - 100px)" type="auto">
        <Stack gap="md" p="lg">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={2} size="h3" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                {key}
              </Title>
              <TemplateBadges template={template} />
            </Stack>
            <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label={t("detail.close")}>
              <IconX size={18} />
            </ActionIcon>
          </Group>
          {template.description && <Text size="sm">{template.description}</Text>}

          <Group gap="xs">
            <Button component={Link} to={editPath(template)} size="xs" leftSection={<IconEdit size={16} />}>
              {t("detail.edit")}
            </Button>
            {template.isDefault && template.isModified && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRestore size={16} />}
                disabled={busy}
                onClick={() => void onReset()}
              >
                {t("detail.reset")}
              </Button>
            )}
            {template.active ? (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPower size={16} />}
                disabled={busy}
                onClick={() => void onDeactivate()}
              >
                {t("detail.deactivate")}
              </Button>
            ) : (
              <Button
                size="xs"
                variant="light"
                color="green"
                leftSection={<IconPower size={16} />}
                disabled={busy}
                onClick={() => void onActivate()}
              >
                {t("detail.activate")}
              </Button>
            )}
          </Group>

          <SimpleGrid cols={4} spacing="sm">
            <Fact label={t("fields.version")}>
              <span data-testid="template-version">{template.version}</span>
            </Fact>
            <Fact label={t("fields.model")}>{template.model ?? t("detail.notSet")}</Fact>
            <Fact label={t("fields.temperature")}>{temperatureText(template.temperature, t)}</Fact>
            <Fact label={t("fields.maxTokens")}>
              {template.maxTokens != null ? formatNumber(template.maxTokens) : t("detail.notSet")}
              {words !== null && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  {t("detail.words", { count: words, words: formatNumber(words) })}
                </Text>
              )}
            </Fact>
          </SimpleGrid>
          <Block label={t("fields.preCondition")} text={template.preCondition} />
          <Block label={t("fields.postCondition")} text={template.postCondition} />
          {template.updatedAt && (
            <Text size="xs" c="dimmed">
              {t("detail.updated", { date: formatDateTime(template.updatedAt) })}
            </Text>
          )}
          <TryIt templateKey={templateKey} disabled={!template.active} />
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
