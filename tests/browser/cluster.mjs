// The Cluster tab (src/app/panel_cluster.cpp): a link with its keys opens it with the
// fleet and rate it names; typing a new arrival rate puts it in link() and the URL; the
// page's results().plan is what `infercalc plan --link` prints for the same link; the
// summary strip speaks of the plan.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

import { assert, clickProbe, frames, linkOf, rect, resultsOf, until, withPage } from './harness.mjs';

// Three Cluster links: a mixed fleet with a tight TPOT target, one GPU type at p50 with
// spread lengths over RoCE, and an MoE model on two types with KV in FP8.
const PLAN_LINKS = [
  ['mixed fleet, tight TPOT', '#v=1&model=llama-3.1-70b&gpu=h100-sxm&input=2048&tab=cluster&fleet=h100-sxm:8,a100-sxm4-80gb:16&rate=6&tpot_slo=60'],
  ['one type, p50, CV, RoCE', '#v=1&model=llama-3.1-8b&gpu=l40s&tab=cluster&fleet=l40s:16&rate=20&pct=50&in_cv=1&out_cv=0.5&plink=roce-100'],
  ['MoE, FP8 KV, two types', '#v=1&model=mixtral-8x7b&gpu=h100-sxm&kv=fp8&tab=cluster&fleet=h100-sxm:8,l40s:8@0.8&rate=5&ttft_slo=1500'],
];

// Numbers equal to 1e-9 relative (native and wasm libm may differ in the last bit), text exactly.
function sameJson(a, b, where = '$') {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? null : `${where}: ${a} vs ${b}`;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null))
    return `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (a && typeof a === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = sameJson(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export function register(test, { CLI }) {
  const cli = (args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  test('the Cluster tab: opened by a link with fleet= and rate=, typing the rate changes link()', async (ctx) => {
    const hash = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&tab=cluster&fleet=h100-sxm:8,a100-sxm4-80gb:16&rate=8';
    await withPage(ctx, { hash }, async (page) => {
      await until(page, () => window.infercalc.uiRect('cluster:inputs') !== null, null, 'the Cluster tab');
      assert((await rect(page, 'tab:cluster')) !== null, 'no Cluster tab in the tab bar');
      await until(page, () => window.infercalc.uiRect('cluster:plans') !== null, null, 'the ranked plans');
      await until(page, () => window.infercalc.uiRect('cluster:diagram') !== null, null, 'the plan diagram');
      assert((await rect(page, 'cluster:fleet-gpu:1')) !== null, 'the fleet has no second row');
      assert((await rect(page, 'cluster:fleet-gpu:2')) === null, 'the link named two GPU types, the editor shows three');
      let link = await linkOf(page);
      assert(link.includes('tab=cluster'), `link() is ${link}`);
      assert(link.includes('fleet=h100-sxm:8,a100-sxm4-80gb:16'), `link() lost the fleet: ${link}`);
      assert(!link.includes('rate='), `rate=8 is the default and should be left out: ${link}`);
      // The summary strip shows the plan's verdict, not the single-GPU scenario's.
      await until(page, () => window.infercalc.uiRect('summary:plan') !== null, null, "the plan's summary strip");

      await clickProbe(page, 'cluster:rate', { dx: 20 });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('12');
      await page.keyboard.press('Enter');
      await until(page, () => window.infercalc.link().includes('rate=12'), null, 'rate=12 in link()');
      await until(page, () => location.hash.includes('rate=12'), null, 'the URL to follow');
      link = await linkOf(page);
      assert(link.includes('fleet=h100-sxm:8,a100-sxm4-80gb:16'), `link() lost the fleet: ${link}`);
      await until(page, () => window.infercalc.uiRect('cluster:sweep') !== null, null, 'the goodput chart');
      await frames(page, 3);
    });
  });

  test(`results().plan equals \`infercalc plan --link ... --format json\` for ${PLAN_LINKS.length} Cluster links`, async (ctx) => {
    assert(fs.existsSync(CLI), `no CLI at ${CLI}: build it (cmake --build --preset native)`);
    await withPage(ctx, {}, async (page) => {
      for (const [name, link] of PLAN_LINKS) {
        await page.evaluate((l) => window.infercalc.setLink(l), link);
        const fromPage = await resultsOf(page);
        assert(fromPage.plan, `${name}: results() has no plan`);
        const fromCli = JSON.parse(cli(['plan', '--link', link, '--format', 'json']));
        assert(fromCli.best, `${name}: the CLI found no plan`);
        assert(fromPage.plan.best.summary === fromCli.best.summary,
               `${name}: page ${fromPage.plan.best.summary} vs CLI ${fromCli.best.summary}`);
        const diff = sameJson(fromPage.plan, fromCli);
        assert(!diff, `${name} (${link}): page and CLI plans differ at ${diff}`);
      }
      // A link without plan keys, on another tab, has no plan in results().
      await page.evaluate(() => window.infercalc.setLink('#v=1&model=llama-3.1-8b&gpu=h100-sxm'));
      assert(!('plan' in (await resultsOf(page))), 'results() has a plan for a link without plan keys');
    });
  });

  test('"choose for me": the catalogue search in the page matches `plan --catalog`, and how long it takes in wasm', async (ctx) => {
    const link = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&input=2048&tab=cluster&catalog=1';
    await withPage(ctx, {}, async (page) => {
      await page.evaluate((l) => window.infercalc.setLink(l), link);
      // The tab's own search runs a slice a frame: a progress bar, then the plans.
      await until(page, () => window.infercalc.uiRect('cluster:per-gpu') !== null, null, 'the per-GPU list', 60000);
      const t = await page.evaluate(() => {
        const t0 = performance.now();
        const r = window.infercalc.results();
        return { ms: performance.now() - t0, r };
      });
      console.log(`    catalogue search + plan in results(), wasm: ${t.ms.toFixed(0)} ms`);
      const fromCli = JSON.parse(cli(['plan', '--link', link, '--format', 'json']));
      const page_ = t.r.plan;
      assert(page_.catalog && fromCli.catalog, 'no catalog object');
      assert(page_.catalog.best_fleet === fromCli.catalog.best_fleet,
             `best fleet: page ${page_.catalog.best_fleet}, CLI ${fromCli.catalog.best_fleet}`);
      assert(page_.best.summary === fromCli.best.summary, `page ${page_.best.summary} vs CLI ${fromCli.best.summary}`);
      assert(page_.best.goodput_rps >= 8 * (1 - 1e-9), 'the best fleet serves the rate');
    });
  });
}
