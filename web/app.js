// Daftar web shell: boot, session, hash router, API helper, i18n, keyboard dispatch and the frame
// (header, module navigation, shortcut bar). Screens live in screens/*.js and get a context object
// from here, so they never import this file. Business rules stay on the server.
import * as fmt from './format.js';
import loginScreen from './screens/login.js';
import { openSearch } from './screens/search.js';
import { periodDialog, dateDialog } from './screens/period.js';

/* The other screens are loaded when first shown (login, the frame, search and the F2 dialogs come
 * with the page): each is [module, export], imported with import() by mount(). */
const S = {
  home: ['./screens/home.js', 'default'],
  parties: ['./screens/parties.js', 'default'],
  partyForm: ['./screens/party-form.js', 'default'],
  vouchers: ['./screens/vouchers.js', 'default'],
  voucherEntry: ['./screens/voucher-entry.js', 'default'],
  voucherView: ['./screens/voucher-view.js', 'default'],
  voucherLog: ['./screens/voucher-log.js', 'default'],
  reportsMenu: ['./screens/reports.js', 'reportsMenuScreen'],
  report: ['./screens/reports.js', 'reportScreen'],
  stockReport: ['./screens/reports.js', 'stockReportScreen'],
  bankReco: ['./screens/bank-reco.js', 'bankRecoScreen'],
  items: ['./screens/inventory.js', 'itemsScreen'],
  itemForm: ['./screens/inventory.js', 'itemFormScreen'],
  itemEdit: ['./screens/inventory.js', 'itemEditScreen'],
  godowns: ['./screens/inventory.js', 'godownsScreen'],
  stockJournal: ['./screens/inventory.js', 'stockJournalScreen'],
  verification: ['./screens/inventory.js', 'verificationScreen'],
  stockReportsMenu: ['./screens/stock-reports.js', 'stockReportsMenuScreen'],
  users: ['./screens/admin.js', 'usersScreen'],
  tokens: ['./screens/admin.js', 'tokensScreen'],
  company: ['./screens/company.js', 'companyScreen'],
  gstProfile: ['./screens/gst-profile.js', 'gstProfileScreen'],
  newCompany: ['./screens/company.js', 'newCompanyScreen'],
  noCompany: ['./screens/company.js', 'noCompanyScreen'],
};

const LANGS = ['en', 'hi'];
const API = '/api/v1';

const state = {
  csrf: null,          // CSRF token: memory only; re-fetched with GET /session on page load
  user: null,          // {id, username, display_name, lang} while logged in
  companies: [],
  cid: null,
  lang: 'en',
  strings: { en: {}, hi: {} },
  returnTo: null,      // hash to go back to after a login forced by a 401
  flash: {},           // one-shot values handed from one screen to the next (e.g. row to highlight)
  drafts: {},          // form values kept in memory across a forced re-login, by route
  listState: {},       // parties list filters per company, kept while the page lives
  drill: [],           // [{from, to}] hashes of report drill-downs, so Esc climbs back up
  vtypes: null,        // the promise of GET /voucher-types, once a session
  vtypeList: null,     // its answer, once it came
  views: {},           // hash -> what a screen asked to keep (selected row, scroll) when left by a drill
  lastDate: null,      // ISO date of the last voucher entered, or set with F2: the next one starts there
  periods: {},         // cid -> {from, to}: the period reports open with (Alt+F2), kept in localStorage
};

let current = null;    // {screen, handle} of the mounted screen
let shell = null;      // DOM references of the frame when it is shown
let keyItems = [];     // shortcut bar items of the current screen
let dialog = null;     // the F2 / Alt+F2 dialog while it is open

/* ---------- i18n ---------- */

async function loadStrings() {
  await Promise.all(LANGS.map(async (lang) => {
    try {
      const res = await fetch('/i18n/' + lang + '.json', { cache: 'no-cache' });
      if (res.ok) state.strings[lang] = await res.json();
    } catch (_) { /* keys are shown instead of labels; the app still works */ }
  }));
}

function hasT(key) {
  return Object.prototype.hasOwnProperty.call(state.strings[state.lang], key) ||
    Object.prototype.hasOwnProperty.call(state.strings.en, key);
}

/* t("list.count", {n: 5}) -> the label in the current language, falling back to English, then the key.
 * An argument {t: "vtype.sales"} is itself a label, said in the same language (so a label set with
 * it follows a language switch whole). */
function t(key, args) {
  let s = state.strings[state.lang][key];
  if (s === undefined) s = state.strings.en[key];
  if (s === undefined) return key;
  const arg = (v) => (v && typeof v === 'object' && typeof v.t === 'string' ? t(v.t) : String(v));
  if (args) s = s.replace(/\{(\w+)\}/g, (m, name) => (args[name] === undefined ? m : arg(args[name])));
  return s;
}

function setT(node, key, args, prefix) {
  node.dataset.i18n = key;
  if (args) node.dataset.i18nArgs = JSON.stringify(args);
  else delete node.dataset.i18nArgs;
  if (prefix) node.dataset.i18nPrefix = prefix;
  node.textContent = (node.dataset.i18nPrefix || '') + t(key, args);
}

