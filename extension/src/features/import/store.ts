import Dexie from 'dexie';
import type { HypomosDb } from '../../db';
import type { ImportFileRow, ImportFileState, ImportJobRow } from './rows';

const jobKey = (jobId: string) => `job:${jobId}`;
export const fileKey = (jobId: string, seq: number) => `${jobId}:${String(seq).padStart(7, '0')}`;

/** The only code that reads or writes the `imports` table. */
export class ImportStore {
  constructor(private readonly db: HypomosDb) {}

  async createJob(job: Omit<ImportJobRow, 'id' | 'kind'>): Promise<ImportJobRow> {
    const row: ImportJobRow = { ...job, id: jobKey(job.jobId), kind: 'job' };
    await this.db.imports.put(row);
    return row;
  }

  async job(jobId: string): Promise<ImportJobRow | null> {
    const row = await this.db.imports.get(jobKey(jobId));
    return row?.kind === 'job' ? row : null;
  }

  /** The newest job, so the page finds an import a reload interrupted. */
  async latestJob(): Promise<ImportJobRow | null> {
    const jobs = (await this.db.imports.where('id').startsWith('job:').toArray()).filter(
      (r): r is ImportJobRow => r.kind === 'job',
    );
    return jobs.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
  }

  async updateJob(jobId: string, changes: Partial<Omit<ImportJobRow, 'id' | 'kind' | 'jobId'>>): Promise<void> {
    await this.db.imports.update(jobKey(jobId), changes);
  }

  async putFiles(rows: ImportFileRow[]): Promise<void> {
    await this.db.imports.bulkPut(rows);
  }

  async file(id: string): Promise<ImportFileRow | null> {
    const row = await this.db.imports.get(id);
    return row?.kind === 'file' ? row : null;
  }

  async updateFile(id: string, changes: Partial<Omit<ImportFileRow, 'id' | 'kind' | 'jobId'>>): Promise<void> {
    await this.db.imports.update(id, changes);
  }

  /** A job's files in picked order. */
  async files(jobId: string): Promise<ImportFileRow[]> {
    return (await this.db.imports
      .where('[jobId+seq]')
      .between([jobId, Dexie.minKey], [jobId, Dexie.maxKey])
      .toArray()) as ImportFileRow[];
  }

  /** Ids of files in these states, in picked order (ids sort by seq). */
  async idsIn(jobId: string, states: ImportFileState[]): Promise<string[]> {
    const ids = await this.db.imports
      .where('[jobId+state]')
      .anyOf(states.map((s) => [jobId, s]))
      .primaryKeys();
    return (ids as string[]).sort();
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.db.imports.where('jobId').equals(jobId).delete();
  }
}
