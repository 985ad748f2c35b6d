// First frame of two builds of the page, compared in one run (docs/perf.md): cold loads
// of the same link, alternating A and B, in one headless browser; median, min and max
// of each and the median ratio B / A of back-to-back pairs. A benchmark, not a test.
// Usage: node tools/perf_ab.mjs SITE_A SITE_B [--runs N]   (default 15 runs)
import path from 'node:path';

import { launch } from '../tests/browser/harness.mjs';
import { startServer } from '../tests/browser/server.mjs';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 15;
const [a, b] = args.filter((x, i) => !x.startsWith('--') && args[i - 1] !== '--runs').map((d) => path.resolve(d));
if (!a || !b) { console.error('usage: node tools/perf_ab.mjs SITE_A SITE_B [--runs N]'); process.exit(2); }
const LINK = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=16';
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

async function firstFrameMs(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('infercalc-first-frame').length > 0, null, { timeout: 60000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('infercalc-first-frame')[0].startTime);
  await context.close();
  return ms;
}

const servers = [await startServer(a), await startServer(b)];
const browser = await launch();
const times = [[], []];
await firstFrameMs(browser, servers[0].url + LINK);  // warm the browser itself once
for (let i = 0; i < runs; i++)
  for (const k of i % 2 ? [1, 0] : [0, 1]) times[k].push(await firstFrameMs(browser, servers[k].url + LINK));
console.log(`first frame after navigation, ${runs} cold loads each (ms), ${LINK}:`);
console.log('| site | median | min | max |\n| --- | ---: | ---: | ---: |');
[a, b].forEach((d, k) => console.log(`| ${k ? 'B' : 'A'} ${d} | ${median(times[k]).toFixed(0)} | ${Math.min(...times[k]).toFixed(0)} | ${Math.max(...times[k]).toFixed(0)} |`));
console.log(`B / A: ${(median(times[1]) / median(times[0])).toFixed(2)} (medians), ` +
            `${median(times[1].map((t, i) => t / times[0][i])).toFixed(2)} (median of ${runs} pairs)`);
await browser.close();
for (const s of servers) await s.close();
