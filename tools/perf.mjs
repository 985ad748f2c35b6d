// Page and frame timings for docs/perf.md (a benchmark, not a test: it asserts nothing).
// Usage: node tools/perf.mjs [SITE_DIR] [BARE_DIR] [--runs N] [--frames N]
//   (default build/web, build/web-bare, 9 runs, 200 frames)
// 1. First frame: navigation start to the first drawn frame (performance mark
//    "infercalc-first-frame"), cold (a fresh browser context each run), for the app and
//    for the bare ImGui page built with the same flags (tools/bare), alternating, in one
//    browser; median and min of each, the ratio of the medians and the median ratio of
//    back-to-back pairs.
// 2. Frame CPU time: infercalc.benchFrames(N) on each tab, every frame with a new
//    scenario so that every view of that tab, the summary strip and the scenario column
//    recompute; mean, median and p95 of the app's frame function plus ImGui::Render.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { frames, launch } from '../tests/browser/harness.mjs';
import { startServer } from '../tests/browser/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const SITE = path.resolve(positional[0] || path.join(ROOT, 'build/web'));
const BARE = path.resolve(positional[1] || path.join(ROOT, 'build/web-bare'));
const RUNS = option('--runs', 9);
const FRAMES = option('--frames', 200);
const LINK = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=16';
const TABS = ['gpus', 'memory', 'speed', 'scaling', 'heatmap', 'warnings'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

async function firstFrameMs(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('infercalc-first-frame').length > 0, null, { timeout: 30000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('infercalc-first-frame')[0].startTime);
  await context.close();
  return ms;
}

async function main() {
  const app = await startServer(SITE);
  const bare = await startServer(BARE);
  const browser = await launch();
  console.log(`browser: ${browser.version()} (headless, SwiftShader)\n`);

  const times = { app: [], bare: [] };
  await firstFrameMs(browser, bare.url);  // warm the browser itself once
  for (let i = 0; i < RUNS; i++) {
    times.bare.push(await firstFrameMs(browser, bare.url));
    times.app.push(await firstFrameMs(browser, app.url + LINK));
  }
  console.log(`first frame after navigation, ${RUNS} cold loads each (ms):`);
  console.log('| page | median | min | max |\n| --- | ---: | ---: | ---: |');
  for (const k of ['bare', 'app'])
    console.log(`| ${k} | ${median(times[k]).toFixed(0)} | ${Math.min(...times[k]).toFixed(0)} | ${Math.max(...times[k]).toFixed(0)} |`);
  // Each app load right after a bare one: the pair saw the same machine load, so the
  // median of the pairs' ratios drifts less than the ratio of the medians.
  const pairs = times.app.map((t, i) => t / times.bare[i]);
  console.log(`ratio app / bare: ${(median(times.app) / median(times.bare)).toFixed(2)} (medians), ` +
              `${median(pairs).toFixed(2)} (median of ${RUNS} back-to-back pairs)\n`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(app.url + LINK);
  await page.evaluate(() => window.infercalc.ready);
  console.log(`frame CPU time, ${FRAMES} frames per tab, a new scenario every frame (ms), ${LINK}:`);
  console.log('| tab | mean | median | p95 | max |\n| --- | ---: | ---: | ---: | ---: |');
  for (const tab of TABS) {
    await page.evaluate((l) => window.infercalc.setLink(l), tab === 'gpus' ? LINK : `${LINK}&tab=${tab}`);
    await frames(page, 10);
    const r = await page.evaluate((n) => window.infercalc.benchFrames(n), FRAMES);
    console.log(`| ${tab} | ${r.mean_ms.toFixed(2)} | ${r.median_ms.toFixed(2)} | ${r.p95_ms.toFixed(2)} | ${r.max_ms.toFixed(2)} |`);
  }
  await browser.close();
  await app.close();
  await bare.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
