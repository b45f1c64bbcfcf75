import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Counts } from './import.js';

/**
 * Where an interrupted run continues: the first source position not yet fully answered by the
 * API, and the counts so far. Kept per source (location + options) in the checkpoint directory;
 * written atomically (temp file + rename) after each batch, removed when the run completes.
 */
export interface CheckpointState {
  source: string;
  fingerprint: string;
  next: number;
  counts: Counts;
  updatedAt: string;
}

export class Checkpoint {
  readonly file: string;

  constructor(dir: string, sourceKey: string) {
    this.file = path.join(dir, `${createHash('sha256').update(sourceKey).digest('hex').slice(0, 24)}.json`);
  }

  /** The saved state, if it belongs to this data (same fingerprint). */
  async load(fingerprint: string): Promise<CheckpointState | null> {
    try {
      const state = JSON.parse(await readFile(this.file, 'utf8')) as CheckpointState;
      return state.fingerprint === fingerprint ? state : null;
    } catch {
      return null;
    }
  }

  async save(state: CheckpointState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
