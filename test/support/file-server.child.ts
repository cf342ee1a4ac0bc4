import { serve } from '@hono/node-server';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../../api/app';
import { FileStore } from '../../api/files/file-store';

// The API with its file store in a process of its own, for a test that kills it mid-upload (kill -9).
// Arguments: the database URL, the files folder, the port.
const [databaseUrl, dir, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const files = await new FileStore(dir!).init();
const app = createApp({
  logger: pino({ level: 'silent' }),
  pool,
  files,
  checks: {
    postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
    temporal: () => Promise.resolve({ ok: false, detail: 'not in this test' }),
  },
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(port) }, () => console.log('listening'));
