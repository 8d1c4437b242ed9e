// A small stand-in for `daftar serve`, written from docs/api.md, so the UI and the browser tests
// can be exercised before (or without) the C server: `node run.mjs --mock`. It serves web/ with
// the same CSP as the real server. It is a test fixture, not a second implementation of the rules.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, '../../web');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml' };

const GST_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function gstinValid(g) {
  if (!/^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z]$/.test(g)) return 'must be 15 characters like 27AAPFU0939F1ZV';
  const sc = Number(g.slice(0, 2));
  if (sc < 1 || (sc > 38 && sc !== 97 && sc !== 99)) return 'state code is not valid';
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const p = GST_CHARS.indexOf(g[i]) * (i % 2 ? 2 : 1);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return GST_CHARS[(36 - (sum % 36)) % 36] === g[14] ? null : 'check character is wrong';
}

/* GET /voucher-types as docs/api.md gives it: the types in hotkey order with what each holds. */
const VOUCHER_TYPES = [
  { type: 'contra', prefix: 'CTR', hotkey: 'F4', has_items: false, stock: null, default_side: 'debit' },
  { type: 'payment', prefix: 'PMT', hotkey: 'F5', has_items: false, stock: null, default_side: 'debit' },
  { type: 'receipt', prefix: 'RCT', hotkey: 'F6', has_items: false, stock: null, default_side: 'credit' },
  { type: 'journal', prefix: 'JRN', hotkey: 'F7', has_items: false, stock: null, default_side: 'debit' },
  { type: 'sales', prefix: 'SAL', hotkey: 'F8', has_items: true, stock: 'out', default_side: null },
  { type: 'purchase', prefix: 'PUR', hotkey: 'F9', has_items: true, stock: 'in', default_side: null },
  { type: 'credit_note', prefix: 'CRN', hotkey: 'Ctrl+F8', has_items: true, stock: 'in', default_side: null },
  { type: 'debit_note', prefix: 'DBN', hotkey: 'Ctrl+F9', has_items: true, stock: 'out', default_side: null },
];

