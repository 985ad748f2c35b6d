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
  // Move first, as a hand does: a press in the frame the pointer arrives from another
  // window can be lost (ImGui 1.86 has no input queue).
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 2);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 4);
}

async function shot(page, name) {
  await frames(page, 3);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

async function hover(page, name, dx = 0.5, dy = 0.5) {
  const r = await page.evaluate((n) => window.infercalc.uiRect(n), name);
  if (!r) throw new Error(`no ui item ${name}`);
  await page.mouse.move(r.x + r.width * dx, r.y + r.height * dy);
  await frames(page, 30);  // past ImGui's tooltip delay
}

// States worth a look besides the tabs: an invalid input explained in place, the
// linter's findings on a V100, the time-per-token heatmap, explanation tooltips.
async function scenes(browser, server) {
  const open = async (hash) => {
    const opened = await openPage(browser, server.url, { hash, width: 1366, height: 768 });
    await frames(opened.page, 5);
    return opened;
  };
  {
    const { page, context } = await open(HASH);
    const tp = await page.evaluate(() => window.infercalc.uiRect('input:tp'));
    await page.mouse.dblclick(tp.x + 30, tp.y + tp.height / 2);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await page.mouse.move(2, 760);
    await shot(page, 'invalid-tp-1x');
    await hover(page, 'summary:tpot');
    await shot(page, 'tooltip-tpot-1x');
    await click(page, 'tab:memory');
    await hover(page, 'memory-bar', 0.2);
    await shot(page, 'tooltip-weights-1x');
    await click(page, 'tab:heatmap');
    await click(page, 'heat:tpot');
    await hover(page, 'heatmap', 0.35, 0.6);
    await shot(page, 'heatmap-tpot-1x');
    await context.close();
  }
  {
    const { page, context } = await open('#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8&batch=max');
    await click(page, 'tab:warnings');
    await page.mouse.move(2, 760);
    await shot(page, 'warnings-v100-1x');
    await context.close();
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer(SITE);
  const browser = await launch();
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  try {
    for (const scale of [1, 2]) {
      const { page, context, problems } = await openPage(browser, server.url, { hash: HASH, width: 1366, height: 768, scale });
      await frames(page, 5);  // past the first frame, whose items have no layout yet
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
    if (!only) await scenes(browser, server);
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`screenshots in ${OUT}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
