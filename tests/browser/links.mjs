// Links and state, both ways: results() against the CLI for varied links, the URL
// following UI changes (pushState for discrete choices, replaceState for the rest,
// nothing while a field is being edited), back/forward, invalid links and unknown keys.
import { execFileSync } from 'node:child_process';
import { deepStrictEqual } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';

import { assert, clickProbe, frames, linkOf, rect, resultsOf, until, withPage } from './harness.mjs';

// Varied scenarios: dense, MoE, MLA, a custom model, multi-node, batch=max, a linter
// case, one that does not fit, quantised weights with PP and another engine, UI keys.
const LINKS = [
  ['dense, TP 2', '#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=2&tp=2'],
  ['MoE', '#v=1&model=mixtral-8x7b&gpu=a100-sxm4-80gb&gpus=2&tp=2&batch=32'],
  ['MLA (DeepSeek-V3), FP8, EP', '#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8&kv=fp8'],
  ['data-parallel attention, SGLang', '#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8&engine=sglang&dp-attention=1'],
  ['custom model from config.json', null],  // filled from the CLI at run time
  ['multi-node TP 16', '#v=1&model=llama-3.1-405b&gpu=h100-sxm&gpus=16&tp=16&weights=fp8'],
  ['batch=max', '#v=1&model=llama-3.1-8b&gpu=l40s&batch=max&input=4096&output=512'],
  ['linter: BF16 on V100', '#v=1&model=llama-3.1-8b&gpu=v100-sxm2-32gb&weights=bf16'],
  ['does not fit', '#v=1&model=llama-3.1-70b&gpu=v100-sxm2-16gb'],
  ['int4, PP, SGLang, price', '#v=1&model=qwen2.5-72b&gpu=a100-pcie-40gb&gpus=4&tp=2&pp=2&weights=int4&engine=sglang&usd=3.5'],
  ['MoE on MI300X, GPT-OSS MXFP4', '#v=1&model=gpt-oss-120b&gpu=mi300x&weights=mxfp4&batch=64'],
  ['UI keys beside the scenario', '#v=1&model=qwen3-30b-a3b&gpu=h100-sxm&tab=heatmap&heat=tpot'],
];

