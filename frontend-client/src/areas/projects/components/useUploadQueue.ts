import { useEffect, useSyncExternalStore } from "react";
import { useClient } from "urql";
import { queueFor } from "../lib/transport";
import type { UploadItem, UploadQueue } from "../lib/uploader";

/** The session's upload queue and its items (all projects'). */
export function useUploadQueue(): { queue: UploadQueue; items: readonly UploadItem[] } {
  const queue = queueFor(useClient());
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  return { queue, items };
}

/** Calls `onDone` for every file of this project that arrives. */
export function useFileArrived(queue: UploadQueue, projectId: string, onDone: (item: UploadItem) => void) {
  useEffect(
    () =>
      queue.onFileDone((item) => {
        if (item.projectId === projectId) onDone(item);
      }),
    [queue, projectId, onDone],
  );
}
