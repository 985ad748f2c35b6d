// Browser tests of the web page (build/web), in headless Chromium, with real mouse and
// keyboard events aimed at named UI items (src/app/ui_probe.h).
// Usage: node tests/browser/run.mjs [SITE_DIR] [--only TEXT] [--skip TEXT]   (default build/web;
// only / skip the tests whose name holds TEXT)
// The native CLI (INFERCALC_CLI, default build/native/infercalc) must be built too:
// the page's results() is compared with its output.
// Runs BROWSER_JOBS tests at a time (default 2), the clipboard tests alone after them.
// Prints one line per test and a summary; exits non-zero on any failure.
// Screenshots go to build/screenshots/.
//   run.mjs      loading, drawing, pixel density, the GPU table, the wheel
//   links.mjs    links <-> state, history, results() against the CLI
//   share.mjs    copy / paste links, exports, aria-live
//   input.mjs    model picker, GPU count, language, heatmap metric, Tab navigation
//   cluster.mjs  the Cluster tab from a link, its rate typed in
//   mobile.mjs   phones: the answer on the first screen, taps, the keyboard, swipes
//   actions.mjs  fixes, launch command, Pin / compare links, plan export
//   security.mjs script-like text in a link stays text
//   offline.mjs  service worker, manifest
//   screens.mjs  screenshots of every panel at scale 1 and 2
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assert, frames, imageStats, launch, rect, slowness, until, withPage } from './harness.mjs';
import { register as registerActions } from './actions.mjs';
import { register as registerCluster } from './cluster.mjs';
import { register as registerInput } from './input.mjs';
import { register as registerLinks } from './links.mjs';
import { register as registerMobile } from './mobile.mjs';
import { register as registerOffline } from './offline.mjs';
import { register as registerScreens } from './screens.mjs';
import { register as registerSecurity } from './security.mjs';
import { startServer } from './server.mjs';
import { register as registerShare } from './share.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const skip = args.includes('--skip') ? args[args.indexOf('--skip') + 1] : null;
const SITE = path.resolve(args.find((a, i) => !a.startsWith('--') && !['--only', '--skip'].includes(args[i - 1])) ||
                          path.join(ROOT, 'build/web'));
const SHOTS = path.join(ROOT, 'build/screenshots');
const CLI = process.env.INFERCALC_CLI || path.join(ROOT, 'build/native/infercalc');

const tests = [];
// `timeoutMs`: phones at device scale 3 draw a frame in up to a second with software GL.
const test = (name, fn, timeoutMs = 60000) => tests.push({ name, fn, timeoutMs, serial: false });
// Tests that use the system clipboard, which every page of the browser shares: run alone.
const serialTest = (name, fn, timeoutMs = 60000) => tests.push({ name, fn, timeoutMs, serial: true });
// How many tests run at once, each in its own browser context: BROWSER_JOBS, default 2
// (the cores of the machines this runs on; most of a test's time is Chromium drawing
// with software GL, so more than the cores only slows each one down).
const JOBS = Math.max(1, Number(process.env.BROWSER_JOBS) || 2);
const env = { ROOT, SITE, SHOTS, CLI };

const gpuOf = (page) => page.evaluate(() => window.infercalc.results().scenario.gpu);

test('page loads: title, loading indicator gone, no console errors, no outside request', async (ctx) => {
  await withPage(ctx, {}, async (page) => {
    const firstFrameMs = await page.evaluate(() => performance.now());  // openPage awaited infercalc.ready
    console.log(`     first frame ${firstFrameMs.toFixed(0)} ms after navigation (headless Chromium, software GL)`);
    assert((await page.title()) === 'infercalc — LLM inference GPU calculator', `title is "${await page.title()}"`);
    assert((await page.locator('#loading').count()) === 0, 'loading indicator still present after the first frame');
    const canvas = page.locator('canvas#canvas');
    assert((await canvas.getAttribute('role')) === 'application', 'canvas has no role="application"');
    assert(((await canvas.getAttribute('aria-label')) || '').length > 0, 'canvas has no aria-label');
    assert((await page.locator('[aria-live]').count()) === 1, 'no aria-live region');
    await frames(page, 10);
  });
  const served = ctx.server.requests.map((u) => u.split('?')[0]);
  for (const f of ['/', '/page.js', '/app.js', '/app.wasm', '/style.css', '/favicon.svg'])
    assert(served.includes(f), `${f} was never requested`);
  assert(!served.includes('/favicon.ico'), 'the browser looked for /favicon.ico');
});

