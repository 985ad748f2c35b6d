// A shared link opened on a phone, as Playwright emulates one (device scale 3, isMobile,
// hasTouch) at 390x844 (an iPhone), 412x915 (a common Android phone) and 844x390 (the
// iPhone held sideways): the answer on the first screen, taps that open tabs, the
// system keyboard for number fields, swipes that scroll, nothing that scrolls
// sideways. Screenshots: build/screenshots/mobile-<w>x<h>[-what].png, in CSS pixels.
import path from 'node:path';

import { assert, frames, linkOf, rect, until, withPage } from './harness.mjs';

const PHONES = [[390, 844], [412, 915], [844, 390]];
const LINK = '#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=2&tp=2&batch=16';
const CARDS = ['fits', 'ttft', 'tpot', 'tps', 'cost'];
const TABS = ['memory', 'speed', 'scaling', 'heatmap', 'gpus', 'warnings', 'cluster'];
// Apple HIG and WCAG 2.5.5: touch targets at least 44 CSS px (theme.cpp).
const TOUCH_TARGET = 44;
// At device scale 3 a frame takes up to a second with software GL on a busy machine.
const SLOW = 240000;

const overflowX = (page) => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
const entryState = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el.id, inputmode: el.getAttribute('inputmode'), value: el.value };
});

async function tap(page, name, dx) {
  await until(page, (n) => window.infercalc.uiRect(n) !== null, name, `UI item "${name}"`);
  const r = await rect(page, name);
  await page.touchscreen.tap(r.x + (dx === undefined ? r.width / 2 : dx), r.y + r.height / 2);
  return r;
}

// One finger from (x, y0) to (x, y1) in `steps` moves 16 ms apart, through CDP
// (Playwright has no swipe). The events carry their own times (a busy machine delivers
// them late), so the app measures the finger's speed as a phone would; `rest` ms still
// before lifting: no momentum.
async function swipe(page, x, y0, y1, { steps = 8, rest = 0, x1 = x } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  const send = (type, points, ms) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points, timestamp: t0 + ms / 1000 });
  await send('touchStart', [{ x, y: y0 }], 0);
  for (let i = 1; i <= steps; i++) await send('touchMove', [{ x: x + ((x1 - x) * i) / steps, y: y0 + ((y1 - y0) * i) / steps }], i * 16);
  await send('touchEnd', [], steps * 16 + 8 + rest);
  await cdp.detach();
}

// Two fingers moving apart, as a pinch-to-zoom.
async function pinch(page, x, y) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  await send('touchStart', [{ x: x - 20, y, id: 0 }, { x: x + 20, y, id: 1 }]);
  for (let i = 1; i <= 6; i++) {
    await page.waitForTimeout(15);
    await send('touchMove', [{ x: x - 20 - i * 15, y, id: 0 }, { x: x + 20 + i * 15, y, id: 1 }]);
  }
  await send('touchEnd', []);
  await cdp.detach();
}

// Swipes (without momentum) until the named item is wholly on screen. An item not
// drawn at all (a table row in a child window below the screen) is looked for further down.
async function bringIntoView(page, name) {
  const [w, h] = await page.evaluate(() => [innerWidth, innerHeight]);
  for (let i = 0; i < 12; i++) {
    const r = (await rect(page, name)) || (i < 6 ? { y: h * 1.5, height: 0 } : null);
    assert(r, `no UI item ${name}`);
    if (r.y >= 0 && r.y + r.height <= h - 4) return r;
    const up = r.y + r.height > h - 4;
    const dist = Math.min(h * 0.4, up ? r.y + r.height - h + h * 0.2 : -r.y + h * 0.2);
    const from = up ? h * 0.8 : h * 0.2;
    await swipe(page, w * 0.5, from, up ? from - dist : from + dist, { rest: 120 });
    await frames(page, 4);
  }
  throw new Error(`${name} never came into view`);
}

const open = (w, h, hash = LINK) => ({ hash, width: w, height: h, scale: 3, mobile: true });

