// Child process of the devserver store benchmark: starts the devserver on the PostgreSQL store named by
// BENCH_DB_URL, and prints one JSON line with the start-up time and the memory held once started (after a full GC).
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startDevServer } from '../../devserver/dev-server';
import { PostgresStorage } from '../../devserver/storage/postgres.storage';

const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is not set');
const logger = pino({ level: 'warn' });
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const baseline = process.memoryUsage();
const began = performance.now();
const storage = new PostgresStorage(url, logger);
// Time spent in the storage's load (reading and decoding what a start needs), apart from the rest of the start.
const load = storage.load.bind(storage);
let loadMs = 0;
storage.load = async () => {
  const loadBegan = performance.now();
  try {
    return await load();
  } finally {
    loadMs = performance.now() - loadBegan;
  }
};
const server = await startDevServer({ storage, logger });
const startupMs = performance.now() - began;
gc?.();
const memory = process.memoryUsage();
await server.stop();
process.stdout.write(
  `${JSON.stringify({
    startupMs,
    loadMs,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    rssGrowth: memory.rss - baseline.rss,
    heapGrowth: memory.heapUsed - baseline.heapUsed,
    closedHistoriesInMemory: server.engine.closedHistoriesInMemory,
  })}\n`
);