export function startMock({ port = 0, user = 'admin', password = 'admin-password-1' } = {}) {
  const users = { [user]: { id: 1, username: user, display_name: 'Administrator', lang: 'en', password } };
  const companies = [
    { id: 1, name: 'Demo Traders', role: 'admin', state_code: '27', gstin: null },
    { id: 2, name: 'शर्मा एंड संस', role: 'admin', state_code: '09', gstin: null },
  ];
  const sessions = new Map();
  const parties = new Map(); // id -> party
  const idem = new Map();
  let nextId = 1;
  let failures = 0;

  function send(res, status, body, headers = {}) {
    const data = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP, ...headers });
    res.end(data);
  }
  const fail = (res, status, code, message, field, extra = {}, headers = {}) =>
    send(res, status, { error: { code, message, ...(field ? { field } : {}), ...extra } }, headers);

  function sessionBody(s) {
    const u = users[s.user];
    return { csrf_token: s.csrf, user: { id: u.id, username: u.username, display_name: u.display_name, lang: u.lang }, companies: companies.map(({ id, name, role, state_code }) => ({ id, name, role, state_code })) };
  }

  function validate(p, body, res) {
    const str = (k, max) => {
      if (!(k in body)) return true;
      if (body[k] === null) { p[k] = null; return true; }
      if (typeof body[k] !== 'string' || [...body[k]].length > max) { fail(res, 400, 'invalid', `${k}: at most ${max} characters`, k); return false; }
      p[k] = body[k] === '' ? null : body[k];
      return true;
    };
    if ('name' in body) {
      const n = typeof body.name === 'string' ? body.name.trim() : '';
      if (!n || [...n].length > 200) { fail(res, 400, 'invalid', 'name: required, 1–200 characters', 'name'); return false; }
      p.name = n;
    }
    if ('kind' in body) {
      if (body.kind !== 'customer' && body.kind !== 'vendor') { fail(res, 400, 'invalid', 'kind: customer or vendor', 'kind'); return false; }
      p.kind = body.kind;
    }
    if ('gstin' in body && body.gstin) {
      const why = typeof body.gstin === 'string' ? gstinValid(body.gstin) : 'must be a string';
      if (why) { fail(res, 400, 'invalid', 'gstin: ' + why, 'gstin'); return false; }
    }
    if (!str('gstin', 15)) return false;
    if (p.gstin) p.state_code = p.gstin.slice(0, 2);
    if ('pan' in body && body.pan && !/^[A-Z]{5}[0-9]{4}[A-Z]$/.test(body.pan)) { fail(res, 400, 'invalid', 'pan: 10 characters like AAPFU0939F', 'pan'); return false; }
    if (!str('pan', 10)) return false;
    if (p.pan && p.gstin && p.gstin.slice(2, 12) !== p.pan) { fail(res, 400, 'invalid', 'pan: does not match the GSTIN', 'pan'); return false; }
    if ('phone' in body && body.phone) {
      const digits = String(body.phone).replace(/[\s-]/g, '').replace(/^\+/, '');
      if (!/^\d{10,15}$/.test(digits)) { fail(res, 400, 'invalid', 'phone: 10–15 digits', 'phone'); return false; }
    }
    if (!str('phone', 20)) return false;
    if ('email' in body && body.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) { fail(res, 400, 'invalid', 'email: not a plausible address', 'email'); return false; }
    if (!str('email', 200) || !str('billing_address', 500) || !str('shipping_address', 500)) return false;
    if ('state_code' in body && body.state_code && !p.gstin) {
      if (!/^\d{2}$/.test(body.state_code)) { fail(res, 400, 'invalid', 'state_code: two digits', 'state_code'); return false; }
      p.state_code = body.state_code;
    } else if ('state_code' in body && !body.state_code && !p.gstin) p.state_code = null;
    if ('credit_limit' in body) {
      if (typeof body.credit_limit !== 'string' || !/^\d{1,15}(\.\d{1,2})?$/.test(body.credit_limit)) { fail(res, 400, 'invalid', 'credit_limit: a non-negative amount with at most two decimals', 'credit_limit'); return false; }
      else {
        const [i, f = ''] = body.credit_limit.split('.');
        p.credit_limit = String(BigInt(i)) + '.' + f.padEnd(2, '0');
      }
    }
    if ('payment_terms_days' in body) {
      const d = body.payment_terms_days;
      if (!Number.isInteger(d) || d < 0 || d > 365) { fail(res, 400, 'invalid', 'payment_terms_days: 0–365', 'payment_terms_days'); return false; }
      else p.payment_terms_days = d;
    }
    return true;
  }

  function findDuplicate(p) {
    for (const q of parties.values()) {
      if (q.id === p.id || q.company_id !== p.company_id || q.archived) continue;
      if (p.gstin && q.gstin === p.gstin) return [q, 'gstin'];
      if (p.phone && q.phone && q.phone.replace(/\D/g, '') === p.phone.replace(/\D/g, '')) return [q, 'phone'];
    }
    return null;
  }

  const pub = (p) => { const { company_id, ...rest } = p; return rest; };

  async function readBody(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const s = Buffer.concat(chunks).toString('utf8');
    return s ? JSON.parse(s) : {};
  }

  async function apiHandler(req, res, url) {
    const p = url.pathname.slice('/api/v1'.length);
    const cookie = (req.headers.cookie || '').split(/;\s*/).find((c) => c.startsWith('daftar_session='));
    const sid = cookie ? cookie.split('=')[1] : null;
    const s = sid ? sessions.get(sid) : null;
    const write = req.method !== 'GET';
    let body = {};
    try { body = write ? await readBody(req) : {}; } catch { return fail(res, 400, 'invalid', 'body is not JSON'); }

    if (p === '/session' && req.method === 'POST') {
      if (failures >= 20) return fail(res, 429, 'throttled', 'too many failed logins', null, {}, { 'Retry-After': '30' });
      const u = users[body.username];
      if (!u || u.password !== body.password) { failures++; return fail(res, 401, 'unauthenticated', 'wrong username or password'); }
      const id = crypto.randomBytes(16).toString('hex');
      const ns = { user: body.username, csrf: crypto.randomBytes(16).toString('hex') };
      sessions.set(id, ns);
      return send(res, 200, sessionBody(ns), { 'Set-Cookie': `daftar_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!s) return fail(res, 401, 'unauthenticated', 'log in first');
    if (write && req.headers['x-csrf-token'] !== s.csrf) return fail(res, 403, 'forbidden', 'CSRF token missing or wrong', 'csrf_token');
    if (p === '/session' && req.method === 'GET') return send(res, 200, sessionBody(s));
    if (p === '/session' && req.method === 'DELETE') { sessions.delete(sid); res.writeHead(204, { 'Set-Cookie': 'daftar_session=; Max-Age=0; Path=/' }); return res.end(); }
    if (p === '/me' && req.method === 'PATCH') {
      if (body.lang !== 'en' && body.lang !== 'hi') return fail(res, 400, 'invalid', 'lang: en or hi', 'lang');
      users[s.user].lang = body.lang;
      return send(res, 200, sessionBody(s).user);
    }
    if (p === '/companies' && req.method === 'GET') return send(res, 200, { items: companies });
    if (p === '/voucher-types' && req.method === 'GET') return send(res, 200, { items: VOUCHER_TYPES });

    // The home screen of a role that reads no reports (docs/api.md, Home): no money, nothing to list.
    let m = /^\/companies\/(\d+)\/home$/.exec(p);
    if (m && req.method === 'GET') return send(res, 200, { today: new Date().toISOString().slice(0, 10), money: false, reorder: { count: 0, items: [] }, recent: [] });
    // The one search box: parties by name (docs/api.md, Search).
    m = /^\/companies\/(\d+)\/search$/.exec(p);
    if (m && req.method === 'GET') {
      const q = (url.searchParams.get('q') || '').trim().toLowerCase();
      if (!q) return fail(res, 400, 'invalid', 'type something to search for', 'q');
      const found = [...parties.values()].filter((x) => x.company_id === Number(m[1]) && !x.archived && x.name.toLowerCase().includes(q)).slice(0, 8);
      return send(res, 200, { q, vouchers: [], parties: found, ledgers: [], items: [] });
    }

    m = /^\/companies\/(\d+)\/parties$/.exec(p);
    if (m) {
      const cid = Number(m[1]);
      if (!companies.some((c) => c.id === cid)) return fail(res, 404, 'not_found', 'no such company');
      if (req.method === 'GET') {
        const q = (url.searchParams.get('q') || '').toLowerCase();
        const kind = url.searchParams.get('kind') || '';
        const av = url.searchParams.get('archived') || 'false';
        const arch = av === 'all' ? null : av === 'true' || av === '1';
        const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') || 50)));
        const after = url.searchParams.get('after');
        let list = [...parties.values()].filter((x) => x.company_id === cid && (arch === null || x.archived === arch) && (!kind || x.kind === kind) &&
          (!q || x.name.toLowerCase().includes(q) || (x.gstin || '').toLowerCase().includes(q) || (x.phone || '').includes(q)));
        list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
        if (after) {
          const [an, aid] = JSON.parse(Buffer.from(after, 'base64url').toString());
          list = list.filter((x) => x.name > an || (x.name === an && x.id > aid));
        }
        const page = list.slice(0, limit);
        const next = list.length > limit ? Buffer.from(JSON.stringify([page.at(-1).name, page.at(-1).id])).toString('base64url') : null;
        return send(res, 200, { items: page.map(pub), next });
      }
      if (req.method === 'POST') {
        const key = req.headers['idempotency-key'];
        if (key && idem.has(s.user + key)) return send(res, 201, idem.get(s.user + key));
        if (!('name' in body)) return fail(res, 400, 'invalid', 'name: required', 'name');
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const np = { id: 0, company_id: cid, kind: 'customer', name: '', gstin: null, pan: null, phone: null, email: null, billing_address: null, shipping_address: null, state_code: null, credit_limit: '0.00', payment_terms_days: 0, version: 1, archived: false, created_at: now, updated_at: now };
        if (!validate(np, body, res)) return;
        const dup = body.allow_duplicate ? null : findDuplicate(np);
        if (dup) return fail(res, 409, 'duplicate', `${dup[1]}: already used by ${dup[0].name}`, dup[1], { existing: { id: dup[0].id, name: dup[0].name } });
        np.id = nextId++;
        parties.set(np.id, np);
        if (key) idem.set(s.user + key, pub(np));
        return send(res, 201, pub(np));
      }
    }
    m = /^\/companies\/(\d+)\/parties\/(\d+)$/.exec(p);
    if (m) {
      const cid = Number(m[1]);
      const x = parties.get(Number(m[2]));
      if (!x || x.company_id !== cid) return fail(res, 404, 'not_found', 'no such party');
      if (req.method === 'GET') return send(res, 200, pub(x), { ETag: `"${x.version}"` });
      const im = /^"?(\d+)"?$/.exec(req.headers['if-match'] || '');
      if (!im) return fail(res, 400, 'invalid', 'If-Match is required', 'if_match');
      if (Number(im[1]) !== x.version) return send(res, 409, { error: { code: 'stale', message: 'changed by someone else' }, current: pub(x) });
      if (req.method === 'PATCH') {
        const np = { ...x };
        if (!validate(np, body, res)) return;
        const dup = body.allow_duplicate ? null : findDuplicate(np);
        if (dup) return fail(res, 409, 'duplicate', `${dup[1]}: already used by ${dup[0].name}`, dup[1], { existing: { id: dup[0].id, name: dup[0].name } });
        np.version++;
        np.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        parties.set(x.id, np);
        return send(res, 200, pub(np), { ETag: `"${np.version}"` });
      }
      if (req.method === 'DELETE') {
        x.archived = true;
        x.version++;
        return send(res, 200, pub(x));
      }
    }
    return fail(res, 404, 'not_found', 'no such endpoint');
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      if (url.pathname.startsWith('/api/v1/')) return await apiHandler(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 404, 'not_found', 'no such page');
      const rel = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      const file = path.resolve(WEB, rel);
      if (!file.startsWith(WEB + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Security-Policy': CSP });
        return res.end('not found');
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
      res.end(fs.readFileSync(file));
    } catch (e) {
      fail(res, 500, 'internal', 'mock server error');
      console.error(e);
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 8098);
  startMock({ port }).then(({ url }) => console.log('mock daftar on ' + url));
}
