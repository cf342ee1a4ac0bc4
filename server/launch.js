// @ts-check
// `npm start`: runs Baton from its precompiled build (server/server-bundle.js), made first when the sources changed;
// from the TypeScript sources through tsx when it cannot be made, as before there was a build.
import { ensureServerBundle } from './server-bundle.js';

/** @type {string | undefined} */
let entry;
try {
  entry = (await ensureServerBundle()).entries.main;
} catch (error) {
  process.stderr.write(
    `Baton starts from its TypeScript sources, which is slower: its precompiled build could not be made ` +
      `(${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`
  );
}
if (entry) {
  // Stack traces in the log name the source files and lines, as they do when running the sources.
  process.setSourceMapsEnabled(true);
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('main.ts', import.meta.url).href);
}
