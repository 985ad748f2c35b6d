// The page around the wasm app: the Emscripten Module (canvas, hooks the C++ side
// calls) and window.infercalc, the page's contract with users and tests:
//   ready: Promise      resolves once the first frame has been drawn
//   link(): string      the current scenario as a URL fragment ("#v=1&...")
//   setLink(fragment)   applies a fragment, as a navigation would
//   results(): object   the results as JSON (see src/app/results.h)
//   uiRect(name)        {x, y, width, height} of a named UI item in CSS pixels, or
//                       null (automation: "gpu-table", "gpu-row:<id>", "copy-link")
'use strict';

var Module = (function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  const live = document.getElementById('live');
  let started = false;
  let resolveReady, rejectReady;
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
    link: () => call('infercalc_link', 'string', [], []),
    setLink: (fragment) => call('infercalc_set_link', null, ['string'], [String(fragment)]),
    results: () => JSON.parse(call('infercalc_results', 'string', [], [])),
    uiRect: (name) => {
      const r = JSON.parse(call('infercalc_ui_rect', 'string', ['string'], [String(name)]));
      if (!r) return null;
      const dpr = canvas.width / canvas.getBoundingClientRect().width;  // pixels per CSS pixel
      return { x: r[0] / dpr, y: r[1] / dpr, width: r[2] / dpr, height: r[3] / dpr };
    },
  };

  // Back/forward and edited URLs. The app's own writes use history.replaceState,
  // which fires no hashchange.
  window.addEventListener('hashchange', () => {
    if (started) window.infercalc.setLink(location.hash);
  });

  return {
    canvas,
    onFirstFrame() {
      started = true;
      loading.remove();
      canvas.removeAttribute('aria-busy');
      canvas.focus();
      resolveReady();
    },
    onAnnounce(text) { live.textContent = text; },
    onFail: fail,
    onAbort: (what) => fail(String(what)),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
  };
})();