for (const scale of [1, 2]) {
  test(`canvas is drawn at device scale ${scale} (screenshot web-${scale}x.png)`, async (ctx) => {
    await withPage(ctx, { scale }, async (page) => {
      await frames(page, 10);
      const png = await page.screenshot({ path: path.join(SHOTS, `web-${scale}x.png`) });
      const s = await imageStats(ctx.browser, png);
      assert(s.width === 1280 * scale && s.height === 800 * scale, `screenshot is ${s.width}x${s.height}`);
      assert(s.stddev > 10 && s.colours > 50, `canvas looks blank (luminance sd ${s.stddev.toFixed(1)}, ${s.colours} colours)`);
    });
  });

  test(`canvas backing store follows window size x devicePixelRatio (scale ${scale})`, async (ctx) => {
    await withPage(ctx, { scale, width: 900, height: 600 }, async (page) => {
      const size = () => page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
      await until(page, ([w, h]) => { const c = document.getElementById('canvas'); return c.width === w && c.height === h; },
                  [900 * scale, 600 * scale], `canvas ${900 * scale}x${600 * scale}, have ${await size()}`);
      await page.setViewportSize({ width: 1200, height: 700 });
      await until(page, ([w, h]) => { const c = document.getElementById('canvas'); return c.width === w && c.height === h; },
                  [1200 * scale, 700 * scale], `canvas ${1200 * scale}x${700 * scale} after resize`);
      // The UI keeps its size in CSS pixels: rows as tall at scale 2 as at 1 (fonts rebuilt).
      const row = await rect(page, 'gpu-row:v100-sxm2-16gb');
      assert(row && row.height > 18 && row.height < 40, `row height ${row && row.height} CSS px`);
    });
  });
}

test('a devicePixelRatio change while running (zoom, another screen) rebuilds fonts at the new scale', async (ctx) => {
  await withPage(ctx, { width: 1000, height: 700 }, async (page) => {
    const before = await rect(page, 'gpu-row:v100-sxm2-16gb');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 700, deviceScaleFactor: 2, mobile: false });
    await until(page, () => document.getElementById('canvas').width === 2000 && window.devicePixelRatio === 2, null,
                'a 2000 px wide canvas at devicePixelRatio 2');
    await frames(page, 5);
    const after = await rect(page, 'gpu-row:v100-sxm2-16gb');
    assert(Math.abs(after.height - before.height) <= 2, `row height ${before.height} CSS px became ${after.height}`);
    const png = await page.screenshot();
    const s = await imageStats(ctx.browser, png);
    assert(s.stddev > 10 && s.colours > 50, 'canvas looks blank after the change');
  });
});

test('a mouse click on a GPU row selects it and updates the link', async (ctx) => {
  await withPage(ctx, {}, async (page) => {
    assert((await gpuOf(page)) === 'h100-sxm', 'default GPU is not h100-sxm');
    const target = 'a100-sxm4-80gb';
    const row = await rect(page, `gpu-row:${target}`);
    assert(row, `no row for ${target}`);
    await page.mouse.click(row.x + 40, row.y + row.height / 2);
    await until(page, (id) => window.infercalc.results().scenario.gpu === id, target, `results().scenario.gpu == ${target}`);
    const link = await page.evaluate(() => window.infercalc.link());
    assert(link.includes(`gpu=${target}`), `link() is ${link}`);
    const hash = await page.evaluate(() => location.hash);
    assert(hash === link, `location.hash ${hash} differs from link() ${link}`);
    const live = await page.locator('[aria-live]').textContent();
    assert(live.includes('A100'), `aria-live says "${live}"`);
  });
});

