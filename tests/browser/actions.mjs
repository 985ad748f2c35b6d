// From answer to action (src/app/panel_actions.cpp): a scenario that does not fit lists
// fixes and a click applies one; the launch command is on screen; Pin keeps a setup,
// the link carries both (vs=) and results() equals `infercalc compare --link ...`;
// the Cluster tab offers Dynamo / llm-d export.
import { execFileSync } from 'node:child_process';
import { deepStrictEqual } from 'node:assert';
import path from 'node:path';

import { assert, clickProbe, frames, linkOf, rect, resultsOf, until, withPage } from './harness.mjs';

export function register(test, { CLI, SHOTS }) {
  const cli = (args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  test('70B BF16 on one H100: fixes listed under the verdict; clicking the first applies its link, which fits', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&model=llama-3.1-70b&gpu=h100-sxm' }, async (page) => {
      await until(page, () => window.infercalc.uiRect('fix:0') !== null, null, 'a first fix');
      assert((await rect(page, 'launch:command')) !== null, 'no launch command on screen');
      const before = await resultsOf(page);
      assert(before.memory.fits === false && before.suggestions.length > 0, 'results() has suggestions');
      await page.screenshot({ path: path.join(SHOTS, 'actions-fixes.png') });
      await clickProbe(page, 'fix:0');
      await until(page, (l) => window.infercalc.link() === l, before.suggestions[0].link, 'the first fix applied');
      const after = await resultsOf(page);
      assert(after.memory.fits === true, `the fix ${before.suggestions[0].change} does not fit`);
      assert((await rect(page, 'fix:0')) === null, 'fixes still shown for a scenario that works');
    });
  });

  test('Pin, then change the GPU: link() carries vs= and results() equals `infercalc compare --link`', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2' }, async (page) => {
      await clickProbe(page, 'compare:pin');
      await until(page, () => window.infercalc.link().includes('&vs='), null, 'vs= in link()');
      await until(page, () => window.infercalc.uiRect('compare:table') !== null, null, 'the comparison table');
      await page.evaluate(() => window.infercalc.setLink(
        window.infercalc.link().replace('gpu=h100-sxm&gpus=2&tp=2', 'gpu=h200-sxm')));
      const link = await linkOf(page);
      assert(link.startsWith('#v=1&model=llama-3.1-70b&gpu=h200-sxm&vs='), `link() is ${link}`);
      await frames(page, 3);
      const fromPage = await resultsOf(page);
      const fromCli = JSON.parse(cli(['compare', '--link', link, '--format', 'json']));
      deepStrictEqual(fromPage, fromCli);
      assert(fromPage.scenarios[0].scenario.gpu === 'h100-sxm' && fromPage.scenarios[1].scenario.gpu === 'h200-sxm',
             'pinned first, current second');
      await page.screenshot({ path: path.join(SHOTS, 'actions-compare.png') });
      await clickProbe(page, 'compare:unpin');
      await until(page, () => !window.infercalc.link().includes('vs='), null, 'Unpin drops vs=');
    });
  });

  test('a compare link opened from the URL: both setups in the summary, Memory and Speed tabs, results() = `infercalc compare --link A --link B`', async (ctx) => {
    // 8 x V100 32GB against 4 x H100 for Llama-3.1-70B in BF16 (141 GB of weights): both hold it.
    const A = '#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8';
    const B = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4';
    const fromCli = JSON.parse(cli(['compare', '--link', A, '--link', B, '--format', 'json']));
    const link = fromCli.link;
    assert(link.startsWith(B + '&vs='), `the CLI's compare link ${link}`);
    await withPage(ctx, { hash: link }, async (page) => {
      await until(page, () => window.infercalc.uiRect('compare:table') !== null, null, 'the comparison table');
      assert((await linkOf(page)) === link, `link() ${await linkOf(page)} is not ${link}`);
      const fromPage = await resultsOf(page);
      deepStrictEqual(fromPage, fromCli);
      assert(fromPage.scenarios[0].link === A && fromPage.scenarios[1].link === B, 'pinned (A) first, current (B) second');
      assert(fromPage.scenarios.every((x) => x.memory.fits), 'both setups fit');
      assert(fromPage.diff.metrics.gpus.delta === -4, `gpus delta ${fromPage.diff.metrics.gpus.delta}`);
      // Both setups' numbers on screen: every summary card carries the pinned value and the change.
      for (const key of ['total_bytes_per_gpu', 'ttft_ms', 'tpot_ms', 'output_tokens_per_s', 'usd_per_million_output_tokens'])
        assert((await rect(page, `summary:pinned-${key}`)) !== null, `no pinned line on the ${key} card`);
      assert((await rect(page, 'compare:delta-ttft_ms')) !== null, 'no TTFT change in the comparison table');
      await page.evaluate((l) => window.infercalc.setLink(l + '&tab=memory'), link);
      await until(page, () => window.infercalc.uiRect('memory-bar-pinned') !== null, null, 'the pinned memory bar');
      assert((await rect(page, 'memory-bar')) !== null && (await rect(page, 'memory:pinned-change')) !== null,
             'both memory bars and the change');
      await page.screenshot({ path: path.join(SHOTS, 'actions-compare-memory.png') });
      await page.evaluate((l) => window.infercalc.setLink(l + '&tab=speed'), link);
      await until(page, () => window.infercalc.uiRect('speed:delta-ttft') !== null, null, 'the Speed table\'s change column');
      await page.screenshot({ path: path.join(SHOTS, 'actions-compare-speed.png') });
      deepStrictEqual(await resultsOf(page), fromCli);
    });
  });

  test('the Cluster tab offers Export: Dynamo and llm-d for the shown plan', async (ctx) => {
    const hash = '#v=1&model=llama-3.1-70b&gpu=h100-sxm&tab=cluster&fleet=h100-sxm:8,a100-sxm4-80gb:16';
    await withPage(ctx, { hash }, async (page) => {
      await until(page, () => window.infercalc.uiRect('cluster:export-dynamo') !== null, null, 'Export: Dynamo');
      assert((await rect(page, 'cluster:export-llm-d')) !== null, 'no Export: llm-d');
      const download = page.waitForEvent('download');
      await clickProbe(page, 'cluster:export-dynamo');
      const d = await download;
      assert(d.suggestedFilename() === 'infercalc-plan-dynamo.yaml', `download named ${d.suggestedFilename()}`);
      await page.screenshot({ path: path.join(SHOTS, 'actions-cluster-export.png') });
    });
  });
}