function setTAttr(node, map) {
  node.dataset.i18nAttr = JSON.stringify(map);
  for (const [attr, key] of Object.entries(map)) node.setAttribute(attr, t(key));
}

/* Re-labels everything under root in place, so switching language never loses what is typed. */
function applyI18n(root) {
  const nodes = [root, ...root.querySelectorAll('[data-i18n],[data-i18n-attr]')];
  for (const n of nodes) {
    if (!(n instanceof Element)) continue;
    if (n.dataset.i18n) {
      n.textContent = (n.dataset.i18nPrefix || '') +
        t(n.dataset.i18n, n.dataset.i18nArgs ? JSON.parse(n.dataset.i18nArgs) : undefined);
    }
    if (n.dataset.i18nAttr) {
      for (const [attr, key] of Object.entries(JSON.parse(n.dataset.i18nAttr))) n.setAttribute(attr, t(key));
    }
  }
}

/* ---------- names that ship with Daftar, and Hindi names ---------- */

/* The standard groups and ledgers every company starts with are said in the user's language
 * (std.<English name> in i18n): "Sundry Debtors" is विविध देनदार in Hindi. Any other name is the
 * user's own and is shown as it was written. */
function stdKey(name) {
  const key = 'std.' + name;
  return name && Object.prototype.hasOwnProperty.call(state.strings.en, key) ? key : null;
}

/* stdName("Cash") -> "नकद" in Hindi: for text that is set once (an input's value). */
function stdName(name) {
  const key = stdKey(name);
  return key ? t(key) : (name || '');
}

/* h() props showing a group's or ledger's name, following a language switch when it is a standard one. */
function stdNameProps(name) {
  const key = stdKey(name);
  return key ? { t: key } : { text: name || '' };
}

/* An item's name as the language wants it: its Hindi name (name_hi) in Hindi when it has one. */
function itemName(it) {
  return (state.lang === 'hi' && it && it.name_hi) ? it.name_hi : ((it && it.name) || '');
}

/* A node with both of an item's names, the one of the page's language shown (style.css: .bi-name),
 * so a language switch needs no redraw; a name without a Hindi form is just its text. */
function itemNameNode(name, nameHi, extra) {
  if (!nameHi) return h('span', { class: 'bi-name ' + (extra || ''), text: name || '' });
  return h('span', { class: 'bi-name has-hi ' + (extra || '') }, [
    h('span', { class: 'nm-en', text: name || '' }), h('span', { class: 'nm-hi', lang: 'hi', text: nameHi })]);
}

/* ---------- DOM helper: text only, never HTML ---------- */

const ATTRS = new Set(['role', 'for', 'inputmode', 'autocomplete', 'enterkeyhint', 'spellcheck',
  'lang', 'form', 'list', 'scope', 'colspan']);

/*
 * h("button", {class: "btn", t: "form.save", on: {click: fn}}, [children])
 * Strings among children become text nodes; "text" sets textContent; "t"/"targs" set a translated
 * label that applyI18n() can refresh; "tattr" translates attributes. Never parses HTML.
 */
function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = String(v);
    else if (k === 't') setT(node, v, props.targs, props.tprefix);
    else if (k === 'targs' || k === 'tprefix') continue;
    else if (k === 'tattr') setTAttr(node, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('aria-') || k.startsWith('data-') || ATTRS.has(k)) node.setAttribute(k, v === true ? 'true' : String(v));
    else node[k] = v;
  }
  const list = Array.isArray(children) ? children : [children];
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/* ---------- API ---------- */

class ApiError extends Error {
  constructor(status, error, body) {
    super((error && error.message) || ('HTTP ' + status));
    this.status = status;
    this.code = (error && error.code) || 'internal';
    this.field = (error && error.field) || null;
    this.serverMessage = (error && error.message) || '';
    this.reason = (error && error.reason) || null;
    this.details = error && typeof error === 'object' ? { ...error } : {};   // the reason's figures are members
    this.body = body || null;
    this.retryAfter = 0;
  }
}

/*
 * api("PATCH", "/companies/1/parties/7", {body, ifMatch: 3, idem: key}) -> {status, data, etag}
 * A body that is no JSON (a statement CSV) goes as {raw: text, contentType: 'text/csv'}.
 * Sends the CSRF token on every write. Throws ApiError for any non-2xx (status 0 for a network
 * failure). A 401 ends the session and shows the login screen unless opts.allow401.
 */
