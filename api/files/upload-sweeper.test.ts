import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../lib/app-env';
import { addUser, bearer, createHarness, type Harness, type TestUser } from '../test/harness';
import { attachFiles } from './attach';
import { FileStore } from './file-store';
import { startUploadSweeper, sweepUnattachedUploads } from './upload-sweeper';

const DAY = 24 * 3600_000;
let h: Harness;
let anna: TestUser;

beforeAll(async () => {
  h = await createHarness();
  anna = await addUser(h.pool, 'assistant', 'Anna Assistant');
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, status)
     VALUES ('process-1', 't-1', 1, 'Archive', $1, 'running')`,
    [anna.id]
  );
}, 60_000);
afterAll(async () => h?.close());

async function upload(name: string, text: string): Promise<string> {
  const response = await h.app.request(`/api/files?name=${name}`, {
    method: 'POST',
    headers: bearer(anna, { 'content-type': 'text/plain' }),
    body: text,
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const shaOf = async (id: string) =>
  (await h.pool.query<{ sha256: string }>('SELECT sha256 FROM files WHERE id = $1', [id])).rows[0]!.sha256;
const rowExists = async (id: string) => (await h.pool.query('SELECT 1 FROM files WHERE id = $1', [id])).rowCount === 1;
/** Makes an upload (its row, and its stored bytes' write time) look `ms` old. */
async function age(id: string, ms: number) {
  await h.pool.query(`UPDATE files SET uploaded_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, ms / 1000]);
  const when = new Date(Date.now() - ms);
  await utimes(h.files.pathOf(await shaOf(id)), when, when);
}
const asAnna = (): AuthUser => ({
  id: anna.id,
  email: anna.email,
  name: 'Anna Assistant',
  role: 'assistant',
  teamId: null,
  language: null,
  via: 'token',
});
const download = (id: string) => h.app.request(`/api/files/${id}`, { headers: bearer(anna) });

