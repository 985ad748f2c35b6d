// Hostile links: script-like text in a link is shown as text and changes nothing
// else (no element, no dialog, no script run, no request elsewhere).
import { assert, frames, linkOf, resultsOf, withPage } from './harness.mjs';

export function register(test) {
  test('a link carrying script-like text is displayed as text and changes nothing else', async (ctx) => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const hash = '#v=1&model=custom&name=' + encodeURIComponent(payload) +
                 '&arch=hidden:64,layers:2,heads:4,kv_heads:4,head_dim:16,intermediate:256,vocab:1000,norms_per_layer:2' +
                 '&gpu=h100-sxm&"><svg/onload=alert(1)>=1';
    await withPage(ctx, { hash }, async (page) => {
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
      const before = await page.evaluate(() => document.body.querySelectorAll('*').length);
      await frames(page, 5);
      const results = await resultsOf(page);
      assert(results.model.name === payload.slice(0, 120), `the name was not kept as text: ${results.model.name}`);
      assert(!(await page.evaluate(() => window.__pwned)), 'script from the link ran');
      assert(dialogs === 0, 'a dialog opened');
      assert((await page.evaluate(() => document.querySelectorAll('img, svg, iframe').length)) === 0,
             'an element from the link was inserted');
      assert((await page.evaluate(() => document.body.querySelectorAll('*').length)) === before,
             'the document changed');
      assert((await linkOf(page)).includes('name='), 'the custom model lost its name');
    });
  });
}
