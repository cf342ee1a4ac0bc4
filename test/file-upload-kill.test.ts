import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createHarness, type Harness, type TestUser } from '../api/test/harness';
import { FileStore } from '../api/files/file-store';
import { getFreePort } from '../server/free-port';

// kill -9 of the API in the middle of an upload: the file store keeps no half file, the database no row for it, and
// the part file in tmp/ is gone after the next start. Then the same upload, uninterrupted, is stored whole.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
let h: Harness;
let user: TestUser;

beforeAll(async () => {
  h = await createHarness();
  user = await addUser(h.pool, 'assistant', 'Anna Assistant');
}, 60_000);
afterAll(async () => h?.close());

async function startChild(): Promise<{ child: ChildProcess; port: number; exited: Promise<NodeJS.Signals | null> }> {
  const port = await getFreePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/file-server.child.ts', h.db.url, h.files.dir, String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal))
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    void exited.then(() => reject(new Error('the API process exited before it listened')));
  });
  return { child, port, exited };
}

const listFiles = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(path.join(folder, entry.name)) : Promise.resolve([path.join(folder, entry.name)])
    )
  );
  return nested.flat();
};

/** Starts an upload (chunked, no length announced) and answers its request and response promise. */
function beginUpload(port: number) {
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/files?name=contract.pdf',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/pdf' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('response', (answer) => {
      let body = '';
      answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
    });
    request.once('error', reject);
  });
  return { request, response };
}

const chunk = (index: number) => Buffer.alloc(64 * 1024, index % 251);

describe('an upload killed with kill -9', () => {
  it('leaves no half file and nothing pointing at one; the next start clears the part file', async () => {
    const first = await startChild();
    const { request, response } = beginUpload(first.port);
    response.catch(() => undefined); // the connection dies with the process
    for (let index = 0; index < 8; index++) request.write(chunk(index));
    const tmp = path.join(h.files.dir, 'tmp');
    // Wait until the server has written part of the file to its part file, then kill it before the rest comes.
    const deadline = Date.now() + 20_000;
    let partBytes = 0;
    while (partBytes < 64 * 1024) {
      if (Date.now() > deadline) throw new Error('the upload never reached the disk');
      const parts = await readdir(tmp);
      partBytes = parts.length === 1 ? (await stat(path.join(tmp, parts[0]!))).size : 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    request.destroy();
    // The half-written bytes are only in tmp/, never under their hash; no row names a file.
    expect(await listFiles(path.join(h.files.dir, 'sha256'))).toEqual([]);
    expect((await readdir(tmp)).length).toBe(1);
    expect((await h.pool.query('SELECT 1 FROM files')).rowCount).toBe(0);

    // The next start removes the part file; the upload again, to the end, is stored whole under its hash.
    await new FileStore(h.files.dir).init();
    expect(await readdir(tmp)).toEqual([]);
    const second = await startChild();
    try {
      const again = beginUpload(second.port);
      const hash = createHash('sha256');
      for (let index = 0; index < 8; index++) {
        again.request.write(chunk(index));
        hash.update(chunk(index));
      }
      again.request.end();
      const answer = await again.response;
      expect(answer.status).toBe(201);
      const stored = await listFiles(path.join(h.files.dir, 'sha256'));
      expect(stored.map((file) => path.basename(file))).toEqual([hash.digest('hex')]);
      expect((await stat(stored[0]!)).size).toBe(8 * 64 * 1024);
      const { rows } = await h.pool.query<{ size: string; name: string }>('SELECT size::text, name FROM files');
      expect(rows).toEqual([{ size: String(8 * 64 * 1024), name: 'contract.pdf' }]);
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 90_000);
});
