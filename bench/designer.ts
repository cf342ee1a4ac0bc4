// The designer's canvas under load: a 500-node template's first render, and frames per second while dragging a
// node and while panning, in Debian's Chromium (playwright-core) against Baton as `npm start` runs it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildLargeTemplate } from '../workflows/template/fixtures/large-template.fixture';
import { ADMIN_EMAIL, startBatonServer } from '../designer/e2e/baton-server';

const CHROMIUM = '/usr/bin/chromium';
const NODES = 500;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Counts animation frames while `move` drives the mouse, and returns frames per second over that time. */
async function framesPerSecond(page: Page, move: () => Promise<void>): Promise<number> {
  // A string, not a function: tsx's name-keeping helper (__name) does not exist inside the page.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__counting = true;
    const tick = () => {
      if (!window.__counting) return;
      window.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = performance.now();
  await move();
  const elapsed = performance.now() - started;
  const frames = await page.evaluate<number>('(window.__counting = false, window.__frames)');
  return (frames / elapsed) * 1000;
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }, steps: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= steps; step++) {
    await page.mouse.move(from.x + (by.x * step) / steps, from.y + (by.y * step) / steps);
  }
  await page.mouse.up();
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
    return;
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), 'baton-bench-designer-'));
  const file = path.join(folder, 'large.json');
  const template = buildLargeTemplate(NODES);
  await writeFile(file, JSON.stringify(template));
  process.stdout.write(`template: ${template.nodes.length} nodes, ${template.edges.length} edges; starting Baton…\n`);
  const server = await startBatonServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(`${server.url}/login`, { timeout: 120_000 });
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor({ timeout: 60_000 });

    const renders: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${server.url}/designer`);
      await page.getByTestId('node-start').waitFor({ timeout: 60_000 });
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('import').click();
      const started = Date.now();
      await (await chooser).setFiles(file);
      // Rendered: every node is in the DOM and the browser has painted a frame after it.
      await page.waitForFunction((count) => document.querySelectorAll('.react-flow__node').length >= count, NODES, {
        timeout: 120_000,
        polling: 'raf',
      });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      renders.push(Date.now() - started);
    }

    await page.getByTestId('fit-view').click();
    await page.waitForTimeout(500);
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    const node = await page
      .locator('.react-flow__node')
      .nth(Math.floor(NODES / 2))
      .boundingBox();
    if (!node) throw new Error('no node to drag');
    const dragFps = await framesPerSecond(page, () =>
      drag(page, { x: node.x + node.width / 2, y: node.y + node.height / 2 }, { x: 200, y: 120 }, 120)
    );
    const panFps = await framesPerSecond(page, () =>
      drag(page, { x: pane.x + 30, y: pane.y + pane.height - 30 }, { x: 400, y: -200 }, 120)
    );

    process.stdout.write(
      `first render of ${NODES} nodes (import to painted): median ${median(renders)} ms ` +
        `(runs: ${renders.join(', ')} ms)\n` +
        `dragging a node: ${dragFps.toFixed(1)} frames/s; panning: ${panFps.toFixed(1)} frames/s ` +
        `(headless Chromium, software rendering, load average ${os.loadavg()[0]?.toFixed(1)})\n`
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
