import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Default largest file: enough for scans and photos of signed documents. */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export interface StoredBytes {
  sha256: string;
  size: number;
  /** The first bytes, for recognising the type (magic numbers). */
  head: Uint8Array;
}

const HEAD_BYTES = 16;
const PART_SUFFIX = '.part';
/** Bytes a sweep moved aside before removing them (see `removeUnused`). */
const ASIDE_SUFFIX = '.aside';

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True when a process with this pid runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Files' bytes under one folder, content-addressed: `sha256/ab/<hash>`. A file is written to `tmp/` first, then
 * fsynced, renamed into place and its folder fsynced: a crash at any moment leaves either the whole file in place or
 * only a part file in `tmp/`, which the next start removes. Equal contents share one file.
 */
export class FileStore {
  private readonly tmpDir: string;
  /**
   * One empty file per content stored since it was last known to be attached (`uploads/<sha256>`): where a sweep of
   * abandoned uploads looks, so its cost follows the uploads of the last days, not the whole archive.
   */
  private readonly uploadsDir: string;
  private readonly host = os.hostname().replace(/[^\w-]/g, '_');

  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_MAX_FILE_BYTES
  ) {
    this.tmpDir = path.join(dir, 'tmp');
    this.uploadsDir = path.join(dir, 'uploads');
  }

  /** Creates the folders and removes part files left by processes of this machine that no longer run. */
  async init(): Promise<this> {
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(path.join(this.dir, 'sha256'), { recursive: true });
    await this.markExistingOnce();
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const name of await readdir(this.tmpDir)) {
      if (!name.endsWith(PART_SUFFIX)) continue;
      const [host, pid] = name.split('.');
      const full = path.join(this.tmpDir, name);
      const info = await stat(full).catch(() => undefined);
      // Another machine's part file (a shared folder) goes only once it is surely abandoned.
      const orphaned =
        host === this.host
          ? !alive(Number(pid)) || Number(pid) === process.pid
          : info !== undefined && info.mtimeMs < dayAgo;
      if (orphaned) await rm(full, { force: true });
    }
    return this;
  }

  /**
   * A folder stored before uploads were marked (no `uploads/` yet): every content there is marked once, so the next
   * sweeps find what earlier ones would have by walking everything. Built aside and renamed, so a crash redoes it.
   */
  private async markExistingOnce(): Promise<void> {
    if (
      await stat(this.uploadsDir).then(
        () => true,
        () => false
      )
    )
      return;
    const building = path.join(this.dir, `uploads.${this.host}.${process.pid}.${randomBytes(4).toString('hex')}`);
    await mkdir(building);
    for await (const content of this.contents()) await writeFile(path.join(building, content.sha256), '');
    await rename(building, this.uploadsDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process sharing the folder finished first: its marks are as good.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(building, { recursive: true, force: true });
    });
  }

  /** Every marked content (see `uploadsDir`): when it was marked, and when its bytes were last written, if they exist. */
  async *uploads(): AsyncGenerator<{ sha256: string; markedMs: number; writtenMs: number | undefined }> {
    for (const name of await readdir(this.uploadsDir).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const mark = await stat(path.join(this.uploadsDir, name)).catch(() => undefined);
      if (!mark) continue;
      const bytes = await stat(this.pathOf(name)).catch(() => undefined);
      yield { sha256: name, markedMs: mark.mtimeMs, writtenMs: bytes?.mtimeMs };
    }
  }

  /**
   * Forgets a content's mark: it is attached (archived) or gone, and no sweep needs to look at it again. With
   * `markedMs`, only that mark: an upload that marked the same bytes again since keeps its own.
   */
  async unmark(sha256: string, markedMs?: number): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    const mark = path.join(this.uploadsDir, sha256);
    if (markedMs !== undefined && (await stat(mark).catch(() => undefined))?.mtimeMs !== markedMs) return;
    await rm(mark, { force: true });
  }

  /** Where the bytes with this hash are (whether or not they exist). */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, 'sha256', sha256.slice(0, 2), sha256);
  }

  /** Writes a stream durably; throws FileTooLargeError (and keeps nothing) past `maxBytes`. */
  async put(body: AsyncIterable<Uint8Array>, maxBytes = this.maxBytes): Promise<StoredBytes> {
    const part = path.join(this.tmpDir, `${this.host}.${process.pid}.${randomBytes(8).toString('hex')}${PART_SUFFIX}`);
    const handle = await open(part, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    const head = new Uint8Array(HEAD_BYTES);
    let kept = false;
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new FileTooLargeError(maxBytes);
        const headBefore = size - chunk.byteLength;
        if (headBefore < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - headBefore), headBefore);
        hash.update(chunk);
        let written = 0;
        while (written < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, written);
          written += bytesWritten;
        }
      }
      await handle.sync();
      await handle.close();
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      // The same bytes already stored: keep those (they are complete, a rename put them there), marked as written
      // now so a sweep of unused bytes leaves them; if a sweep took them meanwhile, this file takes their place.
      const now = new Date();
      const exists = await utimes(target, now, now).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        }
      );
      if (exists) await rm(part, { force: true });
      else {
        // Marked before the bytes are in place: new bytes are never unmarked, so a sweep can find them if abandoned.
        await writeFile(path.join(this.uploadsDir, sha256), '');
        await syncFolder(this.uploadsDir);
        await rename(part, target);
        await syncFolder(path.dirname(target));
      }
      kept = true;
      return { sha256, size, head: head.slice(0, Math.min(size, HEAD_BYTES)) };
    } finally {
      if (!kept) {
        await handle.close().catch(() => undefined);
        await rm(part, { force: true });
      }
    }
  }

  /** Every stored content's hash with when it was last written (or uploaded again). */
  async *contents(): AsyncGenerator<{ sha256: string; mtimeMs: number }> {
    const root = path.join(this.dir, 'sha256');
    for (const prefix of await readdir(root).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await readdir(path.join(root, prefix)).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const info = await stat(path.join(root, prefix, name)).catch(() => undefined);
        if (info) yield { sha256: name, mtimeMs: info.mtimeMs };
      }
    }
  }

  /**
   * Removes the bytes with this hash when nothing uses them: `inUse` is asked before and again after they are moved
   * aside (so an upload of the same bytes racing with this keeps them), and bytes written or uploaded again since
   * `notSince` stay. A crash leaves them aside; `settleAside` finishes the job. True when they were removed.
   */
  async removeUnused(sha256: string, notSince: number, inUse: () => Promise<boolean>): Promise<boolean> {
    const target = this.pathOf(sha256);
    const before = await stat(target).catch(() => undefined);
    if (!before || before.mtimeMs >= notSince || (await inUse())) return false;
    const aside = path.join(this.tmpDir, `${sha256}${ASIDE_SUFFIX}`);
    try {
      await rename(target, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const moved = await stat(aside);
    if (moved.mtimeMs >= notSince || (await inUse())) {
      await this.putBack(sha256);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  /** Bytes an interrupted sweep left aside: put back when `inUse` says so, else removed. How many were removed. */
  async settleAside(inUse: (sha256: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir)) {
      if (!name.endsWith(ASIDE_SUFFIX)) continue;
      const sha256 = name.slice(0, -ASIDE_SUFFIX.length);
      if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
      if (await inUse(sha256)) await this.putBack(sha256);
      else {
        await rm(path.join(this.tmpDir, name), { force: true });
        await this.unmark(sha256);
        removed += 1;
      }
    }
    return removed;
  }

  private async putBack(sha256: string): Promise<void> {
    const aside = path.join(this.tmpDir, `${sha256}${ASIDE_SUFFIX}`);
    const target = this.pathOf(sha256);
    // An upload may have stored the same bytes again meanwhile: those are as good.
    const back = await stat(target).then(
      () => false,
      () => true
    );
    if (back) {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(aside, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    } else await rm(aside, { force: true });
  }

  read(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}
