import {
  Anchor,
  Badge,
  Button,
  Divider,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useLiveJob, type JobFields } from "../hooks";
import { jobsTrayDocument } from "../operations";
import { jobsPath } from "../paths";
import { JobCard } from "./JobCard";

const SHOWN = 5;
const RECENT = 3;
const POLL_MS = 30_000;

/** Follows a running job, so that its end refreshes the count (open or closed). */
function Watch({ job, onEnd }: { job: JobFields; onEnd: () => void }) {
  useLiveJob(job, { onEnd });
  return null;
}

/**
 * The header's jobs indicator: how many jobs are queued or running, opening a panel with them (live) and
 * the last few that ended. Refreshed when a mutation returns a job, when one ends, and every 30 s.
 */
export default function JobsTray() {
  const { t } = useTranslation("jobs");
  const [opened, setOpened] = useState(false);
  const context = useMemo(() => ({ additionalTypenames: ["Job"] }), []);
  const [{ data }, reexecute] = useQuery({
    query: jobsTrayDocument,
    variables: { recent: RECENT },
    context,
  });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const running = data?.running.nodes ?? [];
  const count = data?.running.totalCount ?? 0;
  const recent = data?.recent.nodes ?? [];
  const label = count ? t("tray.label", { count }) : t("tray.labelIdle");

  return (
    <>
      {running.map((job) => (
        <Watch key={job.id} job={job} onEnd={refresh} />
      ))}
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={380}
        shadow="md"
        trapFocus
        returnFocus
        withinPortal
      >
        <Popover.Target>
          <Button
            variant={count ? "light" : "subtle"}
            size="compact-md"
            color={count ? "blue" : "gray"}
            leftSection={count ? <Loader size={14} /> : <IconChecklist size={18} />}
            rightSection={
              count ? (
                <Badge size="sm" circle data-testid="jobs-tray-count">
                  {count}
                </Badge>
              ) : undefined
            }
            onClick={() => {
              if (!opened) refresh();
              setOpened((o) => !o);
            }}
            aria-label={label}
            aria-expanded={opened}
            data-testid="jobs-tray"
          >
            <Text span size="sm" visibleFrom="sm">
              {t("tray.button")}
            </Text>
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="sm" aria-label={t("list.label")}>
          <ScrollArea.Autosize mah="70vh" type="auto">
            <Stack gap="xs">
              <Title order={2} size="h6">
                {t("tray.running")}
              </Title>
              {running.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t("tray.nothingRunning")}
                </Text>
              )}
              {running.slice(0, SHOWN).map((job) => (
                <JobCard key={job.id} job={job} compact />
              ))}
              {count > SHOWN && (
                <Text size="xs" c="dimmed">
                  {t("tray.more", { count: count - SHOWN })}
                </Text>
              )}
              {recent.length > 0 && (
                <>
                  <Divider my={4} />
                  <Title order={2} size="h6">
                    {t("tray.recent")}
                  </Title>
                  {recent.map((job) => (
                    <JobCard key={job.id} job={job} compact />
                  ))}
                </>
              )}
              <Anchor component={Link} to={jobsPath} size="sm" onClick={() => setOpened(false)}>
                {t("tray.all")}
              </Anchor>
            </Stack>
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}
