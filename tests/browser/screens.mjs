// Screenshots of every panel at device scale 1 and 2 (build/screenshots/web-<panel>-<n>x.png),
// each opened through its link (tab=...), checked to be drawn and not blank.
import path from 'node:path';

import { assert, clickProbe, frames, imageStats, until, withPage } from './harness.mjs';

const BASE = '#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=2&tp=2&batch=16';
// panel, link, a UI item that only that panel draws
const PANELS = [
  ['gpus', BASE, 'gpu-table'],
  ['memory', `${BASE}&tab=memory`, 'memory-bar'],
  ['speed', `${BASE}&tab=speed`, 'speed:ttft'],
  ['scaling', `${BASE}&tab=scaling`, 'chart:throughput'],
  ['heatmap', `${BASE}&tab=heatmap`, 'heatmap'],
  ['heatmap-tpot', `${BASE}&tab=heatmap&heat=tpot`, 'heatmap'],
  ['warnings', '#v=1&model=llama-3.1-8b&gpu=v100-sxm2-32gb&weights=bf16&tab=warnings', 'warning:no-bf16'],
  ['does-not-fit', '#v=1&model=llama-3.1-70b&gpu=v100-sxm2-16gb&tab=memory', 'memory-bar'],
  ['cluster', `${BASE}&tab=cluster`, 'cluster:plans'],
];

// Screenshots `name` and checks it: drawn at the page's scale, not blank.
async function shoot(page, ctx, shots, scale, name, probe) {
  await until(page, (n) => window.infercalc.uiRect(n) !== null, probe, `${name}: UI item "${probe}"`);
  await frames(page, 4);
  const png = await page.screenshot({ path: path.join(shots, `web-${name}-${scale}x.png`) });
  const s = await imageStats(ctx.browser, png);
  assert(s.width === 1280 * scale && s.stddev > 10 && s.colours > 50, `${name} looks blank (sd ${s.stddev.toFixed(1)})`);
}

export function register(test, { SHOTS }) {
  for (const scale of [1, 2]) {
    // A few screens per test: each test must finish within the runner's minute.
    for (let first = 0; first < PANELS.length; first += 3) {
      const group = PANELS.slice(first, first + 3);
      test(`screenshots at scale ${scale}: ${group.map(([n]) => n).join(', ')}`, async (ctx) => {
        await withPage(ctx, { scale }, async (page) => {
          for (const [name, link, probe] of group) {
            await page.evaluate((l) => window.infercalc.setLink(l), link);
            await shoot(page, ctx, SHOTS, scale, name, probe);
          }
        });
      });
    }
    test(`screenshots at scale ${scale}: link banners, the article's table, the export menu, Korean`, async (ctx) => {
      await withPage(ctx, { scale }, async (page) => {
        // An unknown key (a warning), then a link refused (an error).
        await page.evaluate((l) => window.infercalc.setLink(l), `${BASE}&colour=blue`);
        await shoot(page, ctx, SHOTS, scale, 'link-warning', 'notice');
        await page.evaluate(() => window.infercalc.setLink('#v=1&gpus=0'));
        await shoot(page, ctx, SHOTS, scale, 'link-error', 'notice');
        await page.evaluate((l) => window.infercalc.setLink(l), BASE);
        await clickProbe(page, 'gpu-view:seed');
        await shoot(page, ctx, SHOTS, scale, 'seed-table', 'gpu-view:all');
        await clickProbe(page, 'export');
        await shoot(page, ctx, SHOTS, scale, 'export-menu', 'export:copy:json');
        await page.keyboard.press('Escape');
        await clickProbe(page, 'language');
        await page.evaluate((l) => window.infercalc.setLink(l), `${BASE}&tab=memory`);
        await shoot(page, ctx, SHOTS, scale, 'memory-ko', 'memory-bar');
      });
    });
  }
}
