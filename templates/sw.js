{% autoescape off %}// The offline page's service worker (advocacy/webapp.py): only a page of our own when
// there is no connection. It keeps the offline page and its static files, never a
// personal page; every other request goes to the network as if it were not here.
"use strict";

const CACHE = {{ cache }};
const FILES = {{ files }};
const OFFLINE = FILES[0];

self.addEventListener("install", (event) => {
  // Without cookies: the offline page as any visitor gets it, nobody's own.
  const requests = FILES.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) await caches.delete(name);
      }
      // Pages load while the worker starts, not after it.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

async function pageOrOffline(event) {
  try {
    return (await event.preloadResponse) || (await fetch(event.request));
  } catch (error) {
    // No connection (an answer from the server, even an error, is shown as it is).
    return (await caches.match(OFFLINE)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(event));
  } else if (FILES.includes(new URL(request.url).pathname)) {
    // Static names change with their content: a kept copy is never stale.
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});
{% endautoescape %}
