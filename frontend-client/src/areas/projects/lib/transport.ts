import type { Client, CombinedError } from "urql";
import { sendFile } from "@/areas/data_transfer/public";
import {
  projectFileUploadAbortDocument,
  projectFileUploadCompleteDocument,
  projectFileUploadCreateDocument,
  projectUploadPartsDocument,
} from "../operations";
import { sha256OfBlob } from "./hash";
import { UploadQueue, type PartRequest, type UploadTransport } from "./uploader";

function failed(error: CombinedError): Error {
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  return new Error(messages.length ? messages.join(" ") : error.message);
}

/** The queue's transport over the API (urql) and storage's signed URLs (XMLHttpRequest, for upload progress). */
export function apiTransport(client: Client): UploadTransport {
  return {
    async create(input) {
      const result = await client.mutation(projectFileUploadCreateDocument, { input }).toPromise();
      if (result.error || !result.data) throw failed(result.error!);
      const { upload, userErrors } = result.data.projectFileUploadCreate;
      return {
        upload: upload
          ? {
              id: upload.id,
              partSize: Number(upload.partSize),
              partCount: upload.partCount,
              uploadedParts: upload.uploadedParts,
            }
          : null,
        errors: userErrors,
      };
    },
    async parts(id, numbers) {
      const result = await client
        .query(
          projectUploadPartsDocument,
          { id, numbers: numbers ?? null },
          { requestPolicy: "network-only" },
        )
        .toPromise();
      if (result.error || !result.data) throw failed(result.error!);
      const node = result.data.node;
      if (node?.__typename !== "ProjectFileUpload") throw new Error("The upload is gone.");
      return node.parts.map((part): PartRequest => ({
        number: part.number,
        offset: Number(part.offset),
        sizeBytes: Number(part.sizeBytes),
        url: part.url,
        method: part.method,
        headers: part.headers,
      }));
    },
    async complete(id) {
      const result = await client.mutation(projectFileUploadCompleteDocument, { input: { id } }).toPromise();
      if (result.error || !result.data) throw failed(result.error!);
      const { file, userErrors } = result.data.projectFileUploadComplete;
      return { fileId: file?.id ?? null, errors: userErrors };
    },
    async abort(id) {
      await client.mutation(projectFileUploadAbortDocument, { input: { id } }).toPromise();
    },
    send: (target, body, onProgress, signal) => sendFile(target, body, { onProgress, signal }),
    hash: (file, onProgress, signal) => sha256OfBlob(file, { onProgress, signal }),
  };
}

const queues = new WeakMap<Client, UploadQueue>();

/** The upload queue of a GraphQL client (one per session): uploads go on while the user moves between pages. */
export function queueFor(client: Client): UploadQueue {
  let queue = queues.get(client);
  if (!queue) {
    queue = new UploadQueue(apiTransport(client));
    queues.set(client, queue);
  }
  return queue;
}
