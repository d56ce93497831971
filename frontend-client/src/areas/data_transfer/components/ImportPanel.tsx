import {
  Alert,
  Button,
  FileButton,
  Group,
  Paper,
  PasswordInput,
  Progress,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconFileImport, IconFileZip, IconPlayerStop } from "@tabler/icons-react";
import { useRef, useState, type DragEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import type { JobFields } from "@/areas/jobs/public";
import { formatBytes, formatPercent } from "@/shared/format";
import { describeError, userErrorText, type UserErrorLike } from "@/shared/graphql/errors";
import {
  importFile,
  type ImportPhase,
  type ImportProblem,
  type ImportSteps,
  type StepResult,
} from "../importFile";
import { dataImportCreateDocument, uploadCreateDocument } from "../operations";
import { hashFile } from "../sha256";
import { sendFile } from "../upload";
import { RecentJobs } from "./RecentJobs";

const ACCEPT = ".zip,application/zip,application/x-zip-compressed";

function PhaseView({ phase, onStop }: { phase: ImportPhase; onStop: () => void }) {
  const { t } = useTranslation("data_transfer");
  let text: string;
  let fraction: number;
  let label: string;
  if (phase.step === "hashing") {
    text = t("import.hashing");
    fraction = phase.fraction;
    label = t("import.hashProgress");
  } else if (phase.step === "uploading") {
    text = t("import.uploading", { sent: formatBytes(phase.sent), total: formatBytes(phase.total) });
    fraction = phase.total ? phase.sent / phase.total : 0;
    label = t("import.uploadProgress");
  } else {
    text = t("import.starting");
    fraction = 1;
    label = t("import.uploadProgress");
  }
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <Stack gap={4} data-testid="import-phase" data-step={phase.step}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" aria-live="polite">
          {text}
        </Text>
        <Text size="sm" fw={600}>
          {formatPercent(percent / 100)}
        </Text>
      </Group>
      <Progress.Root size="md" radius="xl">
        <Progress.Section value={percent} aria-label={label} striped animated />
      </Progress.Root>
      <div>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          leftSection={<IconPlayerStop size={14} />}
          onClick={onStop}
          disabled={phase.step === "starting"}
        >
          {t("import.stop")}
        </Button>
      </div>
    </Stack>
  );
}

function problemText(problem: ImportProblem, t: TFunction<"data_transfer">): string {
  switch (problem.kind) {
    case "empty":
      return t("import.empty");
    case "tooLarge":
      return t("import.tooLarge");
    case "expired":
      return t("import.expired");
    case "network":
      return t("import.network");
    case "rejected":
      return t("import.rejected", { reason: problem.reason });
    case "notStarted":
      return t("import.notStarted", { reason: problem.reason });
    case "aborted":
      return t("import.stopped");
  }
}