async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.raw !== undefined) headers['Content-Type'] = opts.contentType || 'text/plain';
  if (method !== 'GET' && method !== 'HEAD' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  if (opts.ifMatch !== undefined && opts.ifMatch !== null) headers['If-Match'] = '"' + opts.ifMatch + '"';
  if (opts.idem) headers['Idempotency-Key'] = opts.idem;
  let res;
  try {
    res = await fetch(API + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: opts.raw !== undefined ? opts.raw : opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: String(e && e.message || e) });
  }
  let data = null;
  let text = '';
  if (res.status !== 204) {
    text = await res.text();
    if (text) { try { data = JSON.parse(text); } catch (_) { data = null; } }
  }
  // text: the body as it came, for a file saved exactly as the server wrote it (the GST files)
  if (res.ok) return { status: res.status, data, text, etag: res.headers.get('ETag') };

  const err = new ApiError(res.status, data && data.error, data);
  if (res.status === 429) {
    // The wait is the Retry-After header's, else the error's own retry_after figure.
    const ra = (res.headers.get('Retry-After') || String(err.details.retry_after || '')).trim();
    err.retryAfter = /^\d+$/.test(ra) ? Number(ra) : 0;
    err.details.retry_after = err.retryAfter;
    if (!err.reason) err.reason = 'throttled';
  }
  // A lost or rotated CSRF token: fetch the current one and try once more.
  if (res.status === 403 && err.field === 'csrf_token' && !opts.csrfRetried && state.user) {
    try {
      const s = await api('GET', '/session', { allow401: true });
      if (s.data && s.data.csrf_token) {
        state.csrf = s.data.csrf_token;
        return api(method, path, { ...opts, csrfRetried: true });
      }
    } catch (_) { /* fall through to the original error */ }
  }
  if (res.status === 401 && !opts.allow401) sessionLost();
  if (res.status === 429 && !opts.quiet429) {
    toast(err.retryAfter ? 'errors.throttled' : 'errors.throttled.brief', { args: { retry_after: err.retryAfter }, kind: 'error' });
  }
  throw err;
}

/* An Idempotency-Key: crypto.randomUUID needs a secure context, getRandomValues does not. */
function newKey() {
  if (crypto.randomUUID && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/* ---------- toasts ---------- */

let toastBox = null;

function toast(key, opts = {}) {
  if (!toastBox) {
    toastBox = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastBox);
  }
  const item = h('div', { class: 'toast toast-' + (opts.kind || 'info') });
  if (opts.raw) item.textContent = key;
  else setT(item, key, opts.args);
  toastBox.append(item);
  setTimeout(() => item.remove(), opts.timeout || (opts.kind === 'error' ? 7000 : 3500));
}

/* ---------- keyboard ---------- */

/*
 * "Ctrl+Shift+Enter", "Alt+N", "/", "ArrowDown". Letters and digits come from e.code so shortcuts
 * work the same with a Hindi (InScript) layout or on a Mac where Alt changes e.key.
 */
function comboOf(e) {
  let k = e.key;
  if (/^Key[A-Z]$/.test(e.code)) k = e.code.slice(3);
  else if (/^Digit\d$/.test(e.code)) k = e.code.slice(5);
  else if (e.code === 'Slash' && !e.shiftKey) k = '/';
  return (e.ctrlKey || e.metaKey ? 'Ctrl+' : '') + (e.altKey ? 'Alt+' : '') + (e.shiftKey ? 'Shift+' : '') + k;
}

/* ---------- voucher types ---------- */

/*
 * voucherTypes() -> Promise<[{type, prefix, hotkey, has_items, stock, default_side}]>, in hotkey
 * order, read once a session from GET /voucher-types: what each type holds and its key are the
 * server's. A failed read is not kept, so the next screen asks again; there is no copy to fall
 * back on, so the screen shows why it cannot go on.
 */
function voucherTypes() {
  if (!state.vtypes) {
    state.vtypes = api('GET', '/voucher-types').then((r) => {
      const items = r.data && Array.isArray(r.data.items) ? r.data.items : [];
      if (!items.length) throw new ApiError(500, { code: 'internal', message: 'GET /voucher-types answered no voucher types' });
      state.vtypeList = items;
      return items;
    });
    state.vtypes.catch(() => { state.vtypes = null; });
  }
  return state.vtypes;
}

/* The voucher type whose key is combo ("F8", "Ctrl+F8"), once the types are read. */
function voucherTypeOfKey(combo) {
  return (state.vtypeList || []).find((v) => v.hotkey === combo) || null;
}

function onKeyDown(e) {
  // Never act on keys that are part of an input-method composition (Hindi phonetic typing).
  if (e.isComposing || e.keyCode === 229) return;
  const k = comboOf(e);
  if (help) {
    if (k === 'Escape' || k === 'F1') { e.preventDefault(); closeHelp(); return; }
    if (k !== 'Alt+L') { if (k !== 'Tab' && k !== 'Shift+Tab') e.preventDefault(); return; }
  }
  if (k === 'F1') { e.preventDefault(); openHelp(); return; }
  if (k === 'Alt+L') { e.preventDefault(); toggleLang(); return; }
  if (dialog && dialog.open) { dialog.onKey(e, k); return; }
  if (shell && state.user && k === 'Alt+F3' && canCreate()) { e.preventDefault(); leaveTo('#/companies/new'); return; }
  if (shell && state.user && state.cid) {
    const base = '#/c/' + state.cid;
    if (k === 'Ctrl+K') { e.preventDefault(); openSearch(ctx); return; }
    if (k === 'Alt+F2') { e.preventDefault(); openPeriod(); return; }
    if (k === 'Alt+C') { e.preventDefault(); shell.company.focus(); return; }
    if (k === 'Alt+Q') { e.preventDefault(); leaveTo(base + '/home'); return; }
    if (k === 'Alt+P') { e.preventDefault(); leaveTo(base + '/parties'); return; }
    if (k === 'Alt+V') { e.preventDefault(); leaveTo(base + '/accounts'); return; }
    if (k === 'Alt+I') { e.preventDefault(); leaveTo(base + '/inventory'); return; }
    if (k === 'Alt+G') { e.preventDefault(); leaveTo(base + '/reports'); return; }
    if (k === 'Alt+U' && isAdmin()) { e.preventDefault(); leaveTo(base + '/admin'); return; }
    const vt = voucherTypeOfKey(k);
    if (vt) {
      e.preventDefault();
      if (current && current.handle && current.handle.onVoucherKey) current.handle.onVoucherKey(vt.type);
      else leaveTo(base + '/accounts/new/' + vt.type);
      return;
    }
  }
  if (current && current.handle && current.handle.onKey) current.handle.onKey(e, k);
  // "/" searches everything unless it was typed into a field or the screen took it for a search
  // box of its own (the parties list, the voucher list's party filter); Ctrl+K works everywhere.
  if (k === '/' && shell && state.user && !e.defaultPrevented && !typingIn(e.target)) {
    e.preventDefault();
    openSearch(ctx);
  }
  // F2 is the screen's date when it has one (a voucher's, a report's period), else the working date.
  if (k === 'F2' && !e.defaultPrevented && shell && state.user && state.cid) { e.preventDefault(); openDate(); }
}

/* ---------- the working date (F2) and the period of reports (Alt+F2) ---------- */

/* The period reports open with in the current company: the one chosen, else this financial year. */
function period() {
  const p = state.periods[state.cid];
  if (p) return p;
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem('daftar.period.' + state.cid) || 'null'); } catch (_) { /* ignore */ }
  if (kept && /^\d{4}-\d{2}-\d{2}$/.test(kept.from) && /^\d{4}-\d{2}-\d{2}$/.test(kept.to)) return (state.periods[state.cid] = kept);
  return fmt.financialYear(fmt.todayIso());
}

