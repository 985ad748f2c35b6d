// The page around the wasm app: the Emscripten Module (canvas, hooks the C++ side
// calls), the service worker, and window.infercalc, the page's contract with users
// and tests:
//   ready: Promise        resolves once the first frame has been drawn
//   link(): string        the current state as a URL fragment ("#v=1&...")
//   setLink(fragment)     applies a fragment as a new history entry (a bad one is
//                         refused with a banner, keeping the state)
//   results(): object     the results as JSON, as `infercalc estimate --format json`
//   uiRect(name)          {x, y, width, height} of a named UI item in CSS pixels, or
//                         null (automation: "copy-link", "export", "gpu-row:<id>", ...)
//   benchFrames(n)        Promise of {frames, mean_ms, median_ms, p95_ms, max_ms}: the
//                         CPU time of n frames that each recompute every view
//   version: string       the build's version (also the service worker's cache name)
'use strict';

var Module = (function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  const live = document.getElementById('live');
  const versionTag = document.querySelector('meta[name="infercalc-version"]');
  const version = versionTag ? versionTag.content : '';
  let started = false;
  let resolveReady, rejectReady, benchDone = null;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });

  function fail(message) {
    loading.textContent = 'infercalc could not start: ' + message;
    loading.classList.add('failed');
    rejectReady(new Error(message));
  }

  function call(name, returnType, argTypes, args) {
    if (!started) throw new Error('infercalc is not ready yet: await infercalc.ready first');
    return Module.ccall(name, returnType, argTypes, args);
  }

  window.infercalc = {
    ready,
    version,
    link: () => call('infercalc_link', 'string', [], []),
    setLink: (fragment) => call('infercalc_set_link', null, ['string'], [String(fragment)]),
    results: () => JSON.parse(call('infercalc_results', 'string', [], [])),
    uiRect: (name) => {
      const r = JSON.parse(call('infercalc_ui_rect', 'string', ['string'], [String(name)]));
      if (!r) return null;
      const dpr = canvas.width / canvas.getBoundingClientRect().width;  // pixels per CSS pixel
      return { x: r[0] / dpr, y: r[1] / dpr, width: r[2] / dpr, height: r[3] / dpr };
    },
    benchFrames: (n) => new Promise((resolve, reject) => {
      if (benchDone) { reject(new Error('a benchmark is already running')); return; }
      benchDone = resolve;
      call('infercalc_bench_start', null, ['number'], [Math.max(1, n | 0)]);
    }),
  };

  // Back/forward and edited URLs (the app's own writes use replaceState / pushState,
  // which fire neither event). Both may fire for one step; the app ignores a repeat.
  const navigated = () => { if (started) call('infercalc_navigated', null, ['string'], [location.hash]); };
  window.addEventListener('popstate', navigated);
  window.addEventListener('hashchange', navigated);

  // Offline: only a stamped build registers its worker (web/sw.js); served from
  // file:// or unassembled sources there is none.
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !version || version.startsWith('@')) return;
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('infercalc: no offline copy:', e.message));
  }

  return {
    canvas,
    locateFile: (path) => (version && !version.startsWith('@') ? path + '?v=' + version : path),
    onFirstFrame() {
      performance.mark('infercalc-first-frame');  // scripts/perf reads it
      started = true;
      loading.remove();
      canvas.removeAttribute('aria-busy');
      canvas.focus();
      resolveReady();
      registerServiceWorker();
    },
    onAnnounce(text) { live.textContent = text; },
    onBenchDone(json) {
      const done = benchDone;
      benchDone = null;
      if (done) done(JSON.parse(json));
    },
    onFail: fail,
    onAbort: (what) => fail(String(what)),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
  };
})();
