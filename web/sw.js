// The service worker: infercalc works offline once visited. Its cache is named after
// the build's version (stamped in by cmake/site_version.cmake when the site is
// assembled), so a new build never mixes with an old one:
//   install   caches the page, its script, the wasm (fonts are inside it), the style,
//             the manifest and the icons, all of this version, together;
//   activate  drops the caches of other versions and takes over open pages;
//   fetch     the page itself network-first (a new version shows up on the next
//             visit online; offline the cached one), everything else cache-first.
'use strict';

const VERSION = '@VERSION@';
const CACHE = 'infercalc-' + VERSION;
const FILES = [
  './', 'page.js?v=' + VERSION, 'app.js?v=' + VERSION, 'app.wasm?v=' + VERSION, 'style.css?v=' + VERSION,
  'favicon.svg', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('infercalc-') && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

function isPage(request) {
  const url = new URL(request.url);
  return request.mode === 'navigate' || url.pathname.endsWith('/') || url.pathname.endsWith('/index.html');
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put('./', response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match('./');
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(isPage(request) ? networkFirst(request) : cacheFirst(request));
});
