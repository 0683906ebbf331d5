import path from 'node:path';
import { errorMessage } from '../util/errors.js';

export type UploadResult = { uploaded: true; id?: number; size?: number } | { uploaded: false; reason: string };

/** Uploads the report files as a workflow artifact. */
export interface ReportUploader {
  upload(name: string, files: string[], rootDirectory: string): Promise<UploadResult>;
}

/**
 * @actions/artifact, loaded only when an upload happens: it pulls in a large blob-storage client
 * that a cold start should not pay for.
 */
export const actionsArtifactUploader: ReportUploader = {
  async upload(name, files, rootDirectory) {
    if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
      return { uploaded: false, reason: 'not running inside GitHub Actions (ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL are not set)' };
    }
    try {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const client = new DefaultArtifactClient();
      const r = await client.uploadArtifact(
        name,
        files.map((f) => path.resolve(rootDirectory, f)),
        rootDirectory,
        {},
      );
      return { uploaded: true, id: r.id, size: r.size };
    } catch (e) {
      const msg = errorMessage(e);
      const hint = /conflict|already exists|409/i.test(msg)
        ? ' An artifact with this name already exists in this run: give each gate (matrix entry) its own id.'
        : '';
      return { uploaded: false, reason: `${msg}${hint}` };
    }
  },
};
