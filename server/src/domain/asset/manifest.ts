import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublishedFileState, PublishingEvent } from '@marquee/read-models';
import { appendToOutbox } from '../outbox/outbox.js';

export interface ManifestRow {
  id: string;
  library_id: string;
  rel_path: string;
  title_id: string | null;
  role: 'NFO' | 'ARTWORK';
  kind: string;
  sha256: string | null;
  pending_sha256: string | null;
  size: string;
  warning: string | null;
  updated_at: Date;
}

const COLUMNS = 'id, library_id, rel_path, title_id, role, kind, sha256, pending_sha256, size, warning, updated_at';

/**
 * The manifest of published files (table `published_file`). Every statement commits on its own:
 * a write records what it is about to put on disk (`pending_sha256`) before the rename and what it
 * put there after, so a crash between the two still leaves the file recognisably Marquee's.
 */
export class Manifest {
  constructor(private readonly em: EntityManager) {}

  async ofTitle(libraryId: string, titleId: string): Promise<ManifestRow[]> {
    return this.em.execute<ManifestRow[]>(`select ${COLUMNS} from published_file where library_id = ? and title_id = ? order by rel_path`, [libraryId, titleId]);
  }

  async ofLibrary(libraryId: string | null): Promise<ManifestRow[]> {
    return libraryId
      ? this.em.execute<ManifestRow[]>(`select ${COLUMNS} from published_file where library_id = ? order by rel_path`, [libraryId])
      : this.em.execute<ManifestRow[]>(`select ${COLUMNS} from published_file order by library_id, rel_path`);
  }

  async at(libraryId: string, relPaths: readonly string[]): Promise<Map<string, ManifestRow>> {
    if (relPaths.length === 0) return new Map();
    const rows = await this.em.execute<ManifestRow[]>(`select ${COLUMNS} from published_file where library_id = ? and rel_path in (select jsonb_array_elements_text(?::jsonb))`, [libraryId, JSON.stringify(relPaths)]);
    return new Map(rows.map((r) => [r.rel_path, r]));
  }

  /** Before the rename: the row exists and names the content being written. */
  async intend(row: { libraryId: string; relPath: string; titleId: string | null; role: string; kind: string; sha256: string; size: number }): Promise<void> {
    await this.em.execute(
      `insert into published_file (id, library_id, rel_path, title_id, role, kind, sha256, pending_sha256, size, warning, created_at, updated_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, null, ?, ?, null, now(), now())
       on conflict (library_id, rel_path) do update set title_id = excluded.title_id, role = excluded.role, kind = excluded.kind,
         pending_sha256 = excluded.pending_sha256, updated_at = now()`,
      [row.libraryId, row.relPath, row.titleId, row.role, row.kind, row.sha256, row.size],
    );
  }

  /** After the rename (or when the disk already holds exactly this content). */
  async confirm(libraryId: string, relPath: string, sha256: string, size: number): Promise<void> {
    await this.em.execute(
      `update published_file set sha256 = ?, pending_sha256 = null, size = ?, warning = null, updated_at = now() where library_id = ? and rel_path = ?`,
      [sha256, size, libraryId, relPath],
    );
  }

  async warn(libraryId: string, relPath: string, warning: string | null): Promise<void> {
    await this.em.execute(`update published_file set warning = ?, updated_at = now() where library_id = ? and rel_path = ? and warning is distinct from ?`, [warning, libraryId, relPath, warning]);
  }

  async remove(libraryId: string, relPath: string): Promise<void> {
    await this.em.execute('delete from published_file where library_id = ? and rel_path = ?', [libraryId, relPath]);
  }
}

/** Whether the bytes on disk are what Marquee wrote there (or was writing when it stopped). */
export const ownsContent = (row: Pick<ManifestRow, 'sha256' | 'pending_sha256'>, onDisk: string | null): boolean =>
  onDisk !== null && (onDisk === row.sha256 || onDisk === row.pending_sha256);

export function publishedFileState(row: ManifestRow): PublishedFileState {
  return {
    libraryId: row.library_id,
    path: row.rel_path,
    role: row.role,
    kind: row.kind,
    sha256: row.sha256,
    size: Number(row.size),
    warning: row.warning,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Projects a title's whole manifest (all libraries) into its published-files read model. */
export async function announcePublishedFiles(em: EntityManager, titleId: string): Promise<void> {
  const rows = await em.execute<ManifestRow[]>(`select ${COLUMNS} from published_file where title_id = ? order by library_id, rel_path`, [titleId]);
  const [{ v }] = await em.execute<Array<{ v: string }>>(`select nextval('published_files_version_seq')::text as v`);
  const event: PublishingEvent = {
    aggregateType: 'published',
    aggregateId: titleId,
    aggregateVersion: Number(v),
    type: 'PublishedFilesChanged',
    payload: { titleId, files: rows.map(publishedFileState), publishedAt: new Date().toISOString() },
  };
  await appendToOutbox(em, [event]);
}
