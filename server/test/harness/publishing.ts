import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { eventually, TEST_SERVICE_TOKEN, type TestMarquee } from './marquee.js';

export type Gql = <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<T>;

/** A GraphQL caller that throws on errors (as the admin, or with the given headers). */
export function gqlOf(marquee: TestMarquee): Gql {
  return async <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
    const res = await marquee.gql<T>(query, variables, headers);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
}

export const asService = { 'x-marquee-service-token': TEST_SERVICE_TOKEN };

export const IMPORT = `mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome titleId error { message } } }`;

export interface JobRun {
  state: string;
  output: Record<string, unknown> | null;
  error: string | null;
}

/** Waits for a job run to finish; a FAILED run throws with its error. */
export async function finished(marquee: TestMarquee, id: string, tries = 600): Promise<JobRun> {
  return eventually(async () => {
    const res = await marquee.gql<{ jobRun: JobRun }>(`query($id: ID!) { jobRun(id: $id) { state output error } }`, { id });
    const run = res.data?.jobRun;
    if (run?.state === 'FAILED') throw new Error(run.error ?? 'job failed');
    return run?.state === 'COMPLETED' ? run : undefined;
  }, `job ${id} to complete`, tries, 100);
}

/** Every file under a folder, relative and `/`-separated. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Temporary files of atomic writes left anywhere under a folder. */
export async function tempFiles(root: string): Promise<string[]> {
  return (await listFiles(root)).filter((f) => /\.marquee-[0-9a-f]+\.tmp$/.test(f));
}
