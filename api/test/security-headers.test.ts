import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;
let assistant: TestUser;
let withDesigner: App;
let designerDir: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
  assistant = await addUser(h.pool, 'assistant');
  designerDir = await mkdtemp(path.join(os.tmpdir(), 'baton-designer-'));
  await writeFile(path.join(designerDir, 'index.html'), '<!doctype html><div id="root"></div>');
  withDesigner = createApp({
    logger: pino({ level: 'silent' }),
    pool: h.pool,
    designerDir,
    checks: {
      postgres: () => Promise.resolve({ ok: true, detail: 'PostgreSQL on 127.0.0.1:5999, data in /srv/baton' }),
      temporal: () => Promise.resolve({ ok: false, detail: 'Temporal at 127.0.0.1:7999 does not answer' }),
    },
  });
});
afterAll(async () => {
  await h.close();
  await rm(designerDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('are on every response: pages, API answers, errors, the API reference', async () => {
    const responses = {
      page: await withDesigner.request('/'),
      'client route': await withDesigner.request('/inbox/42'),
      health: await withDesigner.request('/api/health'),
      ready: await withDesigner.request('/api/ready'),
      'not found': await withDesigner.request('/api/nothing-here'),
      unauthenticated: await withDesigner.request('/api/inbox'),
      docs: await withDesigner.request('/api/docs'),
      'docs script': await withDesigner.request('/api/docs/init.js'),
    };
    expect(responses.page.status).toBe(200);
    expect(responses.docs.status).toBe(200);
    for (const [name, response] of Object.entries(responses)) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("default-src 'self'");
      expect(csp, name).toContain("script-src 'self'");
      expect(csp, name).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), name).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), name).toBe('strict-origin-when-cross-origin');
    }
    // The reference page loads only its own files: nothing inline that the policy would block.
    const docs = await responses.docs.text();
    expect(docs).not.toMatch(/<script>(?!<\/script>)/);
    expect(docs).not.toMatch(/ on\w+="/);
  });
});

describe('readiness', () => {
  it('tells anonymous callers and non-admins the status only, admins the details', async () => {
    const anonymous = (await (await withDesigner.request('/api/ready')).json()) as Record<string, unknown>;
    expect(anonymous).toEqual({
      ready: false,
      role: 'all',
      checks: { postgres: { ok: true }, temporal: { ok: false } },
    });
    const staff = await withDesigner.request('/api/ready', { headers: bearer(assistant) });
    expect(JSON.stringify(await staff.json())).not.toContain('127.0.0.1');
    const forAdmin = (await (await withDesigner.request('/api/ready', { headers: bearer(admin) })).json()) as {
      checks: { postgres: { detail?: string } };
    };
    expect(forAdmin.checks.postgres.detail).toContain('/srv/baton');
  });
});
