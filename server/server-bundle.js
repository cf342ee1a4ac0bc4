// @ts-check
// The server precompiled into plain JavaScript by esbuild (a declared dependency; tsx and vite use it too), so `npm start` loads a few files
// instead of tsx compiling and resolving hundreds of TypeScript modules at every start. Plain JavaScript itself: it
// runs before anything could compile TypeScript. Cached in node_modules/.cache/baton-server/<key>/, where the key is
// a hash of every server source file, so any change to a source makes a new build and stale code never runs.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {object} BundleLayout
 * @property {string} root the project folder the sources are in
 * @property {string[]} sourceDirs folders (relative to root) holding every source file the entries may import
 * @property {string[]} rootFiles files in root the build depends on (the locked dependency versions, tsconfig)
 * @property {Record<string, string>} entries output name to entry source (relative to root)
 * @property {string} cacheDir where the builds are kept, one folder per key
 */

/** The devserver's output name: its process shows as `node …/baton-devserver.mjs`, as it did from its bin. */
export const DEVSERVER_OUTPUT = 'baton-devserver';

/** @type {BundleLayout} */
export const SERVER_BUNDLE = {
  root: ROOT,
  sourceDirs: ['api', 'devserver', 'server', 'worker', 'workflows'],
  rootFiles: ['package.json', 'package-lock.json', 'tsconfig.json'],
  entries: { main: 'server/main.ts', [DEVSERVER_OUTPUT]: 'devserver/cli.ts' },
  cacheDir: path.join(ROOT, 'node_modules', '.cache', 'baton-server'),
};

/** Bumped when the build's options change in a way the hashed files do not show. */
const FORMAT = 'baton-server-bundle 1';
/** Files no entry imports: tests beside the code, and the lint test's short-lived probe folders. */
const NOT_SOURCE = /(\.test\.tsx?$)|(^lint-probe-)/;
/** A build unused for this long, of sources that have changed since, is removed when a new one is made. */
const PRUNE_AFTER_MS = 24 * 3600_000;

/**
 * @param {string} directory
 * @returns {Promise<string[]>}
 */
async function sourceFiles(directory) {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries
      .filter((entry) => !NOT_SOURCE.test(entry.name))
      .map((entry) => {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) return sourceFiles(full);
        return entry.isFile() ? [full] : [];
      })
  );
  return nested.flat().sort();
}

/**
 * The key of a build: every source file (path and content), the root files and the project's own location (the build
 * refers to its sources by absolute path). Any change to what the build is made of changes the key.
 * @param {BundleLayout} layout
 */
export async function serverBundleKey(layout = SERVER_BUNDLE) {
  const files = [
    ...layout.rootFiles.map((file) => path.join(layout.root, file)),
    ...(await Promise.all(layout.sourceDirs.map((dir) => sourceFiles(path.join(layout.root, dir))))).flat(),
  ];
  const contents = await Promise.all(files.map((file) => readFile(file).catch(() => undefined)));
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\0${layout.root}\0${JSON.stringify(layout.entries)}\0`);
  files.forEach((file, index) => {
    const content = contents[index];
    if (content === undefined) return;
    hash.update(`\0${path.relative(layout.root, file)}\0`);
    hash.update(content);
  });
  return hash.digest('hex').slice(0, 24);
}

/**
 * Each source's `import.meta.url` becomes that source's own URL, so paths it computes from it (the migrations, the
 * web app, the workflows, the devserver's bin) are the same as when it runs from its source file.
 * @param {BundleLayout} layout
 * @returns {import('esbuild').Plugin}
 */
function ownImportMetaUrl(layout) {
  const loaders = /** @type {const} */ ({ '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js' });
  return {
    name: 'baton-own-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.(ts|tsx|js|mjs)$/ }, async (args) => {
        const outside = path.relative(layout.root, args.path);
        if (outside.startsWith('..') || !layout.sourceDirs.some((dir) => outside.startsWith(`${dir}${path.sep}`)))
          // The key would not notice a change to it: refuse, so the start falls back to the sources.
          throw new Error(`${args.path} is outside the folders the build's key covers`);
        const source = await readFile(args.path, 'utf8');
        const other = /\bimport\.meta\.(?!url\b)\w+/.exec(source);
        if (other) throw new Error(`${outside} uses ${other[0]}, which a bundle cannot keep`);
        const extension = /** @type {keyof typeof loaders} */ (path.extname(args.path));
        return {
          contents: source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
          loader: loaders[extension],
        };
      });
    },
  };
}

