import { Alert, Button, Checkbox, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { IconDatabaseExport } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { JobFields } from "@/areas/jobs/public";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { dataExportCreateDocument } from "../operations";
import { RecentJobs } from "./RecentJobs";

/** The parts an export may leave out: the label's key and the input field that says so. */
const PARTS = [
  { key: "sketches", field: "includeSketches" },
  { key: "templates", field: "includePromptTemplates" },
  { key: "songs", field: "includeSongs" },
  { key: "images", field: "includeImages" },
  { key: "projects", field: "includeProjects" },
  { key: "equipment", field: "includeEquipment" },
] as const;
type Part = (typeof PARTS)[number]["field"];

/** Start an export (what goes in it), then follow it to its Download button. */
export function ExportPanel() {
  const { t } = useTranslation("data_transfer");
  const [included, setIncluded] = useState<Record<Part, boolean>>({
    includeSketches: true,
    includePromptTemplates: true,
    includeSongs: true,
    includeImages: true,
    includeProjects: true,
    includeEquipment: true,
  });
  // The equipment's secrets go into the archive only with a passphrase (encrypted with it); empty: left out.
  const [passphrase, setPassphrase] = useState("");
  const [started, setStarted] = useState<JobFields[]>([]);
  const create = useFormMutation(dataExportCreateDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { ok, data } = await create.submit({
      input: { ...included, passphrase: passphrase || null },
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
            {PARTS.map(({ key, field }) => (
              <Checkbox
                key={key}
                label={t(`export.${key}`)}
                description={t(`export.${key}Hint`)}
                checked={included[field]}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setIncluded((prev) => ({ ...prev, [field]: checked }));
                }}
              />
            ))}
            <PasswordInput
              label={t("export.passphrase")}
              description={t("export.passphraseHint")}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              error={create.fieldErrors.passphrase}
              autoComplete="new-password"
              maw={420}
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