function workDate() { return state.lastDate || fmt.todayIso(); }

function openPeriod() {
  if (dialog && dialog.open) return;
  dialog = periodDialog(ctx, state.cid, period(), (p) => {
    state.periods[state.cid] = p;
    try { localStorage.setItem('daftar.period.' + state.cid, JSON.stringify(p)); } catch (_) { /* private mode */ }
    renderWork();
    toast('period.changed', { args: { from: fmt.formatDate(p.from), to: fmt.formatDate(p.to) }, kind: 'ok' });
    if (current && current.handle && current.handle.onPeriod) current.handle.onPeriod(p);
  });
}

function openDate() {
  if (dialog && dialog.open) return;
  dialog = dateDialog(ctx, state.cid, workDate(), period(), (iso) => {
    state.lastDate = iso;
    renderWork();
    toast('period.dateChanged', { args: { date: fmt.formatDate(iso) }, kind: 'ok' });
    if (current && current.handle && current.handle.onWorkDate) current.handle.onWorkDate(iso);
  });
}

/* The period and the working date in the header, as Tally's Gateway shows them. */
function renderWork() {
  if (!shell) return;
  const p = period();
  shell.work.hidden = !state.cid;
  setT(shell.periodLabel, 'period.shell', { from: fmt.formatDate(p.from), to: fmt.formatDate(p.to) });
  setT(shell.dateLabel, 'period.shellDate', { date: fmt.formatDate(workDate()) });
}

/* ---------- keyboard help (F1) ---------- */

let help = null;       // {box, back}: the help panel while it is open, and the focus to return to

/* The keys every form and screen answers to, said in the user's language (help.* in i18n). */
const HELP_KEYS = [
  ['Enter', 'help.enter'], ['Shift+Enter', 'help.shiftEnter'], ['Ctrl+Enter', 'help.save'], ['Alt+A', 'help.accept'],
  ['Ctrl+Shift+Enter', 'help.saveNew'], ['Ctrl+A', 'help.selectAll'], ['Esc', 'help.esc'], ['F2', 'help.date'],
  ['F4 … F9', 'help.vtypes'], ['Alt+P · Alt+V · Alt+I · Alt+G', 'help.modules'], ['Ctrl+K · /', 'help.search'], ['Alt+Q', 'help.home'], ['Alt+C', 'help.company'],
  ['Alt+L', 'help.lang'], ['F1', 'help.help'],
];

