import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logger';

/** The file in the build folder naming the newest source modification (ms) the build was made from. */
const BUILT_FROM = '.built-from';

/** Files the web build never reads: tests beside the code, and the lint test's short-lived probe folders. */
const NOT_BUILT = /(\.test\.tsx?$)|(^lint-probe-)/;

async function newestModification(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  // A folder's own time changes when an entry is added or removed (a new module), not when a file is edited.
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (NOT_BUILT.test(entry)) continue;
    newest = Math.max(newest, await newestModification(path.join(target, entry)));
  }
  return newest;
}

/**
 * Whether the designer's production build is missing or older than its sources, and the sources' time to record when
 * it is made. Start-up asks early (it is a walk of the source folders) and builds, when due, after the API listens.
 */
export async function designerBuildDue(designerSource: string): Promise<{ due: boolean; sourcesAt: number }> {
  // Everything the bundle is made of: the web app, and the shared code it imports (the workflows' pure modules and
  // catalogs, the API client).
  const sources = [
    ...['src', 'index.html', 'vite.config.ts'].map((entry) => path.join(designerSource, entry)),
    path.join(designerSource, '..', 'workflows'),
    path.join(designerSource, '..', 'api', 'client.ts'),
  ];
  const times = await Promise.all(sources.map((source) => newestModification(source).catch(() => 0)));
  const sourcesAt = Math.max(0, ...times);
  // A build records the sources' time it started from, not when it ended: a source saved while Vite was reading the
  // others makes the next start build again instead of serving a bundle without that change.
  const builtFrom = await readFile(path.join(designerSource, 'dist', BUILT_FROM), 'utf8').then(Number, () => -1);
  return { due: !(builtFrom >= sourcesAt), sourcesAt };
}

/**
 * Builds the designer with Vite when its production build is missing or older than its sources, so a fresh
 * `npm start` serves an up-to-date app without a separate build step.
 */
export async function ensureDesignerBuild(
  designerSource: string,
  logger: Logger,
  checked?: Promise<{ due: boolean; sourcesAt: number }>
): Promise<{ built: boolean; milliseconds: number }> {
  const { due, sourcesAt } = await (checked ?? designerBuildDue(designerSource));
  if (!due) return { built: false, milliseconds: 0 };

  logger.info('designer: building the web app (first start or changed sources)…');
  const started = Date.now();
  // Vite is only needed when a build is due: a deployment that ships designer/dist never loads it.
  const { build } = await import('vite');
  // Vite's own lines (chunk sizes, warnings) go to Baton's debug log; its errors to the error log.
  const seen = new Set<string>();
  const customLogger = {
    hasWarned: false,
    info: (message: string) => logger.debug(`designer build: ${message}`),
    warn: (message: string) => logger.debug(`designer build: ${message}`),
    warnOnce: (message: string) => {
      if (!seen.has(message)) logger.debug(`designer build: ${message}`);
      seen.add(message);
    },
    error: (message: string) => logger.error(`designer build: ${message}`),
    clearScreen: () => undefined,
    hasErrorLogged: () => false,
  };
  await build({ configFile: path.join(designerSource, 'vite.config.ts'), customLogger });
  await writeFile(path.join(designerSource, 'dist', BUILT_FROM), String(sourcesAt));
  return { built: true, milliseconds: Date.now() - started };
}
