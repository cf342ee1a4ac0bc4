import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'hono';

// The reference page uses swagger-ui-dist's files served from this process, so it works offline.
const require = createRequire(import.meta.url);
const assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Baton API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#docs',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'BaseLayout',
  withCredentials: true,
});`;

export const docsPage = (c: Context) => c.html(PAGE);
export const docsInit = (c: Context) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' });

const cache = new Map<string, Promise<Buffer>>();
export async function docsAsset(c: Context) {
  const name = c.req.param('name') ?? '';
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (type === undefined) return c.notFound();
  let content = cache.get(name);
  if (!content) cache.set(name, (content = readFile(path.join(assetDir, name))));
  return c.body(new Uint8Array(await content), 200, {
    'content-type': type,
    'cache-control': 'public, max-age=86400',
  });
}