function openHelp() {
  if (help) return;
  const row = ([keys, label]) => h('tr', {}, [h('th', { scope: 'row' }, [h('kbd', { text: keys })]), h('td', { t: label })]);
  const mine = screenKeys();
  const box = h('div', { class: 'help-panel', id: 'help', role: 'dialog', 'aria-modal': 'true', tabIndex: -1, tattr: { 'aria-label': 'help.title' } }, [
    h('div', { class: 'help-card' }, [
      h('h2', { t: 'help.title' }),
      mine.length ? h('h3', { t: 'help.thisScreen' }) : null,
      mine.length ? h('table', { class: 'help-keys', id: 'help-screen' }, [h('tbody', {}, mine.map(row))]) : null,
      h('h3', { t: 'help.everywhere' }),
      h('table', { class: 'help-keys', id: 'help-all' }, [h('tbody', {}, HELP_KEYS.map(row))]),
      h('p', { class: 'help-close', t: 'help.close' }),
    ]),
  ]);
  help = { box, back: document.activeElement };
  document.body.append(box);
  box.focus();
}

function closeHelp() {
  if (!help) return;
  const { box, back } = help;
  help = null;
  box.remove();
  if (back && back.focus && document.contains(back)) back.focus();
}

function typingIn(el) {
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/* Module switch by key or menu: a fresh start, so old drill-downs no longer apply. */
function leaveTo(hash) {
  state.drill = [];
  go(hash);
}

/* ---------- drill-down ---------- */

/* Opens `to` from the current screen, remembering what to restore when Esc comes back. */
function drill(to, keep) {
  const from = location.hash;
  if (keep !== undefined) state.views[from] = keep;
  state.drill.push({ from, to });
  if (state.drill.length > 50) state.drill.shift();
  go(to);
}

/* Esc: back to the screen this one was drilled from, else to `fallback`. */
function back(fallback) {
  const top = state.drill[state.drill.length - 1];
  if (top && top.to === location.hash) {
    state.drill.pop();
    go(top.from);
    return;
  }
  state.drill = [];
  if (fallback) go(fallback);
}

/* Changes the current hash in place (a new period, another ledger) without leaving the screen. */
function replaceHash(hash) {
  const top = state.drill[state.drill.length - 1];
  if (top && top.to === location.hash) top.to = hash;
  history.replaceState(null, '', hash);
}

/* What the screen at `hash` left behind when it drilled away (once). */
function takeView(hash) {
  const v = state.views[hash || location.hash];
  delete state.views[hash || location.hash];
  return v;
}

function setKeys(items) {
  keyItems = items || [];
  renderKeys();
}

/* The screen's keys as the bar shows them: wherever Ctrl+Enter saves, Alt+A (Tally's accept) does too. */
function screenKeys() {
  const out = [];
  for (const it of keyItems) {
    out.push(it);
    if (it[0] === 'Ctrl+Enter' && it[1] === 'keys.save') out.push(['Alt+A', 'keys.accept']);
  }
  return out;
}

function renderKeys() {
  const bar = document.getElementById('keybar');
  if (!bar) return;
  const all = [...screenKeys(), ['F1', 'keys.help'], ['Alt+L', 'shell.otherLang']];
  if (shell && state.user && state.cid) all.push(['Ctrl+K', 'gs.title'], ['Alt+C', 'keys.company'], ['Alt+F2', 'keys.reportPeriod']);
  bar.replaceChildren(...all.map(([keys, label]) =>
    h('span', { class: 'key' }, [h('kbd', { text: keys }), h('span', { t: label })])));
}

/* ---------- language ---------- */

function rememberLang(lang) {
  try { localStorage.setItem('daftar.lang', lang); } catch (_) { /* private mode */ }
}

/* Applies lang everywhere in place; with persist, also saves it for the user (PATCH /me). */
async function setLang(lang, persist) {
  if (!LANGS.includes(lang)) lang = 'en';
  state.lang = lang;
  document.documentElement.lang = lang;
  rememberLang(lang);
  applyI18n(document.body);
  renderKeys();
  document.title = t('app.title');
  if (persist && state.user) {
    try {
      const r = await api('PATCH', '/me', { body: { lang } });
      const u = r.data && (r.data.user || r.data);
      if (u && typeof u === 'object') state.user = { ...state.user, ...u, lang };
    } catch (err) {
      if (err.status !== 401 && err.status !== 429) toast('toast.langNotSaved', { kind: 'error' });
    }
  }
}

function toggleLang() {
  return setLang(state.lang === 'hi' ? 'en' : 'hi', true);
}

/* ---------- session ---------- */

function adoptSession(data) {
  state.csrf = data.csrf_token || state.csrf;
  state.user = data.user || null;
  if (state.user) voucherTypes().catch(() => { /* the voucher screens say why */ });
  state.companies = Array.isArray(data.companies) ? data.companies : [];
  if (!state.companies.some((c) => c.id === state.cid)) {
    let last = null;
    try { last = Number(localStorage.getItem('daftar.cid')); } catch (_) { /* ignore */ }
    const found = state.companies.find((c) => c.id === last);
    state.cid = found ? found.id : (state.companies[0] ? state.companies[0].id : null);
  }
}

/* Called from the login screen with the POST /session body. */
async function loggedIn(data) {
  adoptSession(data);
  shell = null;
  await setLang((state.user && state.user.lang) || state.lang, false);
  const back = state.returnTo;
  state.returnTo = null;
  go(back && !back.startsWith('#/login') ? back : defaultRoute(), true);
}

function sessionLost() {
  if (!state.user) return;
  if (current && current.handle && current.handle.onSessionLost) {
    try { current.handle.onSessionLost(); } catch (_) { /* best effort */ }
  }
  state.user = null;
  state.csrf = null;
  state.returnTo = location.hash;
  toast('toast.sessionEnded', { kind: 'error' });
  go('#/login', true);
}

async function logout() {
  try { await api('DELETE', '/session', { allow401: true }); } catch (_) { /* ending anyway */ }
  state.user = null;
  state.csrf = null;
  state.vtypes = null;
  state.vtypeList = null;
  state.drafts = {};
  state.listState = {};
  state.returnTo = null;
  go('#/login', true);
}

/* ---------- router ---------- */

function defaultRoute() {
  if (state.cid) return '#/c/' + state.cid + '/home';
  if (!state.user) return '#/login';
  return canCreate() ? '#/companies/new' : '#/no-company';
}

function go(hash, replace) {
  if (location.hash === hash) { route(); return; }
  if (replace) { history.replaceState(null, '', hash); route(); } else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

function route() {
  const { parts, query } = parseHash();
  if (!state.user) {
    if (parts[0] !== 'login' && location.hash && location.hash !== '#/') state.returnTo = location.hash;
    if (parts[0] !== 'login') history.replaceState(null, '', '#/login');
    mount(loginScreen, {});
    return;
  }
  if (parts[0] === 'companies' && parts[1] === 'new' && parts.length === 2 && canCreate()) { mount(S.newCompany, { cid: state.cid, query }); return; }
  if (parts[0] === 'no-company' && parts.length === 1 && !state.companies.length) { mount(S.noCompany, { query }); return; }
  if (parts[0] === 'c' && /^\d+$/.test(parts[1] || '')) {
    const cid = Number(parts[1]);
    if (!state.companies.some((c) => c.id === cid)) { go(defaultRoute(), true); return; }
    state.cid = cid;
    try { localStorage.setItem('daftar.cid', String(cid)); } catch (_) { /* ignore */ }
    if (parts[2] === 'home' && parts.length === 3) { mount(S.home, { cid, query }); return; }
    if (parts[2] === 'parties' && parts.length === 3) { mount(S.parties, { cid, query }); return; }
    if (parts[2] === 'parties' && parts[3] === 'new' && parts.length === 4) { mount(S.partyForm, { cid, id: null, query }); return; }
    if (parts[2] === 'parties' && /^\d+$/.test(parts[3] || '') && parts.length === 4) {
      mount(S.partyForm, { cid, id: Number(parts[3]), query });
      return;
    }
    if (routeModules(cid, parts, query)) return;
  }
  go(defaultRoute(), true);
}

const isId = (x) => /^\d+$/.test(x || '');

/* accounts, reports and inventory routes; true when one matched. */
function routeModules(cid, parts, query) {
  const [, , mod, a, b, c] = parts;
  const n = parts.length;
  if (mod === 'accounts') {
    if (n === 3) { mount(S.vouchers, { cid, query }); return true; }
    if (a === 'new' && n === 5 && /^[a-z_]+$/.test(b)) { mount(S.voucherEntry, { cid, type: b, id: null, query }); return true; }
    if (a === 'v' && isId(b) && n === 5) { mount(S.voucherView, { cid, id: Number(b), query }); return true; }
    if (a === 'v' && isId(b) && n === 6 && c === 'edit') { mount(S.voucherEntry, { cid, id: Number(b), type: null, query }); return true; }
    if (a === 'v' && isId(b) && n === 6 && c === 'log') { mount(S.voucherLog, { cid, id: Number(b), query }); return true; }
  }
  if (mod === 'reports') {
    if (n === 3) { mount(S.reportsMenu, { cid, query }); return true; }
    if (n === 4 && a === 'bank-reconciliation') { mount(S.bankReco, { cid, query }); return true; }
    if (n === 4 && /^[a-z0-9-]+$/.test(a)) { mount(S.report, { cid, name: a, query }); return true; }
  }
  if (mod === 'admin') {
    if (n === 3) { mount(S.users, { cid, query }); return true; }
    if (a === 'tokens' && n === 4) { mount(S.tokens, { cid, query }); return true; }
    if (a === 'company' && n === 4) { mount(S.company, { cid, query }); return true; }
    if (a === 'gst' && n === 4) { mount(S.gstProfile, { cid, query }); return true; }
  }
  if (mod === 'inventory') {
    if (n === 3) { mount(S.items, { cid, query }); return true; }
    if (a === 'items' && b === 'new' && n === 5) { mount(S.itemForm, { cid, query }); return true; }
    if (a === 'items' && isId(b) && n === 5) { mount(S.itemEdit, { cid, id: Number(b), query }); return true; }
    if (a === 'godowns' && n === 4) { mount(S.godowns, { cid, query }); return true; }
    if (a === 'stock-journal' && n === 4) { mount(S.stockJournal, { cid, query }); return true; }
    if (a === 'verification' && n === 4) { mount(S.verification, { cid, query }); return true; }
    if (a === 'reports' && n === 4) { mount(S.stockReportsMenu, { cid, query }); return true; }
    if (a === 'reports' && n === 5 && /^[a-z-]+$/.test(b)) { mount(S.stockReport, { cid, name: b, query }); return true; }
  }
  return false;
}

const loading = {};     // module path -> the promise of its import(), once asked for
const loaded = {};      // module path -> the module, once it came
const failed = {};      // module path -> how many times its import() failed
let mounting = 0;       // counts mount() calls: a screen that came late is shown only if still wanted

/* Shows the screen: one imported here, or a lazy [module, export] of S (imported once; until it
 * comes the main area is empty and busy; if it cannot be loaded it says so, and a toast too). */
function mount(screen, params) {
  closeHelp();
  const seq = ++mounting;
  if (!Array.isArray(screen)) { show(screen, params); return; }
  const [path, name] = screen;
  if (loaded[path]) { show(loaded[path][name], params); return; }
  // The screen left goes at once (its keys and its figures with it); the new one comes with its
  // module, in a moment from this server.
  leave();
  const main = document.getElementById('main');
  if (main) { main.replaceChildren(); main.setAttribute('aria-busy', 'true'); }
  renderKeys();
  // Again after a failure, under another URL: the browser keeps a failed module's URL failed.
  if (!loading[path]) loading[path] = import(path + (failed[path] ? '?try=' + failed[path] : ''));
  loading[path].then((m) => {
    loaded[path] = m;
    if (seq === mounting) show(m[name], params);
  }, () => {
    delete loading[path];   // the next visit tries again
    failed[path] = (failed[path] || 0) + 1;
    if (seq !== mounting) return;
    if (main) {
      main.removeAttribute('aria-busy');
      main.replaceChildren(h('p', { class: 'form-alert', id: 'screen-load-failed', role: 'alert', t: 'toast.screenLoadFailed' }));
    }
    toast('toast.screenLoadFailed', { kind: 'error' });
  });
}

/* Ends the mounted screen: its dialog closed, its handle destroyed, no keys of its own. */
function leave() {
  if (dialog && dialog.open) dialog.close();
  if (current && current.handle && current.handle.destroy) {
    try { current.handle.destroy(); } catch (_) { /* keep going */ }
  }
  current = null;
  keyItems = [];
}

function show(screen, params) {
  leave();
  const app = document.getElementById('app');
  app.classList.remove('booting');
  app.removeAttribute('aria-busy');
  let root;
  if (screen.bare) {
    shell = null;
    root = h('main', { id: 'main', class: 'bare', tabIndex: -1 });
    app.replaceChildren(root, h('footer', { id: 'keybar', class: 'keybar', tattr: { 'aria-label': 'keys.title' } }));
  } else {
    if (!shell) buildShell(app);
    syncShell(screen.nav);
    root = shell.main;
    root.replaceChildren();
    root.removeAttribute('aria-busy');
    root.scrollTop = 0;
  }
  current = { screen, handle: null };
  current.handle = screen.render(ctx, root, params) || {};
  document.title = t('app.title');
  renderKeys();
}

/* ---------- frame ---------- */

const MODULES = [
  ['home', 'nav.home', 'Alt+Q'],
  ['parties', 'nav.parties', 'Alt+P'],
  ['accounts', 'nav.accounts', 'Alt+V'],
  ['inventory', 'nav.inventory', 'Alt+I'],
  ['reports', 'nav.reports', 'Alt+G'],
  ['admin', 'nav.admin', 'Alt+U'],
];

/* The company's people and tokens are for its admins: others do not see the module (the server
 * refuses them anyway). */
function isAdmin() {
  const c = state.companies.find((x) => x.id === state.cid);
  return !!c && c.role === 'admin';
}

/* May make a company (Alt+F3): an admin of any company, or marked by `daftar user company-creator`. */
function canCreate() {
  return !!(state.user && state.user.can_create_companies);
}

/* The companies again (one was made or renamed), so the switcher lists them at once. */
async function reloadCompanies() {
  const r = await api('GET', '/companies');
  state.companies = (r.data && Array.isArray(r.data.items)) ? r.data.items : state.companies;
  if (state.user && state.companies.some((c) => c.role === 'admin')) state.user = { ...state.user, can_create_companies: true };
  if (shell) fillCompanies();
}

/* The company switcher's list, when the companies changed. */
function fillCompanies() {
  const sel = shell.company;
  const want = state.companies.map((c) => c.id + ':' + c.name).join('|');
  if (sel.dataset.list !== want) {
    sel.replaceChildren(...state.companies.map((c) => h('option', { value: String(c.id), text: c.name })));
    sel.dataset.list = want;
  }
  sel.value = String(state.cid);
  sel.hidden = !state.companies.length;
  shell.newCompany.hidden = !canCreate();
}

function buildShell(app) {
  const company = h('select', {
    id: 'company', class: 'company-select', tattr: { 'aria-label': 'shell.company', title: 'shell.companyHint' },
    on: { change: () => leaveTo('#/c/' + company.value + '/home') },
  });
  const user = state.user || {};
  const newCompany = h('a', { class: 'btn btn-ghost btn-small', id: 'new-company', href: '#/companies/new', tattr: { title: 'company.newHint' } }, [
    h('span', { t: 'company.new' }), h('kbd', { class: 'btn-key', text: 'Alt+F3' })]);
  const periodLabel = h('span', { class: 'work-label' });
  const dateLabel = h('span', { class: 'work-label' });
  const work = h('div', { class: 'work', id: 'work' }, [
    h('button', { type: 'button', class: 'btn btn-ghost work-item', id: 'work-period', on: { click: () => openPeriod() } }, [periodLabel, h('kbd', { class: 'btn-key', text: 'Alt+F2' })]),
    h('button', { type: 'button', class: 'btn btn-ghost work-item', id: 'work-date', on: { click: () => openDate() } }, [dateLabel, h('kbd', { class: 'btn-key', text: 'F2' })]),
  ]);
  const header = h('header', { class: 'topbar' }, [
    h('a', { class: 'brand', href: '#/', tattr: { title: 'app.title' } }, [
      h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: 'द' }),
      h('span', { class: 'brand-name', text: 'Daftar' }),
    ]),
    h('div', { class: 'company' }, [h('label', { class: 'company-label', for: 'company', t: 'shell.company' }), company, newCompany]),
    work,
    h('div', { class: 'spacer' }),
    h('span', { class: 'user', tattr: { title: 'shell.signedInAs' } }, [
      h('span', { class: 'user-avatar', 'aria-hidden': 'true', text: (user.display_name || user.username || '?').slice(0, 1).toUpperCase() }),
      h('span', { class: 'user-name', text: user.display_name || user.username || '' }),
    ]),
    h('button', { type: 'button', class: 'btn btn-ghost lang-toggle', id: 'lang-toggle', t: 'shell.otherLang', tattr: { title: 'shell.langHint' }, on: { click: () => toggleLang() } }),
    h('button', { type: 'button', class: 'btn btn-ghost', id: 'logout', t: 'shell.logout', on: { click: logout } }),
  ]);
  const navItems = {};
  const nav = h('nav', { class: 'sidenav', tattr: { 'aria-label': 'nav.title' } }, [
    h('div', { class: 'nav-head', t: 'nav.modules' }),
    ...MODULES.map(([id, label, key]) => {
      const item = h('a', { class: 'nav-item', href: '#', dataset: { module: id }, on: { click: () => { state.drill = []; } } }, [
        h('span', { class: 'nav-label', t: label }), h('kbd', { class: 'nav-key', text: key })]);
      navItems[id] = item;
      return item;
    }),
  ]);
  const main = h('main', { id: 'main', tabIndex: -1 });
  const keybar = h('footer', { id: 'keybar', class: 'keybar', tattr: { 'aria-label': 'keys.title' } });
  app.replaceChildren(h('div', { class: 'frame' }, [header, nav, main, keybar]));
  shell = { company, navItems, main, newCompany, work, periodLabel, dateLabel };
}