// The first path where two parsed JSON values differ, for a readable failure.
function firstDifference(a, b, where = '$') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null))
    return `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (a && typeof a === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

const historyLength = (page) => page.evaluate(() => history.length);
const hashOf = (page) => page.evaluate(() => location.hash);

export function register(test, { CLI, ROOT }) {
  const cli = (args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  test(`results() equals \`infercalc estimate --link ... --format json\` for ${LINKS.length} varied links`, async (ctx) => {
    assert(fs.existsSync(CLI), `no CLI at ${CLI}: build it (cmake --build --preset native)`);
    const custom = JSON.parse(cli(['estimate', '--model-config', path.join(ROOT, 'tests/data/configs/qwen3.json'),
                                   '--format', 'json'])).link;
    const links = LINKS.map(([name, link]) => [name, link || `${custom}&gpus=2&tp=2&batch=8`]);
    await withPage(ctx, {}, async (page) => {
      for (const [name, link] of links) {
        await page.evaluate((l) => window.infercalc.setLink(l), link);
        const fromPage = await resultsOf(page);
        const fromCli = JSON.parse(cli(['estimate', '--link', link, '--format', 'json']));
        const diff = firstDifference(fromPage, fromCli);
        assert(!diff, `${name} (${link}): page and CLI differ at ${diff}`);
        deepStrictEqual(fromPage, fromCli);
        // The page's link is the CLI's plus the UI keys it carries.
        const pageLink = await linkOf(page);
        assert(pageLink.startsWith(fromCli.link), `${name}: link() ${pageLink} does not extend ${fromCli.link}`);
        assert(pageLink === link || !link.includes('tab='), `${name}: link() ${pageLink}, opened ${link}`);
      }
      const last = await linkOf(page);
      assert(last.endsWith('&tab=heatmap&heat=tpot'), `UI keys lost: ${last}`);
    });
  });

  test('a link in the URL opens that state; non-canonical spellings are rewritten in place', async (ctx) => {
    await withPage(ctx, { hash: '#gpus=2&gpu=h200-sxm&v=1&tp=2' }, async (page) => {
      const want = '#v=1&model=llama-3.1-8b&gpu=h200-sxm&gpus=2&tp=2';
      assert((await linkOf(page)) === want, `link() is ${await linkOf(page)}`);
      assert((await hashOf(page)) === want, `location.hash is ${await hashOf(page)}`);
      await page.goBack();  // straight out of the page: the rewrite added no entry
      assert(page.url() === 'about:blank', `Back went to ${page.url()}`);
    });
  });

  test('a discrete choice pushes a history entry, a count replaces it; Back and Forward restore each state', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&model=llama-3.1-8b&gpu=h100-sxm&tab=memory' }, async (page) => {
      const start = await linkOf(page);
      const n0 = await historyLength(page);
      await page.evaluate(() => window.infercalc.setLink('#v=1&model=llama-3.1-8b&gpu=h100-sxm'));  // the GPU tab
      const gpus = await linkOf(page);
      assert((await historyLength(page)) === n0 + 1, 'setLink did not push an entry');
      // A click on a GPU row: a discrete change, a new entry.
      await clickProbe(page, 'gpu-row:a100-sxm4-80gb', { dx: 40 });
      await until(page, () => location.hash.includes('gpu=a100-sxm4-80gb'), null, 'the URL to follow the click');
      const a100 = await linkOf(page);
      assert((await historyLength(page)) === n0 + 2, `history.length ${await historyLength(page)}, want ${n0 + 2}`);
      // A typed GPU count: a continuous change, the entry is replaced.
      await clickProbe(page, 'input:gpus', { dx: 20 });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      await frames(page, 3);
      assert(!(await hashOf(page)).includes('gpus=4'), 'the URL changed while the field was still being edited');
      await page.keyboard.press('Enter');
      await until(page, () => location.hash.includes('gpus=4'), null, 'the URL to follow the typed count');
      const four = await linkOf(page);
      assert((await historyLength(page)) === n0 + 2, 'a count change added a history entry');
      // Back: the H100 state with the GPU tab (the replaced entry's predecessor).
      await page.goBack();
      await until(page, (l) => window.infercalc.link() === l, gpus, `Back to ${gpus}`);
      assert((await resultsOf(page)).scenario.gpu === 'h100-sxm', 'results() did not follow Back');
      await page.goBack();
      await until(page, (l) => window.infercalc.link() === l, start, `Back to ${start} (tab=memory)`);
      await page.goForward();
      await page.goForward();
      await until(page, (l) => window.infercalc.link() === l, four, `Forward to ${four}`);
      assert((await hashOf(page)) === four, 'the URL and the state differ after Forward');
      assert(a100 !== four, 'the count was not part of the link');
    });
  });

  test('an invalid link keeps the last good state and says why in a banner; Dismiss hides it', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&gpu=h200-sxm&gpus=2' }, async (page) => {
      const good = await linkOf(page);
      for (const bad of ['#v=99&gpu=h200-sxm', '#v=1&gpu=no-such-gpu', '#v=1&gpus=0', '#v=1&tp=3&gpus=2', '#v=1&gpu=a10&gpu=a10']) {
        await page.evaluate((l) => window.infercalc.setLink(l), bad);
        assert((await linkOf(page)) === good, `${bad} changed the state to ${await linkOf(page)}`);
        const live = await page.locator('[aria-live]').textContent();
        assert(live.startsWith('Link not applied'), `${bad}: aria-live says "${live}"`);
        await until(page, () => window.infercalc.uiRect('notice') !== null, null, `the banner for ${bad}`);
      }
      await clickProbe(page, 'notice-dismiss');
      await until(page, () => window.infercalc.uiRect('notice') === null, null, 'the banner to go');
      // Typed into the address bar: the state stays, the banner says why.
      await page.evaluate(() => { location.hash = '#v=1&gpu=h200-sxm&batch=-1'; });
      await until(page, () => window.infercalc.uiRect('notice') !== null, null, 'the banner after an edited URL');
      assert((await linkOf(page)) === good, 'an edited bad URL changed the state');
    });
  });

  test('a link opened on load with an unknown value keeps the defaults and shows the banner', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&gpu=no-such-gpu' }, async (page) => {
      assert((await resultsOf(page)).scenario.gpu === 'h100-sxm', 'not the default GPU');
      await until(page, () => window.infercalc.uiRect('notice') !== null, null, 'the banner');
      const live = await page.locator('[aria-live]').textContent();
      assert(live.startsWith('Link not applied') && live.includes('gpu'), `aria-live says "${live}"`);
    });
  });

  test('unknown keys are ignored with a visible warning; the rest of the link applies', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&gpu=h200-sxm&colour=blue&tab=nowhere' }, async (page) => {
      const r = await resultsOf(page);
      assert(r.scenario.gpu === 'h200-sxm', `gpu ${r.scenario.gpu}`);
      const live = await page.locator('[aria-live]').textContent();
      assert(live.includes("unknown link key 'colour'") && live.includes("'nowhere'"), `aria-live says "${live}"`);
      assert(await rect(page, 'notice'), 'no banner');
      assert((await hashOf(page)) === '#v=1&model=llama-3.1-8b&gpu=h200-sxm', `URL is ${await hashOf(page)}`);
    });
  });

  test('hashchange (an edited URL) and setLink() apply a new scenario', async (ctx) => {
    await withPage(ctx, {}, async (page) => {
      await page.evaluate(() => { location.hash = '#v=1&gpu=a100-sxm4-80gb'; });
      await until(page, () => window.infercalc.results().scenario.gpu === 'a100-sxm4-80gb', null, 'hashchange to apply');
      await page.evaluate(() => window.infercalc.setLink('#v=1&gpu=h200-sxm&tab=speed'));
      assert((await resultsOf(page)).scenario.gpu === 'h200-sxm', 'setLink did not select h200-sxm');
      assert((await hashOf(page)) === '#v=1&model=llama-3.1-8b&gpu=h200-sxm&tab=speed', 'setLink did not update the URL');
      await until(page, () => window.infercalc.uiRect('speed:ttft') !== null, null, 'the Speed tab to open');
    });
  });
}
