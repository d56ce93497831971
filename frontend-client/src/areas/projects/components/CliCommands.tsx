import { ActionIcon, Button, Code, CopyButton, Group, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy, IconTerminal2 } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { cliCommands } from "../lib/cli";

function Line({ label, command }: { label: string; command: string }) {
  const { t } = useTranslation("projects");
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Code style={{ flex: 1, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{command}</Code>
        <CopyButton value={command} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("cli.copied") : t("cli.copy")} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                onClick={copy}
                aria-label={t("cli.copyOne", { what: label })}
              >
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** The `aiproxy` commands for this folder (log in, upload, mirror, download), each to copy, or all at once. */
export function CliCommands({ project, folder }: { project: string; folder: string }) {
  const { t } = useTranslation("projects");
  const commands = cliCommands(window.location.origin, project, folder);
  const all = [commands.login, commands.upload, commands.mirror, commands.download].join("\n");
  return (
    <Popover width={520} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Button variant="default" size="xs" leftSection={<IconTerminal2 size={14} />}>
          {t("cli.button")}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="cli-commands">
        <Stack gap="xs">
          <Text size="sm">{t("cli.intro")}</Text>
          <Line label={t("cli.login")} command={commands.login} />
          <Line label={t("cli.upload")} command={commands.upload} />
          <Line label={t("cli.mirror")} command={commands.mirror} />
          <Line label={t("cli.download")} command={commands.download} />
          <CopyButton value={all} timeout={1500}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="light"
                color={copied ? "teal" : undefined}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? t("cli.copied") : t("cli.copyAll")}
              </Button>
            )}
          </CopyButton>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
