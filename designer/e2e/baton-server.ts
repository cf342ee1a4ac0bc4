import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort } from '../../server/free-port';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_EMAIL = 'admin@baton.local';

export interface BatonServer {
  url: string;
  adminPassword: string;
  /** Creates a person through the API as the admin and returns their password. */
  addUser(role: 'admin' | 'manager' | 'assistant' | 'observer', name: string): Promise<TestPerson>;
  /** Calls the API as the admin (cookie session, own Origin as the CSRF check wants). */
  adminFetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** Creates a template from `draft` and publishes it, as the admin; its id. Throws with the answer on a refusal. */
  publishTemplate(name: string, draft: unknown): Promise<string>;
  /** Starts a process of a published template (`params`, and `owner` or other start fields), as the admin; its id. */
  startProcess(templateId: string, start: Record<string, unknown>): Promise<string>;
  /** The process's first step once its workflow has made it (a minute at most); its id. */
  firstStepId(processId: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestPerson {
  id: string;
  name: string;
  email: string;
  password: string;
}

/**
 * `npm start` on its embedded defaults (embedded PostgreSQL, the devserver) in `dataDir` on a loopback port, logging
 * JSON lines on stdout; the browser tests and `bench/start.ts` start Baton this way.
 */
export function spawnBaton(options: { port: number; dataDir: string; adminPassword: string }): ChildProcess {
  return spawn(process.execPath, ['server/launch.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      BATON_DATA_DIR: options.dataDir,
      BATON_ADMIN_PASSWORD: options.adminPassword,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Baton as `npm start` runs it (embedded PostgreSQL, the Temporal devserver, the worker, the API serving the
 * production build of the web app) in a temporary data folder on a free loopback port.
 */
export async function startBatonServer(): Promise<BatonServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-web-e2e-'));
  const port = await getFreePort();
  const adminPassword = `e2e-${Math.random().toString(36).slice(2, 12)}`;
  const child = spawnBaton({ port, dataDir, adminPassword });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const match = /Baton is ready: open (http:\/\/\S+?)"/.exec(line);
        if (match?.[1]) resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => reject(new Error(`Baton exited (${code}) before it was ready:\n${output.join('\n')}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await ready;
  } catch (error) {
    await stop();
    throw error;
  }

  let cookie = '';
  const adminFetch = async (pathname: string, init: RequestInit = {}): Promise<Response> => {
    if (!cookie) {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email: ADMIN_EMAIL, password: adminPassword }),
      });
      if (login.status !== 200) throw new Error(`admin login answered ${login.status}: ${await login.text()}`);
      cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    }
    return fetch(`${url}${pathname}`, {
      ...init,
      headers: { 'content-type': 'application/json', origin: url, cookie, ...init.headers },
    });
  };

  const created = async (response: Response, what: string): Promise<string> => {
    if (response.status !== 201) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };

  return {
    url,
    adminPassword,
    adminFetch,
    async publishTemplate(name, draft) {
      const templateId = await created(
        await adminFetch('/api/templates', { method: 'POST', body: JSON.stringify({ name, draft }) }),
        `creating the template ${name}`
      );
      await created(
        await adminFetch(`/api/templates/${templateId}/publish`, { method: 'POST', body: '{}' }),
        `publishing ${name}`
      );
      return templateId;
    },
    async startProcess(templateId, start) {
      return created(
        await adminFetch('/api/processes', { method: 'POST', body: JSON.stringify({ templateId, ...start }) }),
        'starting the process'
      );
    },
    async firstStepId(processId) {
      for (let tries = 0; tries < 120; tries += 1) {
        const detail = (await (await adminFetch(`/api/processes/${processId}`)).json()) as { steps?: { id: string }[] };
        const stepId = detail.steps?.[0]?.id;
        if (stepId) return stepId;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`process ${processId} made no step within a minute`);
    },
    async addUser(role, name) {
      // A name in another script (Ольга Иванова) gives no Latin letters: the address gets a made-up local part.
      const local = name
        .toLowerCase()
        .replace(/\W+/g, '.')
        .replace(/^\.+|\.+$/g, '');
      const email = `${local || `person.${Math.random().toString(36).slice(2, 10)}`}@e2e.local`;
      const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
      const response = await adminFetch('/api/users', {
        method: 'POST',
        body: JSON.stringify({ email, name, role, password }),
      });
      if (response.status !== 201) throw new Error(`creating ${name} answered ${response.status}`);
      const { id } = (await response.json()) as { id: string };
      return { id, name, email, password };
    },
    stop,
  };
}
