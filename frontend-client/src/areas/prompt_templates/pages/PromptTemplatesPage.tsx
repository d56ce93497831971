import {
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { PromptTemplateListQuery, PromptTemplateListQueryVariables } from "@/gql/graphql";
import { LoadMore, SearchInput, useConnection } from "@/shared/lists";
import { TemperatureBadge } from "../components/TemperatureBadge";
import { TemplateBadges } from "../components/TemplateBadges";
import { TemplateDetail } from "../components/TemplateDetail";
import { groupByCategory, searchTemplates } from "../lib/search";
import { tokensToWords } from "../lib/tokens";
import { promptTemplateListDocument } from "../operations";
import { NEW_PATH, parseKey } from "../paths";

type TemplateNode = PromptTemplateListQuery["promptTemplates"]["nodes"][number];

/** Templates are few (about twenty shipped, plus your own): load them in pages of the most the API gives. */
const PAGE_SIZE = 100;

function TemplateRow({
  template,
  selected,
  onSelect,
}: {
  template: TemplateNode;
  selected: boolean;
  onSelect(): void;
}) {
  const { t } = useTranslation("prompt_templates");
  const words = tokensToWords(template.maxTokens);
  return (
    <UnstyledButton
      onClick={onSelect}
      aria-current={selected ? "true" : undefined}
      data-testid="template-row"
      p="xs"
      w="100%"
      style={{
        borderRadius: "var(--mantine-radius-sm)",
        background: selected ? "var(--mantine-color-blue-light)" : undefined,
        opacity: template.active ? 1 : 0.65,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" ff="monospace" truncate>
          {template.action}
        </Text>
        <TemplateBadges template={template} />
      </Group>
      {template.description && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {template.description}
        </Text>
      )}
      <Group gap={6} mt={4}>
        <Text size="xs" c="dimmed">
          v{template.version}
        </Text>
        {template.model && (
          <Text size="xs" c="dimmed">
            · {template.model}
          </Text>
        )}
        <TemperatureBadge value={template.temperature} />
        {words !== null && (
          <Text size="xs" c="dimmed">
            {t("list.words", { count: words })}
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
}

/** Prompt templates: search over category and action, the chosen one beside the list. */
export default function PromptTemplatesPage() {
  const { t } = useTranslation("prompt_templates");
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const showInactive = params.get("inactive") === "1";
  const selected = parseKey(params.get("template"));

  const change = (mutate: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        mutate(next);
        return next;
      },
      { replace: true },
    );

  const list = useConnection<PromptTemplateListQuery, PromptTemplateListQueryVariables, TemplateNode>({
    query: promptTemplateListDocument,
    variables: { filter: { activeOnly: !showInactive } },
    connection: (data) => data.promptTemplates,
    pageSize: PAGE_SIZE,
  });

  const found = searchTemplates(list.nodes, query);
  const groups = groupByCategory(found);
  const onSearch = (value: string) => {
    setQuery(value);
    change((next) => {
      if (value.trim()) next.set("q", value);
      else next.delete("q");
    });
  };
  const select = (key: { category: string; action: string } | null) =>
    change((next) => {
      if (key) next.set("template", `${key.category}/${key.action}`);
      else next.delete("template");
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t("list.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("list.intro")}
          </Text>
        </div>
        <Button component={Link} to={NEW_PATH} leftSection={<IconPlus size={16} />}>
          {t("list.new")}
        </Button>
      </Group>
      <Group gap="md" align="flex-end">
        <SearchInput value={query} onChange={onSearch} ns="prompt_templates" />
        <Checkbox
          label={t("list.showInactive")}
          checked={showInactive}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            change((next) => {
              if (checked) next.set("inactive", "1");
              else next.delete("inactive");
            });
          }}
          mb={8}
        />
      </Group>
      <Grid gutter="md" align="flex-start">
        <Grid.Col span={5}>
          <Stack gap="sm" component="section" aria-label={t("list.results")}>
            {list.error && (
              <Alert color="red" role="alert">
                {t("common:status.error")}
              </Alert>
            )}
            {!list.loaded && !list.error && (
              <Center p="xl">
                <Loader aria-label={t("common:status.loading")} />
              </Center>
            )}
            {list.loaded && found.length === 0 && (
              <Paper withBorder p="lg" radius="md">
                <Text size="sm" c="dimmed" ta="center">
                  {t("list.noMatch")}
                </Text>
              </Paper>
            )}
            {groups.map(([category, templates]) => (
              <Paper withBorder radius="md" p="xs" key={category}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="xs" pb={4} id={`category-${category}`}>
                  {category}
                </Text>
                <Stack gap={2} role="list" aria-labelledby={`category-${category}`}>
                  {templates.map((template) => (
                    <Box role="listitem" key={template.id}>
                      <TemplateRow
                        template={template}
                        selected={
                          selected?.category === template.category && selected.action === template.action
                        }
                        onSelect={() => select(template)}
                      />
                    </Box>
                  ))}
                </Stack>
              </Paper>
            ))}
            {list.loaded && (
              <Text size="xs" c="dimmed" ta="center">
                {t("list.count", { shown: found.length, total: list.nodes.length })}
              </Text>
            )}
            {list.hasNextPage && <LoadMore list={list} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={7}>
          <Box pos="sticky" top={72}>
            {selected ? (
              <TemplateDetail
                key={`${selected.category}/${selected.action}`}
                templateKey={selected}
                onClose={() => select(null)}
              />
            ) : (
              <Paper withBorder p="xl" radius="md" c="dimmed">
                <Text ta="center" size="sm">
                  {t("detail.pick")}
                </Text>
              </Paper>
            )}
          </Box>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
