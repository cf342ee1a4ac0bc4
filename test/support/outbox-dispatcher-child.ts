// A dispatcher in its own process, so a test can kill it with SIGKILL in the middle of a delivery.
// Usage: node --import tsx outbox-dispatcher-child.ts '<json OutboxDispatcherOptions without pool and logger, plus databaseUrl>'
import pg from 'pg';
import pino from 'pino';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '../../worker/outbox/outbox-dispatcher';

type ChildOptions = Omit<OutboxDispatcherOptions, 'pool' | 'logger' | 'backoffMs'> & { databaseUrl: string };

const { databaseUrl, ...options } = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const dispatcher = new OutboxDispatcher({ ...options, pool, logger: pino({ level: 'silent' }) });
dispatcher.start();
process.stdout.write('dispatching\n');
