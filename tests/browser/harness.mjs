// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core,
// pages opened with console errors and off-origin requests recorded, frame waits,
// and screenshot statistics.
import fs from 'node:fs';
import os from 'node:os';

import { chromium } from 'playwright-core';

// Flags that work on a machine without a GPU and without outside network
// (docs: ../shared/TOOLCHAIN.md); playwright-core gives each launch a fresh profile.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-default-apps',
];

// Debian's chromium; GitHub's Ubuntu runners link their Chromium at the same place.
const BROWSERS = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function launch() {
  const executablePath = BROWSERS.find((p) => p && fs.existsSync(p));
  if (!executablePath) throw new Error(`no Chromium found (tried ${BROWSERS.filter(Boolean).join(', ')}); set CHROMIUM`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

// Opens the site at `origin` + `hash` in a fresh context. Returns the page plus what
// went wrong on it: console errors, uncaught exceptions, requests to other origins
// (which are refused, so nothing ever leaves the machine).
// The system colour scheme defaults to dark, so the theme a test starts from is fixed.
// `mobile`: a phone as Playwright emulates one (isMobile: the viewport meta tag applies;
// hasTouch: touch events and a coarse pointer).
export async function openPage(browser, origin,
                               { hash = '', width = 1280, height = 800, scale = 1, locale = 'en-US', colorScheme = 'dark',
                                 mobile = false } = {}) {
  // No service worker here (offline.mjs tests it): each page's requests stay its own.
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, locale,
                                             colorScheme, serviceWorkers: 'block',
                                             ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
  const problems = { errors: [], offOrigin: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    problems.offOrigin.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30000 * slowness());  // Playwright's own default, stretched likewise
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.errors.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A reload cancels what is still loading (the favicon, say): not a failure.
    if (r.url().startsWith(origin) && r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  await page.goto(origin + hash);
  await page.evaluate(() => window.infercalc.ready);
  return { page, context, problems };
}

// Waits for `n` animation frames (the app draws one per frame).
export function frames(page, n = 3) {
  return page.evaluate((count) => new Promise((resolve) => {
    let k = 0;
    const step = () => (++k >= count ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}

// How much slower than an idle machine this one runs now: the 1-minute load average per
// core, between 1 and 6. Timeouts only catch hangs, so they stretch by it: the 2-core
// machines these tests run on are shared, and a load of 20 (parallel builds) made a
// 60 s screenshot test time out while nothing was wrong (a hang still fails, later).
export function slowness() {
  return Math.min(6, Math.max(1, os.loadavg()[0] / Math.max(1, os.cpus().length)));
}

// Polls `fn` (run in the page with `arg`) until it returns a truthy value.
export async function until(page, fn, arg, what, timeoutMs = 10000) {
  try {
    await page.waitForFunction(fn, arg, { timeout: timeoutMs * slowness(), polling: 50 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

// Luminance statistics of a PNG, decoded by the browser in a blank page.
export async function imageStats(browser, png) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const d = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let sum = 0, sum2 = 0;
      const colours = new Set();
      for (let i = 0; i < d.length; i += 4) {
        const y = 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
        sum += y;
        sum2 += y * y;
        if (colours.size < 10000) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      const n = d.length / 4;
      const mean = sum / n;
      return { width: bitmap.width, height: bitmap.height, mean, stddev: Math.sqrt(sum2 / n - mean * mean),
               colours: colours.size };
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Opens a page (openPage), runs `fn(page, context)`, closes it, then fails on any
// console error, exception or request that left the origin.
export async function withPage(ctx, options, fn) {
  const { page, context, problems } = await openPage(ctx.browser, ctx.server.url, options);
  try {
    await fn(page, context);
  } finally {
    await context.close();
  }
  assert(problems.offOrigin.length === 0, `requests left the origin: ${problems.offOrigin.join(', ')}`);
  assert(problems.errors.length === 0, problems.errors.join('; '));
}

// The CSS-pixel rectangle of a named UI item (src/app/ui_probe.h), or null.
export const rect = (page, name) => page.evaluate((n) => window.infercalc.uiRect(n), name);

// Waits for the named item, then clicks it with the mouse (`dx` = offset from its left
// edge, default its centre).
export async function clickProbe(page, name, { dx } = {}) {
  await until(page, (n) => window.infercalc.uiRect(n) !== null, name, `UI item "${name}"`);
  let r = await rect(page, name);
  const at = (q) => [q.x + (dx === undefined ? q.width / 2 : dx), q.y + q.height / 2];
  let [x, y] = at(r);
  // A real mouse passes over an item before it clicks it. A click that jumps there in
  // one event is lost on items ImGui lets overlap (tabs): they take a press only when
  // the previous frame hovered them or nothing (imgui_widgets.cpp, ButtonBehavior,
  // ImGuiButtonFlags_AllowItemOverlap), and after a combo list closes the previous
  // frame hovered the combo.
  // An item can move after it first appears: a popup that sizes itself to its contents
  // is laid out in a hidden first frame (imgui.cpp, Begin, HiddenFramesCannotSkipItems)
  // and placed once its size is known. Hover until two frames agree on where it is.
  for (let tries = 0; tries < 5; tries++) {
    await page.mouse.move(x, y);
    await frames(page, 2);
    const now = await rect(page, name);
    if (now === null) throw new Error(`UI item "${name}" went away before the click`);
    const moved = now.x !== r.x || now.y !== r.y || now.width !== r.width || now.height !== r.height;
    r = now;
    [x, y] = at(r);
    if (!moved) break;
  }
  await page.mouse.click(x, y);
  return r;
}

export const linkOf = (page) => page.evaluate(() => window.infercalc.link());
export const resultsOf = (page) => page.evaluate(() => window.infercalc.results());
