// The Cluster tab (src/app/panel_cluster.cpp): a link with its keys opens it with the
// fleet and rate it names; typing a new arrival rate puts it in link() and the URL.
import { assert, clickProbe, frames, linkOf, rect, until, withPage } from './harness.mjs';

export function register(test) {
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
}