/**
 * @param {BundleLayout} layout
 * @param {string} outdir a temporary folder beside `finalDir`
 * @param {string} finalDir where the build will be once complete
 */
async function build(layout, outdir, finalDir) {
  // Loaded only to build: a start with a fresh build never needs it.
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: layout.root,
    entryPoints: layout.entries,
    outdir,
    bundle: true,
    // Each lazy import() stays its own chunk, so what start-up loads late still loads late.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies load from node_modules as they do from the sources; only Baton's own code is compiled.
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    // Where the devserver's entry will be: the server starts it from there (server/start.ts).
    define: { BATON_DEVSERVER_ENTRY: JSON.stringify(path.join(finalDir, `${DEVSERVER_OUTPUT}.mjs`)) },
    plugins: [ownImportMetaUrl(layout)],
    logLevel: 'silent',
  });
  // Stack traces name each source by its own path: resolved from the build's real path, the relative names esbuild
  // writes would point elsewhere when node_modules is a link.
  for (const name of await readdir(outdir)) {
    if (!name.endsWith('.map')) continue;
    const file = path.join(outdir, name);
    const map = /** @type {{ sources: string[] }} */ (JSON.parse(await readFile(file, 'utf8')));
    map.sources = map.sources.map((source) => pathToFileURL(path.resolve(finalDir, source)).href);
    await writeFile(file, JSON.stringify(map));
  }
}

/**
 * Removes builds of other keys unused for a day, and temporary folders of builds that never finished.
 * @param {string} cacheDir
 * @param {string} keep
 */
async function prune(cacheDir, keep) {
  const now = Date.now();
  for (const name of await readdir(cacheDir).catch(() => [])) {
    if (name === keep) continue;
    const full = path.join(cacheDir, name);
    const info = await stat(full).catch(() => undefined);
    const limit = name.includes('.tmp-') ? 3600_000 : PRUNE_AFTER_MS;
    if (info && now - info.mtimeMs > limit) await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The compiled entries (output name to file path) for the sources as they are now: the cached build when its key
 * matches, else a new build (about a second), written to a temporary folder and renamed so a half build is never used.
 * Throws when it cannot be built (esbuild missing, a source outside the covered folders, a read-only folder).
 * @param {BundleLayout} layout
 * @returns {Promise<{ entries: Record<string, string>, built: boolean }>}
 */
export async function ensureServerBundle(layout = SERVER_BUNDLE) {
  const key = await serverBundleKey(layout);
  const dir = path.join(layout.cacheDir, key);
  /** @type {Record<string, string>} */
  const entries = {};
  for (const name of Object.keys(layout.entries)) entries[name] = path.join(dir, `${name}.mjs`);
  const complete = () => Object.values(entries).every((file) => existsSync(file));
  if (complete()) {
    // Marks the build as in use, so pruning keeps it.
    const now = new Date();
    await utimes(dir, now, now).catch(() => undefined);
    return { entries, built: false };
  }
  const temporary = `${dir}.tmp-${process.pid}`;
  await mkdir(layout.cacheDir, { recursive: true });
  try {
    await build(layout, temporary, dir);
    // A source saved while esbuild read the others would be filed under a key it does not match.
    if ((await serverBundleKey(layout)) !== key) throw new Error('the sources changed while they were being compiled');
    await rename(temporary, dir).catch(async (error) => {
      // Another start made the same build meanwhile: it is as good as ours.
      if (!complete()) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
  }
  await prune(layout.cacheDir, key);
  return { entries, built: true };
}
