// Sharing: Copy link, pasting a link (the paste event of Ctrl+V, the "Paste link"
// button), exports (downloads and copies, against the CLI), and the aria-live summary.
import { execFileSync } from 'node:child_process';
import { deepStrictEqual } from 'node:assert';
import fs from 'node:fs';

import { assert, clickProbe, frames, linkOf, resultsOf, until, withPage } from './harness.mjs';

const LINK = '#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=2&tp=2';
const OTHER = '#v=1&model=mixtral-8x7b&gpu=a100-sxm4-80gb&gpus=2&tp=2';

async function allowClipboard(page, ctx) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url });
}

// The page's paste listener, fed the way a Ctrl+V outside any text field feeds it.
const pasteEvent = (page, text) => page.evaluate((t) => {
  const data = new DataTransfer();
  data.setData('text/plain', t);
  document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
}, text);

async function openExportMenuAndClick(page, item) {
  await clickProbe(page, 'export');
  await clickProbe(page, item);
}

export function register(test, { CLI }) {
  const cli = (args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  test('"Copy link" puts the page URL on the clipboard', async (ctx) => {
    await withPage(ctx, { hash: '#v=1&gpu=h200-sxm' }, async (page) => {
      await allowClipboard(page, ctx);
      await clickProbe(page, 'copy-link');
      await frames(page, 3);
      const href = await page.evaluate(() => location.href);
      const text = await page.evaluate(() => navigator.clipboard.readText());
      assert(text === href, `clipboard has "${text}", page is ${href}`);
    });
  });

  test('a pasted page URL outside a text field opens its state as a new history entry', async (ctx) => {
    await withPage(ctx, { hash: LINK }, async (page) => {
      const n = await page.evaluate(() => history.length);
      await pasteEvent(page, `  https://example.org/infercalc/${OTHER}\n`);
      await until(page, (l) => window.infercalc.link() === l, OTHER, `the pasted link ${OTHER}`);
      assert((await page.evaluate(() => history.length)) === n + 1, 'no history entry for the pasted link');
      assert((await page.evaluate(() => location.hash)) === OTHER, 'the URL did not follow');
      await pasteEvent(page, 'v=1&gpu=b200');  // a bare fragment works too
      await until(page, () => window.infercalc.results().scenario.gpu === 'b200', null, 'the bare fragment');
      await pasteEvent(page, 'hello world');
      await until(page, () => window.infercalc.uiRect('notice') !== null, null, 'a banner for text that is no link');
      assert((await resultsOf(page)).scenario.gpu === 'b200', 'text that is no link changed the state');
    });
  });

  test('Ctrl+V with the keyboard pastes a link; inside a text field it stays text', async (ctx) => {
    await withPage(ctx, { hash: LINK }, async (page) => {
      await allowClipboard(page, ctx);
      await page.evaluate((t) => navigator.clipboard.writeText(t), OTHER);
      await page.locator('#canvas').focus();
      await page.keyboard.press('Control+V');
      await until(page, (l) => window.infercalc.link() === l, OTHER, 'Ctrl+V to open the link');
      // In the model picker's search field the same keys paste text, not a link.
      await page.evaluate((t) => navigator.clipboard.writeText(t), LINK);
      await clickProbe(page, 'input:model');
      await frames(page, 3);
      await page.keyboard.press('Control+V');
      await frames(page, 5);
      assert((await linkOf(page)) === OTHER, `Ctrl+V in a text field changed the state to ${await linkOf(page)}`);
      await page.keyboard.press('Escape');
    });
  });

  test('"Paste link" reads the clipboard and opens the link in it', async (ctx) => {
    await withPage(ctx, { hash: LINK }, async (page) => {
      await allowClipboard(page, ctx);
      await page.evaluate((t) => navigator.clipboard.writeText(t), `http://elsewhere.example/${OTHER}`);
      await clickProbe(page, 'paste-link');
      await until(page, (l) => window.infercalc.link() === l, OTHER, '"Paste link" to open the link');
    });
  });

  test('Export downloads Markdown, CSV and JSON reports equal to the CLI\'s', async (ctx) => {
    const markdown = cli(['estimate', '--link', LINK, '--format', 'markdown']);
    const json = JSON.parse(cli(['estimate', '--link', LINK, '--format', 'json']));
    await withPage(ctx, { hash: LINK }, async (page) => {
      const download = async (ext) => {
        const [d] = await Promise.all([page.waitForEvent('download'), openExportMenuAndClick(page, `export:download:${ext}`)]);
        assert(d.suggestedFilename() === `infercalc-llama-3.1-70b-h200-sxm.${ext}`, `file name ${d.suggestedFilename()}`);
        return fs.readFileSync(await d.path(), 'utf8');
      };
      const md = await download('md');
      assert(md === markdown, `Markdown differs from the CLI's:\n${md.slice(0, 200)}\n---\n${markdown.slice(0, 200)}`);
      const csv = (await download('csv')).trim().split('\n');
      assert(csv[0] === 'section,metric,value,unit,low,high', `CSV header ${csv[0]}`);
      assert(csv.length > 15 && csv.every((row) => row.split(',').length >= 6), `CSV has ${csv.length} rows`);
      assert(csv.some((row) => row.includes('ttft')), 'no TTFT row in the CSV');
      deepStrictEqual(JSON.parse(await download('json')), json);
    });
  });

  test('Export copies each format to the clipboard', async (ctx) => {
    const json = cli(['estimate', '--link', LINK, '--format', 'json']);
    const markdown = cli(['estimate', '--link', LINK, '--format', 'markdown']);
    await withPage(ctx, { hash: LINK }, async (page) => {
      await allowClipboard(page, ctx);
      const copied = async (ext) => {
        await openExportMenuAndClick(page, `export:copy:${ext}`);
        await frames(page, 3);
        return page.evaluate(() => navigator.clipboard.readText());
      };
      deepStrictEqual(JSON.parse(await copied('json')), JSON.parse(json));
      assert((await copied('md')) === markdown, 'copied Markdown differs from the CLI\'s');
      assert((await copied('csv')).startsWith('section,metric,value,unit,low,high\n'), 'copied CSV has no header');
      const live = await page.locator('[aria-live]').textContent();
      assert(live === 'CSV copied', `aria-live says "${live}"`);
    });
  });

  test('screen readers hear the summary once the scenario settles, once per change', async (ctx) => {
    await withPage(ctx, { hash: LINK }, async (page) => {
      const live = () => page.locator('[aria-live]').textContent();
      assert((await live()) === '', `something was announced on load: "${await live()}"`);
      await page.evaluate((l) => window.infercalc.setLink(l), OTHER);
      await until(page, () => document.getElementById('live').textContent.includes('Mixtral'), null, 'the summary');
      const summary = await live();
      assert(/A100/.test(summary) && /token/.test(summary), `summary: "${summary}"`);
      await page.evaluate(() => { document.getElementById('live').textContent = ''; });
      await page.waitForTimeout(1200);
      assert((await live()) === '', 'the same summary was announced again without a change');
    });
  });
}