describe('removing uploads never attached', () => {
  it('removes an old unattached upload and its bytes, never an attached file nor bytes another file shares', async () => {
    const attached = await upload('contract.txt', 'the signed contract');
    await attachFiles(
      h.pool,
      asAnna(),
      [attached],
      {
        workflowId: 'process-1',
        visibility: 'internal',
      },
      'files'
    );
    const abandoned = await upload('draft.txt', 'a draft nobody sent');
    const sameBytes = await upload('contract-copy.txt', 'the signed contract');
    const fresh = await upload('fresh.txt', 'chosen a minute ago');
    const [attachedSha, abandonedSha, freshSha] = [await shaOf(attached), await shaOf(abandoned), await shaOf(fresh)];
    expect(await shaOf(sameBytes)).toBe(attachedSha);
    for (const id of [attached, abandoned, sameBytes]) await age(id, 2 * DAY);

    expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toEqual({ rows: 2, contents: 1 });
    expect(await rowExists(abandoned)).toBe(false);
    expect(existsSync(h.files.pathOf(abandonedSha))).toBe(false);
    // The copy's row went, its bytes stayed: the attached contract names them.
    expect(await rowExists(sameBytes)).toBe(false);
    expect(await rowExists(attached)).toBe(true);
    const contract = await download(attached);
    expect(contract.status).toBe(200);
    expect(await contract.text()).toBe('the signed contract');
    // An upload within the time stays, bytes and all.
    expect(await rowExists(fresh)).toBe(true);
    expect(existsSync(h.files.pathOf(freshSha))).toBe(true);
    // Attaching a swept upload says what happened instead of naming a file that is gone.
    await expect(
      attachFiles(
        h.pool,
        asAnna(),
        [abandoned],
        {
          workflowId: 'process-1',
          visibility: 'public',
        },
        'files'
      )
    ).rejects.toMatchObject({ status: 422 });
    // A second sweep finds nothing more to do.
    expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toEqual({ rows: 0, contents: 0 });
  });

  it('finishes a sweep a crash cut short: bytes left without a row, bytes moved aside', async () => {
    // Cut after the rows went: the bytes stay behind with no row naming them.
    const orphan = await upload('orphan.txt', 'bytes whose row went before a crash');
    await age(orphan, 2 * DAY);
    const orphanSha = await shaOf(orphan);
    await h.pool.query('DELETE FROM files WHERE id = $1', [orphan]);
    // Cut after bytes were moved aside: one still unused, one that an attached file names (put back).
    const unused = await upload('unused.txt', 'bytes moved aside, unused');
    const kept = await upload('kept.txt', 'bytes moved aside, attached');
    await attachFiles(
      h.pool,
      asAnna(),
      [kept],
      {
        workflowId: 'process-1',
        visibility: 'internal',
      },
      'files'
    );
    const [unusedSha, keptSha] = [await shaOf(unused), await shaOf(kept)];
    await h.pool.query('DELETE FROM files WHERE id = $1', [unused]);
    for (const sha of [unusedSha, keptSha])
      await rename(h.files.pathOf(sha), path.join(h.files.dir, 'tmp', `${sha}.aside`));
    expect((await download(kept)).status).not.toBe(200);

    expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toEqual({ rows: 0, contents: 2 });
    expect(existsSync(h.files.pathOf(orphanSha))).toBe(false);
    expect(existsSync(h.files.pathOf(unusedSha))).toBe(false);
    expect(await readdir(path.join(h.files.dir, 'tmp'))).toEqual([]);
    const back = await download(kept);
    expect(back.status).toBe(200);
    expect(await back.text()).toBe('bytes moved aside, attached');
  });

  it('keeps old bytes uploaded again, and one sweep runs at a time', async () => {
    const first = await upload('invoice.txt', 'an invoice uploaded twice');
    await age(first, 2 * DAY);
    const sha = await shaOf(first);
    await h.pool.query('DELETE FROM files WHERE id = $1', [first]);
    // The same bytes uploaded again now (its row not written yet, as at the moment a sweep looks): they count as
    // written now, whatever their first upload's age.
    const again = await upload('invoice.txt', 'an invoice uploaded twice');
    await h.pool.query('DELETE FROM files WHERE id = $1', [again]);
    expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toEqual({ rows: 0, contents: 0 });
    expect(existsSync(h.files.pathOf(sha))).toBe(true);

    const holder = await h.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [0x62_61_74_66]);
      expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toBeUndefined();
      await holder.query('SELECT pg_advisory_unlock($1)', [0x62_61_74_66]);
    } finally {
      holder.release();
    }
  });

  it('never touches a stored file: once seen attached, its bytes are not looked at again', async () => {
    const archived = await upload('signed-contract.txt', 'a contract in the archive');
    await attachFiles(h.pool, asAnna(), [archived], { workflowId: 'process-1', visibility: 'internal' }, 'files');
    await age(archived, 30 * DAY);
    const sha = await shaOf(archived);
    const mark = path.join(h.files.dir, 'uploads', sha);
    expect(existsSync(mark)).toBe(true);
    await sweepUnattachedUploads(h.pool, h.files, DAY);
    expect(existsSync(mark)).toBe(false);
    const before = await stat(h.files.pathOf(sha));
    // Bytes put into the archive behind Baton's back (no row, no mark) are not even looked at: the archive is not
    // walked, only the marks of recent uploads are.
    const stray = 'f'.repeat(64);
    await mkdir(path.dirname(h.files.pathOf(stray)), { recursive: true });
    await writeFile(h.files.pathOf(stray), 'not Baton’s');
    await utimes(h.files.pathOf(stray), new Date(Date.now() - 30 * DAY), new Date(Date.now() - 30 * DAY));
    expect(await sweepUnattachedUploads(h.pool, h.files, DAY)).toEqual({ rows: 0, contents: 0 });
    expect(existsSync(h.files.pathOf(stray))).toBe(true);
    const after = await stat(h.files.pathOf(sha));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
    const contract = await download(archived);
    expect(await contract.text()).toBe('a contract in the archive');
    await rm(h.files.pathOf(stray));
  });

  it('marks what a files folder from before the marks holds, once, so abandoned bytes there are still found', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-files-upgrade-'));
    try {
      const old = await new FileStore(dir).init();
      const { sha256 } = await old.put(Readable.from([Buffer.from('stored before the upgrade')]));
      await rm(path.join(dir, 'uploads'), { recursive: true });
      await new FileStore(dir).init();
      expect(await readdir(path.join(dir, 'uploads'))).toEqual([sha256]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sweeps by itself in the background until stopped', async () => {
    const left = await upload('left.txt', 'left behind in a form');
    await age(left, 3 * 3600_000);
    const sweeper = startUploadSweeper({
      pool: h.pool,
      store: h.files,
      logger: pino({ level: 'silent' }),
      maxAgeMs: 2 * 3600_000,
      firstAfterMs: 0,
      everyMs: 50,
    });
    try {
      await expect.poll(() => rowExists(left), { timeout: 10_000 }).toBe(false);
    } finally {
      await sweeper.stop();
    }
  });
});
