// Offline: the service worker (web/sw.js) caches the build under its version, the
// page then loads with the network off, and a new deployment replaces the old cache.
// Also the installable web app manifest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { assert, until } from './harness.mjs';
import { startServer } from './server.mjs';

// A fresh context without request interception (which would bypass the worker),
// watching for requests to other origins through the page's own events.
async function open(ctx, server = ctx.server) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'allow' });
  const problems = [];
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  context.on('request', (r) => { if (!r.url().startsWith(server.url)) problems.push(`off-origin request ${r.url()}`); });
  return { context, page, problems };
}

const controlled = (page) => until(page, () => navigator.serviceWorker.controller !== null, null,
                                   'the service worker to control the page', 20000);
const cacheNames = (page) => page.evaluate(() => caches.keys());

// A copy of the site stamped with another version, as the next build would be.
function nextDeployment(site, version) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infercalc-site-'));
  const old = fs.readFileSync(path.join(site, 'version.txt'), 'utf8').trim();
  for (const f of fs.readdirSync(site)) {
    const from = path.join(site, f);
    if (!fs.statSync(from).isFile()) continue;
    const text = ['index.html', 'sw.js', 'version.txt'].includes(f);
    fs.writeFileSync(path.join(dir, f), text ? fs.readFileSync(from, 'utf8').replaceAll(old, version) : fs.readFileSync(from));
  }
  return { dir, old };
}

export function register(test, { SITE }) {
  test('offline: once the service worker controls the page, a reload with the network off still starts', async (ctx) => {
    const { context, page, problems } = await open(ctx);
    try {
      await page.goto(ctx.server.url + '#v=1&gpu=h200-sxm');
      await page.evaluate(() => window.infercalc.ready);
      await controlled(page);
      const version = await page.evaluate(() => window.infercalc.version);
      assert(/^[0-9a-f]{12}$/.test(version), `version "${version}"`);
      await until(page, (v) => caches.keys().then((k) => k.length === 1 && k[0] === `infercalc-${v}`), version,
                  `one cache named infercalc-${version}`);
      const cached = await page.evaluate((v) => caches.open(`infercalc-${v}`).then((c) => c.keys())
        .then((rs) => rs.map((r) => new URL(r.url).pathname + new URL(r.url).search)), version);
      for (const f of ['/', `/app.wasm?v=${version}`, `/app.js?v=${version}`, `/page.js?v=${version}`, '/manifest.webmanifest'])
        assert(cached.includes(f), `${f} is not cached (cached: ${cached.join(' ')})`);

      await context.setOffline(true);
      await page.reload();
      await page.evaluate(() => window.infercalc.ready);
      assert((await page.evaluate(() => window.infercalc.results().scenario.gpu)) === 'h200-sxm', 'the link was lost offline');
      assert(await page.evaluate(() => navigator.onLine === false), 'the context was not offline');
    } finally {
      await context.close();
    }
    assert(problems.length === 0, problems.join('; '));
  });

  test('a new deployment: the page comes from the network, the new worker drops the old cache', async (ctx) => {
    // Its own server: swapping the site under the shared one would break tests that run
    // beside this one (tests/browser/run.mjs runs two at a time).
    const server = await startServer(SITE);
    const { context, page, problems } = await open(ctx, server);
    const next = nextDeployment(SITE, 'feedc0ffee00');
    try {
      await page.goto(server.url);
      await page.evaluate(() => window.infercalc.ready);
      await controlled(page);
      await until(page, (v) => caches.keys().then((k) => k.includes(`infercalc-${v}`)), next.old, 'the first cache');
      server.setRoot(next.dir);
      await page.reload();
      await page.evaluate(() => window.infercalc.ready);
      assert((await page.evaluate(() => window.infercalc.version)) === 'feedc0ffee00', 'the page is not the new one');
      await until(page, () => caches.keys().then((k) => k.length === 1 && k[0] === 'infercalc-feedc0ffee00'), null,
                  `only the new cache (have ${await cacheNames(page)})`, 20000);
      await context.setOffline(true);
      await page.reload();
      await page.evaluate(() => window.infercalc.ready);
      assert((await page.evaluate(() => window.infercalc.version)) === 'feedc0ffee00', 'offline, the old version came back');
    } finally {
      await context.close();
      await server.close();
      fs.rmSync(next.dir, { recursive: true, force: true });
    }
    assert(problems.length === 0, problems.join('; '));
  });

  test('the web app manifest is linked, valid and installable (name, start_url, standalone, icons)', async (ctx) => {
    const { context, page, problems } = await open(ctx);
    try {
      await page.goto(ctx.server.url);
      await page.evaluate(() => window.infercalc.ready);
      const m = await page.evaluate(async () => {
        const href = document.querySelector('link[rel="manifest"]').href;
        return (await fetch(href)).json();
      });
      assert(m.name && m.short_name && m.start_url === '.' && m.display === 'standalone', JSON.stringify(m));
      assert(m.theme_color && m.background_color, 'no theme colours');
      for (const size of ['192x192', '512x512']) {
        const icon = m.icons.find((i) => i.sizes === size && i.type === 'image/png');
        assert(icon, `no ${size} PNG icon`);
        const dims = await page.evaluate(async (src) => {
          const b = await createImageBitmap(await (await fetch(src)).blob());
          return `${b.width}x${b.height}`;
        }, icon.src);
        assert(dims === size, `${icon.src} is ${dims}`);
      }
      assert(m.icons.some((i) => i.sizes === 'any' && i.type === 'image/svg+xml'), 'no SVG icon');
      // Chromium's own verdict (DevTools' Application panel).
      const cdp = await context.newCDPSession(page);
      const { errors } = await cdp.send('Page.getAppManifest');
      assert(errors.length === 0, `manifest errors: ${JSON.stringify(errors)}`);
    } finally {
      await context.close();
    }
    assert(problems.length === 0, problems.join('; '));
  });
}