test('clicking a column header sorts the rows (Bandwidth: descending, then ascending)', async (ctx) => {
  await withPage(ctx, {}, async (page) => {
    const header = await rect(page, 'gpu-column:bandwidth');
    const ys = () => page.evaluate(() => ['b200', 'h100-sxm', 't4'].map((id) => window.infercalc.uiRect(`gpu-row:${id}`).y));
    await page.mouse.click(header.x + header.width / 2, header.y + header.height / 2);
    await until(page, () => { const y = (id) => window.infercalc.uiRect(`gpu-row:${id}`).y; return y('b200') < y('h100-sxm') && y('h100-sxm') < y('t4'); },
                null, 'B200 (8,000 GB/s) above H100 (3,350) above T4 (320)');
    await page.mouse.click(header.x + header.width / 2, header.y + header.height / 2);
    await until(page, () => { const y = (id) => window.infercalc.uiRect(`gpu-row:${id}`).y; return y('t4') < y('h100-sxm') && y('h100-sxm') < y('b200'); },
                null, `ascending order, rows at ${await ys()}`);
  });
});

test('the mouse wheel scrolls the table: one notch down moves rows up 20-200 CSS px, one up brings them back', async (ctx) => {
  await withPage(ctx, { width: 1100, height: 650 }, async (page) => {
    const table = await rect(page, 'gpu-table');
    const first = 'gpu-row:v100-sxm2-16gb';
    const y0 = (await rect(page, first)).y;
    await page.mouse.move(table.x + table.width / 2, table.y + table.height / 2);
    await page.mouse.wheel(0, 100);  // one notch down
    await until(page, ([n, y]) => window.infercalc.uiRect(n).y < y, [first, y0], 'the rows to move up');
    await frames(page, 3);
    const y1 = (await rect(page, first)).y;
    assert(y0 - y1 > 20 && y0 - y1 < 200, `one notch scrolled ${(y0 - y1).toFixed(0)} CSS px`);
    await page.mouse.wheel(0, -100);
    await until(page, ([n, y]) => Math.abs(window.infercalc.uiRect(n).y - y) < 1, [first, y0], 'the rows to come back');
  });
});

registerLinks(test, env);
registerShare(serialTest, env);
registerInput(test, env);
registerCluster(test, env);
registerMobile(test, env);
registerActions(test, env);
registerSecurity(test, env);
registerOffline(test, env);
registerScreens(test, env);

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(path.join(SITE, 'index.html'))) {
    console.log(`FAIL no site at ${SITE}: build it first (cmake --preset web && cmake --build --preset web)`);
    console.log('browser: 0 passed, 1 failed');
    process.exit(1);
  }
  const ctx = { server: await startServer(SITE), browser: await launch() };
  let passed = 0, failed = 0;
  const runOne = async (t) => {
    const t0 = Date.now();
    const limitMs = Math.round(t.timeoutMs * slowness());
    let timer;
    try {
      await Promise.race([t.fn(ctx), new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${limitMs / 1000} s`)), limitMs);
      })]);
      console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
      passed++;
    } catch (e) {
      console.log(`FAIL ${t.name}: ${e.message}`);
      failed++;
    } finally {
      clearTimeout(timer);
    }
  };
  const chosen = tests.filter((x) => x.name.includes(only) && !(skip && x.name.includes(skip)));
  const queue = chosen.filter((t) => !t.serial);
  const t0 = Date.now();
  await Promise.all(Array.from({ length: JOBS }, async () => {
    while (queue.length) await runOne(queue.shift());
  }));
  for (const t of chosen.filter((x) => x.serial)) await runOne(t);
  console.log(`${chosen.length} tests, ${JOBS} at a time, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await ctx.browser.close();
  await ctx.server.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
