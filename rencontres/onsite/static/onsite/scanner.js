/* The check-in scanner: camera (BarcodeDetector where the browser has it, else the vendored
 * jsQR), a text field for handheld scanners and searches, and an offline mode.
 *
 * Offline rules: the edition's people (badges as SHA-256 hashes) stay in IndexedDB and are
 * refreshed every minute while online. Every scan is first written to a queue in IndexedDB
 * with its own client id, then sent; when the server cannot be reached the device decides
 * from its copy and the scan waits in the queue. Sending again is always safe: the server
 * records a client id once, and keeps the earliest scan of a person.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("scanner-config").textContent);
  const S = config.strings;
  const REFRESH_MS = 60000;
  const RETRY_MS = 10000;
  const SEND_TIMEOUT_MS = 4000;
  const REFRESH_TIMEOUT_MS = 15000;
  const SAME_CODE_MS = 4000;
  const BATCH = 200;

  const $ = (id) => document.getElementById(id);
  const state = {
    data: null,        // the server's list (people, sessions, categories)
    byHash: new Map(), // token hash -> person
    byId: new Map(),   // registration id -> person
    revoked: new Map(),
    queue: [],         // scans not acknowledged by the server yet
    conflicts: [],
    csrf: "",
    clockOffset: 0,    // server time minus this device's time, in ms
    lastSync: null,
    sending: false,
    loggedOut: false,
    online: navigator.onLine,
  };

  /* ---------- small helpers ---------- */

  function format(text, params) {
    return text.replace(/%\((\w+)\)s/g, (_, key) => (params[key] ?? ""));
  }

  function plural(forms, count) {
    const rule = new Intl.PluralRules(config.language).select(count);
    return format(forms[rule] || forms.other, { count: count });
  }

  function localTime(iso) {
    return new Date(iso).toLocaleTimeString(config.language, {
      hour: "2-digit", minute: "2-digit", timeZone: config.timeZone,
    });
  }

  function localHour(iso) {
    const parts = new Intl.DateTimeFormat("en-CA", {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
      hourCycle: "h23", timeZone: config.timeZone,
    }).formatToParts(new Date(iso));
    const get = (type) => parts.find((p) => p.type === type).value;
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:00`;
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  async function sha256(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
  }

  function normalise(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* ---------- IndexedDB: the people's list and the queue ---------- */

  const db = new Promise((resolve, reject) => {
    const request = indexedDB.open(`rencontres-scanner-${config.edition}`, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("kv");
      request.result.createObjectStore("queue", { keyPath: "client_id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  async function store(name, mode, action) {
    const database = await db;
    return new Promise((resolve, reject) => {
      const tx = database.transaction(name, mode);
      const result = action(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }

  const kvGet = (key) => store("kv", "readonly", (s) => s.get(key));
  const kvPut = (key, value) => store("kv", "readwrite", (s) => s.put(value, key));
  const queueAll = () => store("queue", "readonly", (s) => s.getAll());
  const queuePut = (scan) => store("queue", "readwrite", (s) => s.put(scan));
  const queueDelete = (ids) => store("queue", "readwrite", (s) => ids.forEach((id) => s.delete(id)));

  /* ---------- the people's list ---------- */

  function useData(data) {
    state.data = data;
    state.byHash.clear(); state.byId.clear(); state.revoked.clear();
    for (const person of data.people) {
      state.byId.set(person.id, person);
      person.badges.forEach((h) => state.byHash.set(h, person));
      person.revoked.forEach((h) => state.revoked.set(h, person));
      person.search = normalise(`${person.first} ${person.last} ${person.org} ${person.email}`);
    }
    state.sessions = new Map(data.sessions.map((s) => [s.id, s]));
    state.categories = new Map(data.categories.map((c) => [c.id, c]));
    fillPlaces();
  }

  async function refresh() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REFRESH_TIMEOUT_MS);
    try {
      const response = await fetch(config.urls.data, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
        signal: controller.signal,
      });
      if (response.redirected || response.status === 403 || response.status === 401) {
        state.loggedOut = true;
        // Logged out (or no longer allowed): the people's personal data leaves the device,
        // unless scans still wait to be sent with it.
        if (!state.queue.length && state.data) {
          await kvPut("data", null);
          state.data = null;
        }
        return false;
      }
      if (!response.ok) throw new Error(response.status);
      const data = await response.json();
      state.loggedOut = false;
      state.online = true;
      state.csrf = data.csrf;
      state.clockOffset = new Date(data.now).getTime() - Date.now();
      state.lastSync = new Date().toISOString();
      delete data.csrf;
      await kvPut("data", data);
      await kvPut("lastSync", state.lastSync);
      useData(data);
      // Scans still waiting count on this device until the server has them.
      state.queue.forEach(applyLocally);
      return true;
    } catch (error) {
      state.online = false;
      return false;
    } finally {
      clearTimeout(timer);
      render();
    }
  }

  /* ---------- deciding on the device (offline) ---------- */

  function place() {
    const value = $("scan-place").value;
    return value ? Number(value) : null;
  }

  /* The same rule as the server's checkin.token_from: a badge URL (any site and path prefix,
   * then /b/<token>) or a bare token; anything else is no badge. */
  function tokenFrom(text) {
    text = text.trim();
    if (text.includes("://")) {
      try {
        const url = new URL(text);
        const match = /^https?:$/.test(url.protocol) && url.pathname.match(/^(?:\/[^/]+)*?\/b\/([^/]+)\/?$/);
        if (match) return { token: decodeURIComponent(match[1]) };
      } catch (error) {
        // Not a URL at all.
      }
      return { foreign: true };
    }
    if (/^[A-Za-z0-9_-]{24}$/.test(text)) return { token: text };
    return { foreign: true };
  }

  const REFUSED = {
    cancelled: "cancelled", waiting: "waiting", refused: "refused",
    pending_email: "not_confirmed", pending_approval: "not_confirmed",
  };

  function queuedFor(personId, sessionId) {
    return state.queue.find((s) => s.person === personId && s.session === sessionId && s.accepted);
  }

  function decideLocally(scan) {
    let person = null;
    if (scan.registration) {
      person = state.byId.get(scan.registration);
      if (!person) return { code: "unknown" };
    } else if (!/^[A-Za-z0-9_-]{24}$/.test(scan.token)) {
      return { code: "forged" };
    } else if (state.revoked.has(scan.hash)) {
      return { code: "revoked", person: state.revoked.get(scan.hash) };
    } else {
      person = state.byHash.get(scan.hash);
      if (!person) return { code: "unknown" };
    }
    if (REFUSED[person.status]) return { code: REFUSED[person.status], person: person };
    const session = scan.session ? state.sessions.get(scan.session) : null;
    const already = session ? session.present[person.id] : person.in;
    const queued = queuedFor(person.id, scan.session);
    if (already) return { code: "already", person: person, at: already[0], device: already[1] };
    if (queued) return { code: "already", person: person, at: queued.scanned_at, device: queued.device };
    if (session && session.signup && !session.signed.includes(person.id)) {
      return { code: "not_signed_up", person: person, accepted: true };
    }
    return { code: "welcome", person: person, accepted: true };
  }

  /* ---------- scanning ---------- */

  async function scan(input) {
    const scanned = {
      client_id: newId(),
      session: place(),
      scanned_at: new Date(Date.now() + state.clockOffset).toISOString(),
      device: deviceName(),
    };
    if (input.registration) {
      scanned.registration = input.registration;
    } else {
      const found = tokenFrom(input.text);
      if (found.foreign) return show({ code: "foreign" });
      scanned.token = found.token;
      scanned.hash = await sha256(found.token);
    }
    const local = state.data ? decideLocally(scanned) : { code: "unknown" };
    scanned.person = local.person ? local.person.id : null;
    scanned.accepted = Boolean(local.accepted);
    scanned.local = local.code;
    // Written down before anything is sent: a closed tab or a lost answer loses no scan.
    await queuePut(scanned);
    state.queue.push(scanned);
    // Once the server stopped answering, scans are decided here at once (no wait at the
    // door); the queue, sent every few seconds, tells when it answers again.
    const answer = state.online && !state.loggedOut ? await send([scanned]) : null;
    if (answer) {
      show(answer[0]);
    } else {
      scanned.offline = true;
      if (!scanned.accepted) await forget([scanned.client_id]);
      else applyLocally(scanned);
      show(Object.assign({ offline: true }, local));
    }
    render();
  }

  function applyLocally(scanned) {
    const person = state.byId.get(scanned.person);
    if (!person || !scanned.accepted) return;
    const mark = [scanned.scanned_at, scanned.device];
    if (scanned.session) {
      const session = state.sessions.get(scanned.session);
      if (session && !session.present[person.id]) session.present[person.id] = mark;
    } else if (!person.in) {
      person.in = mark;
    }
  }

  async function forget(ids) {
    await queueDelete(ids);
    state.queue = state.queue.filter((s) => !ids.includes(s.client_id));
  }

  /* Sends scans; returns the server's answers, or null when it cannot be reached. */
  async function send(scans) {
    if (!state.csrf && (!(await refresh()) || state.loggedOut)) return null;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
    try {
      const response = await fetch(config.urls.sync, {
        method: "POST",
        credentials: "same-origin",
        signal: controller.signal,
        headers: { "Content-Type": "application/json", "X-CSRFToken": state.csrf },
        body: JSON.stringify({
          device: deviceName(),
          scans: scans.map((s) => ({
            client_id: s.client_id, token: s.token, registration: s.registration,
            session: s.session, scanned_at: s.scanned_at,
          })),
        }),
      });
      if (response.status === 403 || response.redirected) {
        state.loggedOut = true;
        state.csrf = "";
        return null;
      }
      if (!response.ok) throw new Error(response.status);
      const body = await response.json();
      state.online = true;
      state.loggedOut = false;
      const sent = new Map(scans.map((s) => [s.client_id, s]));
      for (const result of body.results) {
        const scanned = sent.get(result.client_id);
        if (!scanned) continue;
        noteConflict(scanned, result);
        if (result.person) {
          scanned.person = result.person;
          if (result.at && (result.code === "welcome" || result.code === "not_signed_up" || result.code === "already")) {
            recordFromServer(scanned, result);
          }
        }
      }
      await forget(scans.map((s) => s.client_id));
      if (body.results.some((r) => r.person && !state.byId.has(r.person))) refresh();
      return body.results.map((result) => Object.assign({}, result, {
        person: state.byId.get(result.person) || null,
      }));
    } catch (error) {
      state.online = false;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  function recordFromServer(scanned, result) {
    const person = state.byId.get(result.person);
    if (!person) return;
    const mark = [result.at, result.device];
    if (scanned.session) {
      const session = state.sessions.get(scanned.session);
      if (session) session.present[person.id] = mark;
    } else {
      person.in = mark;
    }
  }

  /* A scan let in offline that the server refuses (a place cancelled meanwhile…). */
  function noteConflict(scanned, result) {
    if (!scanned.accepted || !scanned.offline || result.colour !== "red") return;
    const person = state.byId.get(scanned.person);
    state.conflicts.unshift({
      name: person ? `${person.first} ${person.last}` : "?",
      text: format(S.conflict, {
        time: localTime(scanned.scanned_at),
        reason: `${result.title}. ${result.detail}`,
      }),
    });
  }

  async function flush() {
    if (state.sending || !state.queue.length) return;
    state.sending = true;
    render();
    try {
      while (state.queue.length) {
        const batch = state.queue.slice(0, BATCH);
        batch.forEach((s) => { s.offline = true; });
        if (!(await send(batch))) break;
      }
    } finally {
      state.sending = false;
    }
    if (!state.queue.length) await refresh();
    render();
  }

  /* ---------- showing ---------- */

  function show(result) {
    const answer = config.answers[result.code] || config.answers.unknown;
    const person = result.person;
    const box = $("answer");
    box.dataset.colour = answer.colour;
    box.dataset.code = result.code;
    // Counts the answers shown: each new scan changes it, even when the answer is the same.
    box.dataset.shown = Number(box.dataset.shown || 0) + 1;
    box.replaceChildren();
    const add = (tag, className, text) => {
      if (!text) return;
      const el = document.createElement(tag);
      el.className = className;
      el.textContent = text;
      box.append(el);
    };
    add("p", "answer-title", answer.title);
    if (person) {
      add("p", "answer-name", `${person.first} ${person.last}`);
      const category = state.categories && state.categories.get(person.category);
      add("p", "answer-category", [category && category.name, person.org].filter(Boolean).join(" · "));
    } else if (result.name) {
      // Someone registered since the last refresh of this device's list.
      add("p", "answer-name", result.name);
      add("p", "answer-category", result.category);
    }
    // The server's answer comes with its words; the device's own decision is worded here.
    const detail = result.detail !== undefined ? result.detail : format(answer.detail, {
      time: result.at ? localTime(result.at) : "", device: result.device || "", edition: "",
    });
    add("p", "answer-detail", detail);
    if (person && answer.colour !== "red") {
      if (person.accessibility) add("p", "answer-note", format(S.accessibility, { needs: person.accessibility }));
      if (person.dietary) add("p", "answer-note", format(S.dietary, { needs: person.dietary }));
    }
    if (result.offline) add("p", "answer-offline", S.offlineDecision);
    if (navigator.vibrate && answer.colour === "red") navigator.vibrate([200, 100, 200]);
  }

  function render() {
    const status = $("sync-status");
    const waiting = state.queue.length;
    let text;
    let mode;
    if (state.loggedOut) {
      text = `${S.loggedOut} ${plural(S.offline, waiting)}`; mode = "offline";
    } else if (!state.data) {
      text = S.neverLoaded; mode = "offline";
    } else if (!state.online) {
      text = plural(S.offline, waiting); mode = "offline";
    } else if (waiting) {
      text = plural(S.sending, waiting); mode = "sending";
    } else {
      text = format(S.upToDate, { time: state.lastSync ? localTime(state.lastSync) : "" }); mode = "ok";
    }
    status.textContent = text;
    status.dataset.state = mode;
    status.dataset.waiting = waiting;
    renderCounters();
    renderConflicts();
  }

  function renderCounters() {
    if (!state.data) return;
    const sessionId = place();
    const session = sessionId ? state.sessions.get(sessionId) : null;
    const checked = new Map();
    const expected = new Map();
    const hours = new Map();
    const count = (map, key) => map.set(key, (map.get(key) || 0) + 1);
    for (const person of state.data.people) {
      const mark = session ? session.present[person.id] : person.in;
      if (mark) { count(checked, person.category); count(hours, localHour(mark[0])); }
      const awaited = session ? session.signed.includes(person.id) : person.status === "confirmed";
      if (awaited) count(expected, person.category);
    }
    const total = (map) => Array.from(map.values()).reduce((a, b) => a + b, 0);
    $("counter-checked").textContent = total(checked);
    $("counter-expected").textContent = total(expected);
    const rows = (tbody, items) => {
      tbody.replaceChildren(...items.map((cells) => {
        const tr = document.createElement("tr");
        cells.forEach((cell, i) => {
          const td = document.createElement(i ? "td" : "th");
          if (!i) td.scope = "row";
          td.textContent = cell;
          tr.append(td);
        });
        return tr;
      }));
    };
    rows($("counter-categories"), state.data.categories
      .filter((c) => checked.has(c.id) || expected.has(c.id))
      .map((c) => [c.name, checked.get(c.id) || 0, expected.get(c.id) || 0]));
    rows($("counter-hours"), Array.from(hours.keys()).sort().map((h) => [h.slice(11), hours.get(h)]));
  }

  function renderConflicts() {
    $("conflicts-section").hidden = !state.conflicts.length;
    $("conflicts").replaceChildren(...state.conflicts.map((c) => {
      const li = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = c.name;
      li.append(strong, ` — ${c.text}`);
      return li;
    }));
  }

  function fillPlaces() {
    const select = $("scan-place");
    const chosen = select.value || localStorage.getItem(`scanner-place-${config.edition}`) || "";
    const options = [new Option(S.entrance, "")];
    for (const session of state.data.sessions) {
      const start = localTime(session.start);
      const label = `${start} · ${session.title}${session.room ? ` (${session.room})` : ""}`;
      options.push(new Option(label, String(session.id)));
    }
    select.replaceChildren(...options);
    select.value = state.sessions.has(Number(chosen)) ? chosen : "";
  }

  /* ---------- search ---------- */

  function search(query) {
    const list = $("search-results");
    list.replaceChildren();
    if (!state.data) return;
    const words = normalise(query).split(/\s+/).filter(Boolean);
    const found = state.data.people.filter((p) => words.every((w) => p.search.includes(w))).slice(0, 10);
    if (!found.length) {
      const li = document.createElement("li");
      li.textContent = format(S.noMatch, { query: query });
      list.append(li);
      return;
    }
    for (const person of found) {
      const li = document.createElement("li");
      const category = state.categories.get(person.category);
      const label = document.createElement("span");
      label.textContent = `${person.first} ${person.last} — ${[person.org, category && category.name].filter(Boolean).join(" · ")}`;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = S.checkIn;
      button.setAttribute("aria-label", `${S.checkIn} : ${person.first} ${person.last}`);
      button.addEventListener("click", () => {
        list.replaceChildren();
        scan({ registration: person.id });
      });
      li.append(label, " ", button);
      list.append(li);
    }
  }

  /* ---------- camera ---------- */

  const camera = { stream: null, detector: null, lastText: "", lastAt: 0, busy: false };

  async function startCamera() {
    const video = $("camera-video");
    try {
      camera.stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" }, audio: false,
      });
    } catch (error) {
      $("camera-status").textContent = format(S.cameraError, { error: error.name || error });
      return;
    }
    if ("BarcodeDetector" in window) {
      try {
        const formats = await BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) camera.detector = new BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) { camera.detector = null; }
    }
    video.srcObject = camera.stream;
    video.hidden = false;
    await video.play();
    $("camera-start").hidden = true;
    $("camera-stop").hidden = false;
    $("camera-status").textContent = S.cameraOn;
    tick();
  }

  function stopCamera() {
    if (camera.stream) camera.stream.getTracks().forEach((t) => t.stop());
    camera.stream = null;
    $("camera-video").hidden = true;
    $("camera-start").hidden = false;
    $("camera-stop").hidden = true;
    $("camera-status").textContent = "";
  }

  async function decodeFrame(video) {
    if (camera.detector) {
      const codes = await camera.detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    const canvas = $("camera-canvas");
    const scale = Math.min(1, 720 / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  async function tick() {
    if (!camera.stream) return;
    const video = $("camera-video");
    if (!camera.busy && video.readyState >= 2 && video.videoWidth) {
      camera.busy = true;
      try {
        const text = await decodeFrame(video);
        const now = Date.now();
        // The same badge stays in front of the camera for a while: one scan, not thirty.
        if (text && (text !== camera.lastText || now - camera.lastAt > SAME_CODE_MS)) {
          camera.lastText = text;
          camera.lastAt = now;
          await scan({ text: text });
        } else if (text) {
          camera.lastAt = now;
        }
      } catch (error) {
        $("camera-status").textContent = format(S.cameraError, { error: error.message || error });
      } finally {
        camera.busy = false;
      }
    }
    setTimeout(tick, 150);
  }

  /* ---------- device name, offline cache ---------- */

  function deviceName() {
    return $("device-name").value.trim() || $("device-name").placeholder;
  }

  async function keepForOffline() {
    if (!("serviceWorker" in navigator)) return;
    try {
      await navigator.serviceWorker.register(config.urls.worker, { scope: config.urls.worker.replace(/[^/]*$/, "") });
      // The page and its code, cached now (the worker was not there when they loaded).
      const cache = await caches.open("rencontres-scanner");
      await cache.addAll([config.urls.page, ...config.urls.assets]);
    } catch (error) {
      // No offline start-up then; everything else still works.
    }
  }

  async function start() {
    const name = localStorage.getItem("scanner-device");
    if (name) $("device-name").value = name;
    $("device-name").addEventListener("change", () => {
      localStorage.setItem("scanner-device", deviceName());
      // The badge page's "check in" button (any camera app on this phone) names the device too.
      document.cookie = `onsite_device=${encodeURIComponent(deviceName())}; path=/; max-age=31536000; SameSite=Lax`;
    });
    $("scan-place").addEventListener("change", () => {
      localStorage.setItem(`scanner-place-${config.edition}`, $("scan-place").value);
      renderCounters();
    });
    $("scan-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("scan-input");
      const text = input.value.trim();
      input.value = "";
      if (!text) return;
      if (text.includes("/b/") || /^https?:/i.test(text) || /^[A-Za-z0-9_-]{24}$/.test(text)) {
        $("search-results").replaceChildren();
        scan({ text: text });
      } else {
        search(text);
      }
    });
    $("camera-start").addEventListener("click", startCamera);
    $("camera-stop").addEventListener("click", stopCamera);
    window.addEventListener("online", () => { state.online = true; flush(); refresh(); });
    window.addEventListener("offline", () => { state.online = false; render(); });

    const saved = await kvGet("data");
    state.lastSync = (await kvGet("lastSync")) || null;
    if (saved) useData(saved);
    state.queue = await queueAll();
    state.queue.forEach((s) => { s.offline = true; });
    state.queue.forEach(applyLocally);
    render();
    if (await refresh()) {
      state.queue.forEach(applyLocally);
      await flush();
    }
    keepForOffline();
    setInterval(refresh, REFRESH_MS);
    setInterval(() => { if (state.queue.length) flush(); }, RETRY_MS);
    $("scan-input").focus();
  }

  start();
})();