/** Pick or drop an archive, upload it with progress, then follow the import job to its counts. */
export function ImportPanel() {
  const { t } = useTranslation("data_transfer");
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<ImportPhase | null>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [started, setStarted] = useState<JobFields[]>([]);
  const [passphrase, setPassphrase] = useState(""); // the export's, when it holds secrets
  const controller = useRef<AbortController | null>(null);
  const resetInput = useRef<() => void>(null);
  const [, createUpload] = useMutation(uploadCreateDocument);
  const [, startImport] = useMutation(dataImportCreateDocument);
  const busy = phase !== null;

  const refused = (errors: readonly UserErrorLike[]): ImportProblem => {
    const tooLarge = errors.find((e) => e.field?.at(-1) === "sizeBytes" && e.code === "TOO_LONG");
    if (tooLarge) return { kind: "tooLarge", reason: tooLarge.message };
    return { kind: "notStarted", reason: errors.map((e) => userErrorText(e, t)).join(" ") };
  };

  const steps: ImportSteps<File, JobFields> = {
    hash: (f, onProgress, signal) => hashFile(f, { onProgress, signal }),
    async createUpload(input) {
      const result = await createUpload({ input });
      if (result.error)
        return { ok: false, problem: { kind: "notStarted", reason: describeError(result.error, t) } };
      const payload = result.data?.uploadCreate;
      if (!payload?.upload || payload.userErrors.length)
        return { ok: false, problem: refused(payload?.userErrors ?? []) };
      return { ok: true, value: payload.upload };
    },
    send: (target, f, onProgress, signal) => sendFile(target, f, { onProgress, signal }),
    async startImport(uploadId): Promise<StepResult<JobFields>> {
      const result = await startImport({ input: { uploadId, passphrase: passphrase || null } });
      if (result.error)
        return { ok: false, problem: { kind: "notStarted", reason: describeError(result.error, t) } };
      const payload = result.data?.dataImportCreate;
      if (!payload?.job || payload.userErrors.length)
        return { ok: false, problem: refused(payload?.userErrors ?? []) };
      return { ok: true, value: payload.job };
    },
  };

  const choose = (chosen: File | null) => {
    if (busy || !chosen) return;
    setFile(chosen);
    setProblem(null);
    setUploaded(null);
    resetInput.current?.();
  };

  const run = async () => {
    if (!file || busy) return;
    const abort = new AbortController();
    controller.current = abort;
    setProblem(null);
    setUploaded(null);
    try {
      const result = await importFile(file, steps, setPhase, abort.signal);
      if (result.ok) {
        setStarted((prev) => [result.value, ...prev]);
        setUploaded(file.name);
        setFile(null);
      } else {
        setProblem(result.problem);
      }
    } catch (error) {
      setProblem({ kind: "notStarted", reason: error instanceof Error ? error.message : String(error) });
    } finally {
      controller.current = null;
      setPhase(null);
    }
  };

  const onDrag = (event: DragEvent, over: boolean) => {
    event.preventDefault();
    if (!busy) setDragging(over);
  };

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="import-title">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id="import-title">
            {t("import.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("import.intro")}
          </Text>
        </div>
        <Paper
          p="lg"
          radius="md"
          role="group"
          aria-label={t("import.zone")}
          data-testid="import-dropzone"
          onDragEnter={(e) => onDrag(e, true)}
          onDragOver={(e) => onDrag(e, true)}
          onDragLeave={(e) => onDrag(e, false)}
          onDrop={(e) => {
            onDrag(e, false);
            choose(e.dataTransfer.files[0] ?? null);
          }}
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? "blue-6" : "gray-4"})`,
            background: dragging ? "var(--mantine-color-blue-0)" : undefined,
          }}
        >
          <Stack align="center" gap={6}>
            <IconFileZip size={32} stroke={1.4} aria-hidden />
            <Text size="sm">{dragging ? t("import.dropNow") : t("import.drop")}</Text>
            <Text size="xs" c="dimmed">
              {t("import.or")}
            </Text>
            <FileButton onChange={choose} accept={ACCEPT} resetRef={resetInput} disabled={busy}>
              {(props) => (
                <Button variant="default" size="sm" {...props}>
                  {file ? t("import.another") : t("import.choose")}
                </Button>
              )}
            </FileButton>
          </Stack>
        </Paper>

        {file && !busy && (
          <PasswordInput
            label={t("import.passphrase")}
            description={t("import.passphraseHint")}
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="off"
            maw={420}
          />
        )}
        {file && !busy && (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm" fw={500} truncate data-testid="import-file">
              {t("import.selected", { name: file.name, size: formatBytes(file.size) })}
            </Text>
            <Button onClick={() => void run()} leftSection={<IconFileImport size={18} />}>
              {t("import.start")}
            </Button>
          </Group>
        )}
        {phase && <PhaseView phase={phase} onStop={() => controller.current?.abort()} />}
        {problem && (
          <Alert
            color={problem.kind === "aborted" ? "gray" : "red"}
            title={problem.kind === "aborted" ? undefined : t("import.uploadFailed")}
            role="alert"
            data-testid="import-problem"
          >
            {problemText(problem, t)}
          </Alert>
        )}
        {uploaded && (
          <Text size="sm" c="green.8" role="status">
            {t("import.uploaded", { name: uploaded })}
          </Text>
        )}
        <RecentJobs
          kind="DATA_IMPORT"
          title={t("import.recent")}
          emptyText={t("import.none")}
          allLabel={t("import.all")}
          started={started}
          failureTitle={t("import.failedTitle")}
        />
      </Stack>
    </Paper>
  );
}
