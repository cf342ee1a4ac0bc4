import type pg from 'pg';
import type { Logger } from 'pino';
import type { FileStore } from './file-store';

/** Uploads never attached are removed after this long by default: a day to finish the form they were chosen in. */
export const DEFAULT_UNATTACHED_HOURS = 24;

// One sweep at a time over all API instances sharing the database (and the files folder).
const SWEEP_LOCK = 0x62_61_74_66; // "batf"
const BATCH = 500;

export interface SweepResult {
  /** Upload rows removed (never attached to a request, comment or step within the time). */
  rows: number;
  /** Stored contents removed (no row named their hash any more). */
  contents: number;
}

/**
 * Removes uploads never attached to a process within `maxAgeMs` of their upload, then the stored bytes that no file
 * row names (other rows with the same content keep them), looking only at contents uploaded since they were last
 * seen attached (`FileStore.uploads`). Every step can be cut short by a crash and run again:
 * rows go first (in batches), so no row ever names missing bytes; bytes left without a row, or moved aside by an
 * interrupted sweep, are found by the next one. An attached file is never touched: its row has a process.
 */
export async function sweepUnattachedUploads(
  pool: pg.Pool,
  store: FileStore,
  maxAgeMs: number,
  now: () => number = Date.now
): Promise<SweepResult | undefined> {
  const lock = await pool.connect();
  try {
    const { rows: locked } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SWEEP_LOCK]);
    if (!locked[0]?.ok) return undefined;
    try {
      const cutoff = new Date(now() - maxAgeMs);
      const inUse = async (sha256: string) =>
        (await pool.query('SELECT 1 FROM files WHERE sha256 = $1 LIMIT 1', [sha256])).rowCount !== 0;
      let rows = 0;
      for (;;) {
        // The row goes only if it is still unattached when deleted: an attachment at the same moment wins.
        const deleted = await pool.query(
          `DELETE FROM files WHERE id IN (
             SELECT id FROM files WHERE workflow_id IS NULL AND uploaded_at < $1 ORDER BY uploaded_at LIMIT $2)
             AND workflow_id IS NULL`,
          [cutoff, BATCH]
        );
        rows += deleted.rowCount ?? 0;
        if ((deleted.rowCount ?? 0) < BATCH) break;
      }
      let contents = await store.settleAside(inUse);
      // Only the contents stored since they were last seen attached (the store's marks): an archived file's bytes are
      // never looked at again, so a sweep costs what the recent uploads cost, whatever the archive's size.
      let candidates: { sha256: string; markedMs: number; writtenMs: number | undefined }[] = [];
      const settle = async () => {
        if (candidates.length === 0) return;
        const { rows: named } = await pool.query<{ sha256: string; attached: boolean }>(
          'SELECT sha256, bool_or(workflow_id IS NOT NULL) AS attached FROM files WHERE sha256 = ANY($1) GROUP BY sha256',
          [candidates.map((candidate) => candidate.sha256)]
        );
        const attached = new Map(named.map((row) => [row.sha256, row.attached]));
        for (const { sha256, markedMs, writtenMs } of candidates) {
          const state = attached.get(sha256);
          // Attached rows stay for good: their bytes are archived.
          if (state === true) await store.unmark(sha256);
          else if (state === false)
            continue; // an upload still waiting to be attached
          else if (writtenMs === undefined) {
            // Marked by an upload that never put its bytes in place (a crash), once surely not under way any more.
            if (markedMs < cutoff.getTime()) await store.unmark(sha256, markedMs);
          } else if (
            writtenMs < cutoff.getTime() &&
            (await store.removeUnused(sha256, cutoff.getTime(), () => inUse(sha256)))
          ) {
            await store.unmark(sha256, markedMs);
            contents += 1;
          }
        }
        candidates = [];
      };
      for await (const upload of store.uploads()) {
        candidates.push(upload);
        if (candidates.length >= BATCH) await settle();
      }
      await settle();
      return { rows, contents };
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
    }
  } finally {
    lock.release();
  }
}

/**
 * Sweeps unattached uploads in the background: soon after start, then every `everyMs`. A sweep never blocks a
 * request and a failed one is logged and tried again next time. `stop` waits for a sweep under way.
 */
export function startUploadSweeper(options: {
  pool: pg.Pool;
  store: FileStore;
  logger: Logger;
  maxAgeMs: number;
  everyMs?: number;
  firstAfterMs?: number;
}): { stop: () => Promise<void> } {
  const everyMs = options.everyMs ?? Math.min(3600_000, Math.max(60_000, options.maxAgeMs / 4));
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    running = sweepUnattachedUploads(options.pool, options.store, options.maxAgeMs)
      .then((result) => {
        if (result && (result.rows > 0 || result.contents > 0))
          options.logger.info(
            { files: result.rows, contents: result.contents },
            `files: removed ${result.rows} uploads never attached and ${result.contents} unused stored contents`
          );
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'files: sweeping unattached uploads failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(run, everyMs).unref();
      });
  };
  timer = setTimeout(run, options.firstAfterMs ?? 60_000).unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
