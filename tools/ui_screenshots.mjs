// Screenshots of every panel of the web page, for review and docs/screenshots/.
// Usage: node tools/ui_screenshots.mjs [SITE_DIR] [OUT_DIR]   (default build/web, build/screenshots/ui)
// Opens the page in headless Chromium (tests/browser/harness.mjs) at 1366x768, scale 1
// and 2, clicks each tab by its ui_probe name and saves <tab>-<scale>x.png; then Korean
// and the light theme. Prints the frame time of each panel (benchFrames when the page
// has it: every frame recomputes all views).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { frames, launch, openPage } from '../tests/browser/harness.mjs';
import { startServer } from '../tests/browser/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITE = path.resolve(process.argv[2] || path.join(ROOT, 'build/web'));
const OUT = path.resolve(process.argv[3] || path.join(ROOT, 'build/screenshots/ui'));
const TABS = ['memory', 'speed', 'scaling', 'heatmap', 'gpus', 'warnings'];
const HASH = process.env.HASH || '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=16';

async function click(page, name) {
  const r = await page.evaluate((n) => window.infercalc.uiRect(n), name);
  if (!r) throw new Error(`no ui item ${name}`);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 4);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer(SITE);
  const browser = await launch();
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  try {
    for (const scale of [1, 2]) {
      const { page, context, problems } = await openPage(browser, server.url, { hash: HASH, width: 1366, height: 768, scale });
      await frames(page, 5);
      for (const tab of TABS) {
        if (only && !only.includes(tab)) continue;
        await click(page, `tab:${tab}`);
        await page.mouse.move(2, 760);
        await frames(page, 3);
        await page.screenshot({ path: path.join(OUT, `${tab}-${scale}x.png`) });
        if (scale === 1) {
          const bench = await page.evaluate(() => (window.infercalc.benchFrames ? window.infercalc.benchFrames(20) : null));
          const t0 = await page.evaluate(() => new Promise((resolve) => {
            const times = []; let last = performance.now();
            const step = (t) => { times.push(t - last); last = t; if (times.length < 30) requestAnimationFrame(step); else resolve(times); };
            requestAnimationFrame(step);
          }));
          t0.sort((a, b) => a - b);
          console.log(`${tab}: rAF interval median ${t0[15].toFixed(1)} ms` +
                      (bench ? `; benchFrames(20) mean ${bench.mean_ms.toFixed(1)} ms, p95 ${bench.p95_ms.toFixed(1)} ms` : ''));
        }
      }
      if (scale === 1 && !only) {
        await click(page, 'gpu-view:seed').catch(() => {});
        await click(page, 'tab:gpus');
        await click(page, 'gpu-view:seed');
        await page.screenshot({ path: path.join(OUT, `seed-table-1x.png`) });
        await click(page, 'gpu-view:all');
        await click(page, 'language');
        for (const tab of ['memory', 'speed', 'gpus']) {
          await click(page, `tab:${tab}`);
          await page.mouse.move(2, 760);
          await frames(page, 3);
          await page.screenshot({ path: path.join(OUT, `ko-${tab}-1x.png`) });
        }
        await click(page, 'language');
        await click(page, 'theme');
        for (const tab of ['memory', 'heatmap', 'scaling']) {
          await click(page, `tab:${tab}`);
          await page.mouse.move(2, 760);
          await frames(page, 3);
          await page.screenshot({ path: path.join(OUT, `light-${tab}-1x.png`) });
        }
      }
      await context.close();
      if (problems.errors.length) console.log('page problems:', problems.errors.join('; '));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`screenshots in ${OUT}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
