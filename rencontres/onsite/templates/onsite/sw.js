/* The scanner's service worker: the page and its code keep working without network.
 * Pages: network first (fresh when online), the cached copy when offline. Code and styles:
 * the cache first (hashed names in production). Data and scans never go through the cache:
 * the page keeps them in IndexedDB. Version {{ version }}. */
const CACHE = "rencontres-scanner";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (new URL(request.url).pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
  }
});
