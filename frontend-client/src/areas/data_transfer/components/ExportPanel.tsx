import { Alert, Button, Checkbox, Paper, Stack, Text, Title } from "@mantine/core";
import { IconDatabaseExport } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { JobFields } from "@/areas/jobs/public";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { dataExportCreateDocument } from "../operations";
import { RecentJobs } from "./RecentJobs";

/** Start an export (what goes in it), then follow it to its Download button. */
export function ExportPanel() {
  const { t } = useTranslation("data_transfer");
  const [sketches, setSketches] = useState(true);
  const [templates, setTemplates] = useState(true);
  const [started, setStarted] = useState<JobFields[]>([]);
  const create = useFormMutation(dataExportCreateDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { ok, data } = await create.submit({
      input: { includeSketches: sketches, includePromptTemplates: templates },
    });
    const job = data?.dataExportCreate.job;
    if (ok && job) setStarted((prev) => [job, ...prev]);
  };

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="export-title">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id="export-title">
            {t("export.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("export.intro")}
          </Text>
        </div>
        <form onSubmit={(event) => void submit(event)}>
          <Stack gap="sm">
            <Checkbox
              label={t("export.sketches")}
              description={t("export.sketchesHint")}
              checked={sketches}
              onChange={(e) => setSketches(e.currentTarget.checked)}
            />
            <Checkbox
              label={t("export.templates")}
              description={t("export.templatesHint")}
              checked={templates}
              onChange={(e) => setTemplates(e.currentTarget.checked)}
            />
            {create.formError && <Alert color="red">{create.formError}</Alert>}
            <div>
              <Button type="submit" loading={create.fetching} leftSection={<IconDatabaseExport size={18} />}>
                {t("export.start")}
              </Button>
            </div>
          </Stack>
        </form>
        <RecentJobs
          kind="DATA_EXPORT"
          title={t("export.recent")}
          emptyText={t("export.none")}
          allLabel={t("export.all")}
          started={started}
        />
      </Stack>
    </Paper>
  );
}