function syncShell(activeModule) {
  fillCompanies();
  renderWork();
  for (const [id, item] of Object.entries(shell.navItems)) {
    item.hidden = !state.cid || (id === 'admin' && !isAdmin());
    if (item.tagName === 'A') item.href = '#/c/' + state.cid + '/' + id;
    if (id === activeModule) item.setAttribute('aria-current', 'page');
    else item.removeAttribute('aria-current');
  }
}

/* ---------- context handed to screens ---------- */

const ctx = {
  state, fmt, t, hasT, h, setT, applyI18n, api, ApiError, newKey, toast, go, setKeys, loggedIn,
  toggleLang, setLang, drill, back, takeView, replaceHash, voucherTypes, period, workDate, reloadCompanies, canCreate,
  stdName, stdNameProps, itemName, itemNameNode,
  openSearch: () => openSearch(ctx),
  company: () => state.companies.find((c) => c.id === state.cid) || null,
  takeFlash(key) { const v = state.flash[key]; delete state.flash[key]; return v; },
  putFlash(key, v) { state.flash[key] = v; },
};

/* ---------- boot ---------- */

async function boot() {
  await loadStrings();
  let lang = null;
  try { lang = localStorage.getItem('daftar.lang'); } catch (_) { /* ignore */ }
  if (!LANGS.includes(lang)) lang = (navigator.language || '').toLowerCase().startsWith('hi') ? 'hi' : 'en';
  await setLang(lang, false);
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('hashchange', route);
  try {
    const s = await api('GET', '/session', { allow401: true });
    adoptSession(s.data || {});
    if (state.user && state.user.lang) await setLang(state.user.lang, false);
  } catch (err) {
    state.user = null;
    if (err.status !== 401) toast('toast.serverUnreachable', { kind: 'error' });
  }
  route();
}

boot();
