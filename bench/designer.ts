// The designer's canvas under load: a 500-node template's first render (imported, and opened as a saved draft), and
// frames per second while dragging a node and while panning, in Debian's Chromium (playwright-core) against Baton as
// `npm start` runs it. Each figure is printed next to the same measure of a 2-node template in the same run, since a
// shared machine's load moves both. `npm run bench -- designer --profile` instead traces one import of the large
// template and prints where the page's main thread spent it (script, style, layout, paint) and its React commits.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildLargeTemplate } from '../workflows/template/fixtures/large-template.fixture';
import { ADMIN_EMAIL, startBatonServer } from '../designer/e2e/baton-server';
import { mainThreadTime, startTrace } from './support/main-thread-profile';

const CHROMIUM = '/usr/bin/chromium';
const NODES = 500;
const BASELINE_NODES = 2;
const RUNS = 3;
const PROFILE = process.argv.includes('--profile');
/**
 * Counts React commits: React DOM reports each one to the devtools hook when the page has one (a string, as tsx's
 * name-keeping helper does not exist inside the page).
 */
const COMMIT_COUNTER = `(() => {
  window.__commits = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), isDisabled: false,
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot() { window.__commits++; },
  };
})()`;

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

/**
 * Waits until the template named `name` and all `count` of its nodes are on the page, and the browser has painted a
 * frame after them (the blank draft an import replaces has nodes too).
 */
async function painted(page: Page, count: number, name: string): Promise<void> {
  await page.waitForFunction(
    ([n, title]) =>
      document.querySelector('[data-testid="template-name"]')?.textContent === title &&
      document.querySelectorAll('.react-flow__node').length >= n,
    [count, name] as const,
    { timeout: 120_000, polling: 'raf' }
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
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
  const baselineFile = path.join(folder, 'baseline.json');
  const baselineTemplate = { ...buildLargeTemplate(BASELINE_NODES), name: 'Bench baseline' };
  await writeFile(baselineFile, JSON.stringify(baselineTemplate));
  process.stdout.write(`template: ${template.nodes.length} nodes, ${template.edges.length} edges; starting Baton…\n`);
  const server = await startBatonServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    if (PROFILE) await page.addInitScript(COMMIT_COUNTER);
    await page.goto(`${server.url}/login`, { timeout: 120_000 });
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor({ timeout: 60_000 });

    /** Imports `file` RUNS times into a fresh draft; the median time from import to all `count` nodes painted. */
    const firstRender = async (file: string, count: number, name: string): Promise<number[]> => {
      const renders: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto(`${server.url}/designer`);
        await page.getByTestId('node-start').waitFor({ timeout: 60_000 });
        const chooser = page.waitForEvent('filechooser');
        await page.getByTestId('import').click();
        const started = Date.now();
        await (await chooser).setFiles(file);
        await painted(page, count, name);
        renders.push(Date.now() - started);
      }
      return renders;
    };
    /**
     * Imports `file` into a fresh draft, waits until autosave has stored it, then opens that saved draft RUNS times
     * (a page load, the draft read from the API); the time from navigation to all `count` nodes painted.
     */
    const savedDraftRender = async (file: string, count: number, name: string): Promise<number[]> => {
      await page.goto(`${server.url}/designer`);
      await page.getByTestId('node-start').waitFor({ timeout: 60_000 });
      const chooser = page.waitForEvent('filechooser');
      const saved = page.waitForResponse(
        (response) =>
          response.request().method() === 'PUT' && /\/api\/templates\/[^/]+$/.test(new URL(response.url()).pathname),
        { timeout: 60_000 }
      );
      await page.getByTestId('import').click();
      await (await chooser).setFiles(file);
      if (!(await saved).ok()) throw new Error('autosave of the imported template failed');
      const draftUrl = page.url();
      const renders: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto('about:blank');
        const started = Date.now();
        await page.goto(draftUrl);
        await painted(page, count, name);
        renders.push(Date.now() - started);
      }
      return renders;
    };
    /** Frames per second while dragging the middle node of the canvas, then while panning it. */
    const motion = async (count: number) => {
      await page.getByTestId('fit-view').click();
      await page.waitForTimeout(500);
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!pane) throw new Error('no canvas');
      const node = await page
        .locator('.react-flow__node')
        .nth(Math.floor(count / 2))
        .boundingBox();
      if (!node) throw new Error('no node to drag');
      const dragFps = await framesPerSecond(page, () =>
        drag(page, { x: node.x + node.width / 2, y: node.y + node.height / 2 }, { x: 200, y: 120 }, 120)
      );
      const panFps = await framesPerSecond(page, () =>
        drag(page, { x: pane.x + 30, y: pane.y + pane.height - 30 }, { x: 400, y: -200 }, 120)
      );
      return { dragFps, panFps };
    };

    if (PROFILE) {
      // Two imports to warm the page up, then one traced.
      await firstRender(file, NODES, template.name);
      await page.goto(`${server.url}/designer`);
      await page.getByTestId('node-start').waitFor({ timeout: 60_000 });
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('import').click();
      const cdp = await page.context().newCDPSession(page);
      const stopTrace = await startTrace(cdp);
      await page.evaluate('window.__commits = 0; performance.mark("bench-import")');
      await (await chooser).setFiles(file);
      await painted(page, NODES, template.name);
      await page.evaluate('performance.mark("bench-painted")');
      const commits = await page.evaluate<number>('window.__commits');
      const time = mainThreadTime(await stopTrace(), 'bench-import', 'bench-painted');
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      process.stdout.write(
        `import of ${NODES} nodes, traced: ${ms(time.span)} to painted; main thread: script ${ms(time.script)}, ` +
          `style ${ms(time.style)}, layout ${ms(time.layout)}, paint ${ms(time.paint)}, other ${ms(time.other)}; ` +
          `${commits} React commits (load average ${os.loadavg()[0]?.toFixed(1)})\n`
      );
      return;
    }
    const baselineRenders = await firstRender(baselineFile, BASELINE_NODES, baselineTemplate.name);
    const baseline = await motion(BASELINE_NODES);
    const renders = await firstRender(file, NODES, template.name);
    const { dragFps, panFps } = await motion(NODES);
    const baselineOpened = await savedDraftRender(baselineFile, BASELINE_NODES, baselineTemplate.name);
    const opened = await savedDraftRender(file, NODES, template.name);

    process.stdout.write(
      `first render of ${NODES} nodes (import to painted): median ${median(renders)} ms ` +
        `(runs: ${renders.join(', ')} ms); ${BASELINE_NODES} nodes in the same run: median ${median(baselineRenders)} ms ` +
        `(runs: ${baselineRenders.join(', ')} ms)\n` +
        `opening the saved draft of ${NODES} nodes (page load to painted): median ${median(opened)} ms ` +
        `(runs: ${opened.join(', ')} ms); ${BASELINE_NODES} nodes: median ${median(baselineOpened)} ms ` +
        `(runs: ${baselineOpened.join(', ')} ms)\n` +
        `dragging a node: ${dragFps.toFixed(1)} frames/s (${BASELINE_NODES} nodes: ${baseline.dragFps.toFixed(1)}); ` +
        `panning: ${panFps.toFixed(1)} frames/s (${BASELINE_NODES} nodes: ${baseline.panFps.toFixed(1)}) ` +
        `(headless Chromium, software rendering, load average ${os.loadavg()[0]?.toFixed(1)})\n`
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
