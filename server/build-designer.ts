// `npm install` runs this (the `prepare` script): the web app's production build is made once at install, so the
// first `npm start` does not wait for it. It builds only when designer/dist is missing or older than its sources.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureDesignerBuild } from './designer-build';
import { createLogger } from './logger';

const logger = createLogger({ logLevel: 'info', logFormat: 'pretty' });
const designerSource = fileURLToPath(new URL('../designer', import.meta.url));
let viteInstalled = true;
try {
  createRequire(import.meta.url).resolve('vite');
} catch {
  viteInstalled = false;
}
if (!viteInstalled) {
  // An install without dev dependencies (a deployment) serves a designer/dist built elsewhere.
  logger.info('designer: Vite is not installed, so the web app is not built here; ship designer/dist with Baton');
} else {
  const result = await ensureDesignerBuild(designerSource, logger);
  logger.info(
    result.built
      ? `designer: web app built in ${(result.milliseconds / 1000).toFixed(1)} s`
      : 'designer: web app build is up to date'
  );
}
