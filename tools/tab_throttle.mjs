// How often Tab lands on the right field when frames are slow: reloads the page, presses
// Tab 1, 2 and 3 times (three rounds), types 2 and Enter, and prints which link key changed
// (expected: gpus, tp, pp). The CPU is slowed with Emulation.setCPUThrottlingRate.
// Usage: node tools/tab_throttle.mjs [RATE, default 8] [SITE_DIR, default build/web]
import { launch, frames } from '../tests/browser/harness.mjs';
import { startServer } from '../tests/browser/server.mjs';
const rate = Number(process.argv[2] || 8);
const server = await startServer(process.argv[3] || 'build/web');
const browser = await launch();
const start = '#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=8';
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate });
await page.goto(server.url + start);
await page.evaluate(() => window.infercalc.ready);
for (let round = 0; round < 3; round++)
for (const tabs of [1, 2, 3]) {
    await page.evaluate((l) => history.replaceState(null, '', l), start);
    await page.reload();
    await page.evaluate(() => window.infercalc.ready);
    await frames(page, 2);
    const t0 = Date.now();
    for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
    await frames(page, 3);
    const wants = await page.evaluate(() => Module.ccall('infercalc_wants_text', 'number', [], []));
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await frames(page, 6);
    console.log(`tabs ${tabs}: wants ${wants} link ${(await page.evaluate(() => window.infercalc.link())).slice(start.length - 7)} (${Date.now()-t0} ms)`);
}
await browser.close(); await server.close();