export function register(test, { SHOTS }) {
  for (const [w, h] of PHONES) {
    const phone = `phone ${w}x${h}`;
    const shot = (page, what) =>
      page.screenshot({ path: path.join(SHOTS, `mobile-${w}x${h}${what ? '-' + what : ''}.png`), scale: 'css' });

    test(`${phone}: a link shows every summary card on the first screen, inputs closed, nothing sideways`, async (ctx) => {
      await withPage(ctx, open(w, h), async (page) => {
        await frames(page, 4);
        for (const c of CARDS) {
          const r = await rect(page, `summary:${c}`);
          assert(r, `no summary:${c}`);
          assert(r.x >= 0 && r.y >= 0 && r.x + r.width <= w + 0.5 && r.y + r.height <= h + 0.5,
                 `summary:${c} at ${JSON.stringify(r)} is not wholly on the ${w}x${h} screen`);
          assert(r.width >= 60, `summary:${c} is ${r.width.toFixed(0)} px wide`);
        }
        assert((await rect(page, 'input:gpus')) === null, 'the scenario inputs are open for a link');
        assert(await rect(page, 'inputs'), 'no scenario section');
        const t = await rect(page, 'tab:memory');
        assert(t && t.height >= TOUCH_TARGET - 0.5, `a tab is ${t && t.height.toFixed(1)} px high on a touch screen`);
        assert((await overflowX(page)) <= 0, `the page scrolls sideways by ${await overflowX(page)} px`);
        await shot(page, '');
      });
    }, SLOW);

    test(`${phone}: a tap on a tab opens it (tab= in the link)`, async (ctx) => {
      await withPage(ctx, open(w, h), async (page) => {
        await tap(page, 'tab:memory');
        await until(page, () => window.infercalc.link().endsWith('&tab=memory'), null, 'tab=memory in the link');
        // The accounting waterfall: one row per step, stacked vertically, each within the screen.
        await until(page, () => window.infercalc.uiRect('waterfall:1') !== null, null, 'the memory waterfall');
        const w0 = await rect(page, 'waterfall:0'), w1 = await rect(page, 'waterfall:1');
        assert(w1.y >= w0.y + w0.height - 0.5, `waterfall rows overlap: ${JSON.stringify(w0)} ${JSON.stringify(w1)}`);
        for (const r of [w0, w1]) assert(r.x >= 0 && r.x + r.width <= w + 0.5, `a waterfall row at ${JSON.stringify(r)} leaves the ${w}px screen`);
        await tap(page, 'tab:scaling');
        await until(page, () => window.infercalc.link().endsWith('&tab=scaling'), null, 'tab=scaling in the link');
        await until(page, () => window.infercalc.uiRect('chart:throughput') !== null, null, 'the scaling chart');
        assert((await overflowX(page)) <= 0, 'the page scrolls sideways');
        await frames(page, 3);
        await shot(page, 'scaling');
      });
    }, SLOW);

    test(`${phone}: every tab opens by tap and none makes the page scroll sideways`, async (ctx) => {
      await withPage(ctx, open(w, h), async (page) => {
        for (const id of TABS) {
          await bringIntoView(page, `tab:${id}`);
          await tap(page, `tab:${id}`);
          // The GPU table is the default tab: links leave it out.
          await until(page, (t) => (t === 'gpus' ? !window.infercalc.link().includes('&tab=')
                                                 : window.infercalc.link().includes(`&tab=${t}`)), id, `tab ${id} in the link`);
          await frames(page, 3);
          const over = await overflowX(page);
          assert(over <= 0, `with the ${id} tab open the page scrolls sideways by ${over} px`);
          if (w === 390) await shot(page, `tab-${id}`);
        }
      });
    }, SLOW * 2);

    test(`${phone}: a tap on a number field opens the keyboard (DOM input, inputmode numeric); typing and Enter set it`, async (ctx) => {
      await withPage(ctx, open(w, h), async (page) => {
        await tap(page, 'inputs');
        await until(page, () => window.infercalc.uiRect('input:gpus') !== null, null, 'the scenario inputs to open');
        await bringIntoView(page, 'input:gpus');
        await tap(page, 'input:gpus', 20);
        await until(page, () => document.activeElement && document.activeElement.id === 'text-entry', null,
                    'a DOM input to take the focus');
        const entry = await entryState(page);
        assert(entry.inputmode === 'numeric', `inputmode is ${entry.inputmode}`);
        assert(entry.value === '2', `the input shows "${entry.value}", the field holds 2`);
        await page.keyboard.type('4');
        await frames(page, 4);
        await shot(page, 'keyboard');
        await page.keyboard.press('Enter');
        await until(page, () => window.infercalc.results().scenario.gpus === 4, null, 'gpus = 4 in results()');
        await until(page, () => window.infercalc.link().includes('&gpus=4&'), null, 'gpus=4 in the link');
        await until(page, () => document.activeElement.id !== 'text-entry', null, 'the DOM input to close');
        // An invalid value is explained beside its field, as with a mouse.
        await bringIntoView(page, 'input:tp');
        await tap(page, 'input:tp', 20);
        await until(page, () => document.activeElement.id === 'text-entry', null, 'the DOM input for TP');
        await page.keyboard.type('8');  // more than the 4 GPUs
        await page.keyboard.press('Enter');
        await until(page, () => window.infercalc.uiRect('error:tp') !== null, null, 'the TP error message');
        assert((await linkOf(page)).includes('&tp=2'), `an invalid TP reached the link: ${await linkOf(page)}`);
        assert((await overflowX(page)) <= 0, 'the page scrolls sideways');
        await frames(page, 3);
        await shot(page, 'invalid');
      });
    }, SLOW);

    test(`${phone}: a swipe scrolls with momentum, a pinch does not zoom`, async (ctx) => {
      await withPage(ctx, open(w, h), async (page) => {
        await frames(page, 3);
        const y0 = (await rect(page, 'summary:fits')).y;
        const dist = Math.round(h * 0.12);
        await swipe(page, w * 0.5, h * 0.6, h * 0.6 - dist, { steps: 4 });
        await frames(page, 30);
        const y2 = (await rect(page, 'summary:fits')).y;
        // The page goes on after the finger lifts (or up to its end, which lies further).
        assert(y0 - y2 >= dist * 1.5, `a quick ${dist} px swipe moved the page ${(y0 - y2).toFixed(0)} px: no momentum`);
        console.log(`     a quick ${dist} px swipe moved the page ${(y0 - y2).toFixed(0)} px`);
        await swipe(page, w * 0.5, h * 0.3, h * 0.9, { rest: 100 });
        await swipe(page, w * 0.5, h * 0.3, h * 0.9, { rest: 100 });
        await until(page, (y) => Math.abs(window.infercalc.uiRect('summary:fits').y - y) < 1, y0, 'the top again');
        const canvasWidth = await page.evaluate(() => document.getElementById('canvas').width);
        await pinch(page, w / 2, h / 2);
        await frames(page, 3);
        const after = await page.evaluate(() => [window.visualViewport.scale, document.getElementById('canvas').width]);
        assert(after[0] === 1 && after[1] === canvasWidth, `a pinch zoomed: scale ${after[0]}, canvas ${after[1]} px`);
      });
    }, SLOW);
  }

  // Every kind of control a finger meets, measured in CSS px on a touch phone; with a
  // mouse the same controls keep their compact size.
  test('phone 390x844: tap targets at least 44 CSS px high (tabs, fields, check box, combo box and its entries, buttons, menu, table rows)', async (ctx) => {
    const high = async (page, name) => {
      const r = await rect(page, name);
      assert(r, `no UI item ${name}`);
      assert(r.height >= TOUCH_TARGET - 0.5, `${name} is ${r.height.toFixed(1)} CSS px high on a touch screen`);
    };
    await withPage(ctx, open(390, 844, ''), async (page) => {
      await frames(page, 3);
      for (const n of ['summary:fits', 'summary:tpot', 'tab:memory', 'tab:gpus', 'inputs', 'menu', 'input:model', 'input:gpu']) await high(page, n);
      for (const n of ['input:gpus', 'input:batch-max']) {
        await bringIntoView(page, n);
        await high(page, n);
      }
      await tap(page, 'input:gpu');
      await until(page, () => window.infercalc.uiRect('option:gpu:v100-sxm2-16gb') !== null, null, 'the GPU list to open');
      await high(page, 'option:gpu:v100-sxm2-16gb');
    });
    // From a link (the scenario section closed) the GPU table is on the first screen.
    await withPage(ctx, open(390, 844), async (page) => {
      await frames(page, 3);
      for (const n of ['gpu-view:all', 'gpu-filter:class']) await high(page, n);
      await bringIntoView(page, 'gpu-row:v100-sxm2-16gb');
      await high(page, 'gpu-row:v100-sxm2-16gb');
      await bringIntoView(page, 'menu');
      await tap(page, 'menu');
      await until(page, () => window.infercalc.uiRect('copy-link') !== null, null, 'the menu to open');
      for (const n of ['copy-link', 'language', 'theme']) await high(page, n);
    });
    await withPage(ctx, { width: 1280, height: 800 }, async (page) => {
      await frames(page, 3);
      const r = await rect(page, 'input:gpus');
      assert(r && r.height < TOUCH_TARGET - 8, `with a mouse a field is ${r && r.height} px high: touch sizes leaked to the desktop`);
    });
  }, SLOW);

  // A table wider than the phone scrolls sideways inside itself, its GPU column frozen;
  // the page never does.
  test('phone 390x844: a sideways swipe scrolls the Memory tab\'s table, not the page', async (ctx) => {
    await withPage(ctx, open(390, 844, `${LINK}&tab=memory`), async (page) => {
      await bringIntoView(page, 'fit:v100-sxm2-16gb');
      const before = await rect(page, 'fit:v100-sxm2-16gb');
      await swipe(page, 300, before.y + before.height / 2, before.y + before.height / 2, { x1: 120, rest: 120 });
      await frames(page, 6);
      const after = await rect(page, 'fit:v100-sxm2-16gb');
      assert(after && before.x - after.x > 60, `the table moved ${after ? before.x - after.x : '?'} px sideways under a 180 px swipe`);
      assert(Math.abs(after.y - before.y) < 2, `a sideways swipe moved the page ${after.y - before.y} px up or down`);
      assert((await overflowX(page)) <= 0, 'the page scrolls sideways');
    });
  }, SLOW);

  test('phone 390x844: a fresh page (no link) opens the scenario inputs', async (ctx) => {
    await withPage(ctx, open(390, 844, ''), async (page) => {
      await frames(page, 3);
      assert(await rect(page, 'input:model'), 'the scenario inputs are closed on a fresh page');
      await page.screenshot({ path: path.join(SHOTS, 'mobile-390x844-fresh.png'), scale: 'css' });
    });
  }, SLOW);
}
