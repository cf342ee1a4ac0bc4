import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger as BundlerLogger, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';

const WORKFLOWS_DIR = fileURLToPath(new URL('../workflows/', import.meta.url));
/** The workflows' entry file: what the worker bundles. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url));
const LOCKFILE = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const PREFIX = 'workflow-bundle-';

/**
 * The workflow code's pure modules, with the libraries they import (luxon, rrule, json-logic-js): they keep no state
 * of one process (the business-time window cache is keyed by everything it depends on), so the SDK evaluates them
 * once per workflow thread and shares them among all cached workflows, instead of once for each (its
 * `preloadModules`, with the reused V8 context that is its default). The workflow files and the message definitions,
 * which import `@temporalio/workflow`, stay per workflow. `workflow-bundle-contents.test.ts` checks that nothing else
 * is evaluated per workflow.
 */
export const SHARED_WORKFLOW_MODULES = [
  'interpreter/index.ts',
  'duty/recurrence.ts',
  'duty/duty-input.ts',
  'calendar/time-of-day.ts',
  'report/report-periods.ts',
  'deadline/limits.ts',
  'data-error.ts',
] as const;

/** The bundler's options for Baton's workflows: the worker, the tests and the benchmarks bundle with these. */
export const WORKFLOW_BUNDLER_OPTIONS = {
  ignoreModules: [] as string[],
  preloadModules: SHARED_WORKFLOW_MODULES.map((module) => path.join(WORKFLOWS_DIR, module)),
};

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    // The lint test writes short-lived probe folders beside the workflows; they are never part of the bundle.
    if (entry.name.startsWith('lint-probe-') || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * A key for the bundle: every workflow source file (name and content), the locked dependency versions, the SDK's
 * version and the bundler options. Any change to what goes into the bundle changes the key.
 */
export async function workflowBundleKey(workflowsDir = WORKFLOWS_DIR): Promise<string> {
  const hash = createHash('sha256');
  const sdkVersion = (createRequire(import.meta.url)('@temporalio/worker/package.json') as { version: string }).version;
  // The shared modules as named in the sources, not by absolute path: the key stays the same in another checkout.
  const options = { ...WORKFLOW_BUNDLER_OPTIONS, preloadModules: SHARED_WORKFLOW_MODULES };
  hash.update(`sdk ${sdkVersion}\n${JSON.stringify(options)}\n`);
  hash.update(await readFile(LOCKFILE).catch(() => Buffer.alloc(0)));
  for (const file of await sourceFiles(workflowsDir)) {
    const content = await readFile(file).catch(() => undefined);
    if (content === undefined) continue;
    hash.update(`\0${path.relative(workflowsDir, file)}\0`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * Baton's workflow code bundled as the worker runs it (with {@link WORKFLOW_BUNDLER_OPTIONS}), not cached: what the
 * worker's cache stores, and what tests and benchmarks run, so none of them measures or tests another bundle.
 */
export async function bundleWorkflows(
  options: { workflowsPath?: string; logger?: BundlerLogger } = {}
): Promise<WorkflowBundleWithSourceMap> {
  // The bundler (webpack, through the SDK) is loaded only when a bundle must be made: a warm start never needs it.
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  return bundleWorkflowCode({
    workflowsPath: options.workflowsPath ?? WORKFLOWS_PATH,
    ...WORKFLOW_BUNDLER_OPTIONS,
    ...(options.logger && { logger: options.logger }),
  });
}

/**
 * The workflow bundle for `workflowsPath`, read from `cacheDir` when one was made from the same sources, else bundled
 * (1–2 s of webpack) and stored there for the next start. The file is written under a temporary name and renamed, so
 * a crash never leaves a half bundle that a later start would load. Webpack's own lines go to the debug log only.
 */
export async function cachedWorkflowBundle(options: {
  workflowsPath: string;
  cacheDir: string;
  logger: Logger;
}): Promise<{ code: string; cached: boolean }> {
  const { workflowsPath, cacheDir, logger } = options;
  const key = await workflowBundleKey(path.dirname(workflowsPath));
  const file = path.join(cacheDir, `${PREFIX}${key}.js`);
  const cachedCode = await readFile(file, 'utf8').catch(() => undefined);
  if (cachedCode) return { code: cachedCode, cached: true };

  const quiet = (level: 'debug' | 'warn') => (message: string, meta?: Record<string, unknown>) =>
    logger[level]({ bundler: meta }, `workflow bundle: ${message}`);
  const { code } = await bundleWorkflows({
    workflowsPath,
    logger: {
      log: (_level, message, meta) => quiet('debug')(message, meta),
      trace: quiet('debug'),
      debug: quiet('debug'),
      info: quiet('debug'),
      warn: quiet('debug'),
      error: quiet('warn'),
    },
  });
  try {
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, code);
    await rename(temporary, file);
    // Older bundles are of older sources: keep only this one.
    for (const name of await readdir(cacheDir)) {
      if (name.startsWith(PREFIX) && path.join(cacheDir, name) !== file && !name.endsWith('.tmp'))
        await rm(path.join(cacheDir, name), { force: true });
    }
  } catch (error) {
    logger.warn({ err: error }, 'workflow bundle: could not be cached; the next start bundles again');
  }
  return { code, cached: false };
}
