// A company's settings (Admin, Alt+3) and a new company (Alt+F3). Settings: name, GSTIN (its state
// and PAN filled in as it is typed), state, time zone, stock valuation, negative stock and business
// hours (kept for the service desk), saved with Ctrl+Enter against the version read; under them the
// books: their first day, and the lock (Alt+K), set or lifted after a notice that Enter confirms.
// A new company takes its name, GSTIN, state, first financial year, books' first day, time zone and
// valuation; the one who makes it is its admin, and it is in the company switcher at once. Enter
// walks the fields; every rule is the server's, its refusal shown beside the field it names.
import { STATES, notices, keyButton, dateInput } from './ui.js';
import { formControl, walk, alertError } from './form.js';
import { adminTabs, adminTabKey, TAB_KEYS } from './admin.js';

const ZONES = ['Asia/Kolkata', 'Asia/Dubai', 'Asia/Singapore', 'Asia/Kathmandu', 'Asia/Dhaka', 'Europe/London', 'America/New_York', 'UTC'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const GST_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/* The check character the first 14 characters of a GSTIN call for, or null. */
function gstinCheckChar(s) {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = GST_CHARS.indexOf(s[i]);
    if (v < 0) return null;
    const p = v * (i % 2 ? 2 : 1);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return GST_CHARS[(36 - (sum % 36)) % 36];
}

/*
 * The fields both screens share: {name, gstin, pan, state, tz, valuation, nodes(list), gstinHint},
 * built once. Typing a GSTIN fills the PAN and the state and says whether its check character is
 * right (the server checks it again).
 */
function companyFields(ctx, prefix) {
  const { h } = ctx;
  const x = {
    name: h('input', { id: prefix + '-name', type: 'text', autocomplete: 'off', maxLength: 200 }),
    gstin: h('input', { id: prefix + '-gstin', type: 'text', class: 'mono upper', autocomplete: 'off', spellcheck: 'false', maxLength: 15 }),
    pan: h('output', { id: prefix + '-pan', class: 'static-value mono' }),
    state: h('select', { id: prefix + '-state' }, [h('option', { value: '', t: 'company.chooseState' }),
      ...STATES.map((c) => h('option', { value: c, t: 'state.' + c, tprefix: c + ' · ' }))]),
    tz: h('input', { id: prefix + '-tz', type: 'text', class: 'mono', autocomplete: 'off', spellcheck: 'false', list: prefix + '-zones', maxLength: 63 }),
    zones: h('datalist', { id: prefix + '-zones' }, ZONES.map((z) => h('option', { value: z }))),
    valuation: h('select', { id: prefix + '-valuation' }, [h('option', { value: 'weighted_average', t: 'company.valuation.weighted_average' }),
      h('option', { value: 'fifo', t: 'company.valuation.fifo' })]),
    gstinHint: h('div', { class: 'field-hint', id: prefix + '-gstin-hint', t: 'company.gstinHint' }),
  };
  x.gstin.addEventListener('input', () => derive(ctx, x));
  return x;
}

/* The PAN and state a GSTIN names, and what the check character says. */
function derive(ctx, x) {
  const g = x.gstin.value.trim().toUpperCase();
  x.pan.textContent = g.length >= 12 ? g.slice(2, 12) : '—';
  if (g.length >= 2 && STATES.includes(g.slice(0, 2))) x.state.value = g.slice(0, 2);
  if (!g) ctx.setT(x.gstinHint, 'company.gstinHint');
  else if (g.length < 15) ctx.setT(x.gstinHint, 'company.gstinShort', { n: 15 - g.length });
  else ctx.setT(x.gstinHint, gstinCheckChar(g) === g[14] ? 'company.gstinOk' : 'company.gstinBad');
  x.gstinHint.classList.toggle('is-bad', g.length === 15 && gstinCheckChar(g) !== g[14]);
}

function field(ctx, label, input, span, hint) {
  const { h } = ctx;
  return h('div', { class: 'field span-' + span }, [h('label', { for: input.id, t: label }), input, hint || null]);
}

function staticField(ctx, label, output, span) {
  const { h } = ctx;
  return h('div', { class: 'field field-static span-' + span }, [h('span', { class: 'static-label', t: label }), output]);
}

/* ---------- a company's settings ---------- */

export const companyScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    let version = null;
    let sentDays = [];           // the hours sent, in the order of the array (errors name its index)
    const x = companyFields(ctx, 'co');
    const negative = h('select', { id: 'co-negative' }, [h('option', { value: 'refuse', t: 'company.negative.refuse' }),
      h('option', { value: 'warn', t: 'company.negative.warn' })]);
    const hours = DAYS.map((d) => ({
      day: d,
      opens: h('input', { id: 'co-opens-' + d, type: 'text', class: 'mono hhmm', autocomplete: 'off', maxLength: 5, placeholder: 'HH:MM', tattr: { 'aria-label': 'company.opens' } }),
      closes: h('input', { id: 'co-closes-' + d, type: 'text', class: 'mono hhmm', autocomplete: 'off', maxLength: 5, placeholder: 'HH:MM', tattr: { 'aria-label': 'company.closes' } }),
    }));
    // a week across: a column a day, the opening time above the closing one
    const hoursTable = h('table', { class: 'grid grid-dense hours-grid', id: 'co-hours' }, [
      h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', t: 'company.day' }), ...hours.map((r) => h('th', { scope: 'col', t: 'company.day.' + r.day }))])]),
      h('tbody', {}, [
        h('tr', {}, [h('th', { scope: 'row', t: 'company.opens' }), ...hours.map((r) => h('td', {}, [r.opens]))]),
        h('tr', {}, [h('th', { scope: 'row', t: 'company.closes' }), ...hours.map((r) => h('td', {}, [r.closes]))]),
      ]),
    ]);
    const alert = h('div', { class: 'form-alert', id: 'co-alert', role: 'alert', hidden: true });
    const area = h('div', { class: 'notice-area', id: 'co-notice' });
    const notice = notices(ctx, area);
    const saveBtn = keyButton(ctx, 'co-save', 'form.save', 'Ctrl+Enter', 'btn-primary', () => save());
    const card = h('div', { class: 'card company-form', id: 'co-form' }, [
      h('div', { class: 'form-grid' }, [
        field(ctx, 'company.name', x.name, 6), field(ctx, 'company.gstin', x.gstin, 3, x.gstinHint), staticField(ctx, 'company.pan', x.pan, 3),
        field(ctx, 'company.state', x.state, 4), field(ctx, 'company.timezone', x.tz, 4, h('div', { class: 'field-hint', t: 'company.timezoneHint' })),
        field(ctx, 'company.valuation', x.valuation, 2), field(ctx, 'company.negative', negative, 2),
      ]),
      x.zones,
      h('h2', { class: 'sub-head', t: 'company.hours' }),
      h('p', { class: 'field-hint', t: 'company.hoursHint' }),
      hoursTable,
      h('div', { class: 'form-actions' }, [saveBtn, h('span', { class: 'muted small', id: 'co-version' })]),
    ]);

    // the books: first day, financial year, lock
    const booksFrom = h('output', { id: 'co-books-from', class: 'static-value' });
    const fyStart = h('output', { id: 'co-fy', class: 'static-value' });
    const lockNow = h('output', { id: 'co-lock-now', class: 'static-value' });
    const lock = dateInput(ctx, { id: 'co-lock' });
    const lockBtn = keyButton(ctx, 'co-lock-btn', 'company.lock', 'Alt+K', '', () => askLock());
    const booksCard = h('div', { class: 'card books-card', id: 'co-books' }, [
      h('h2', { class: 'sub-head', t: 'company.books' }),
      h('div', { class: 'form-grid' }, [
        staticField(ctx, 'company.booksFrom', booksFrom, 3), staticField(ctx, 'company.fy', fyStart, 3), staticField(ctx, 'company.lockedUpTo', lockNow, 2),
        field(ctx, 'company.lockDate', lock.input, 2, h('div', { class: 'field-hint', t: 'company.lockHint' })),
        h('div', { class: 'field span-2 btn-field' }, [lockBtn]),
      ]),
    ]);

    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'company.title' }), h('span', { class: 'head-sub', id: 'co-sub' }), h('div', { class: 'spacer' }),
        ctx.canCreate() ? keyButton(ctx, 'co-new', 'company.new', 'Alt+F3', 'btn-ghost', () => ctx.go('#/companies/new')) : null]),
      adminTabs(ctx, cid, 'company'), alert, area, card, booksCard,
    ]));

    const order = [x.name, x.gstin, x.state, x.tz, x.valuation, negative, ...hours.flatMap((r) => [r.opens, r.closes])];
    const byField = { name: x.name, gstin: x.gstin, state_code: x.state, timezone: x.tz, valuation: x.valuation, negative_stock: negative };
    const ctl = formControl(ctx, {
      scope: card, alert, buttons: [saveBtn], busyEl: card, save: () => save(),
      place: (f) => {
        const m = /^business_hours\[(\d+)\]\.(day|opens|closes)$/.exec(f || '');
        if (m && sentDays[Number(m[1])]) return { input: sentDays[Number(m[1])][m[2] === 'closes' ? 'closes' : 'opens'] };
        return byField[f] ? { input: byField[f] } : null;
      },
      first: () => x.name,
      stale: () => { staleNotice(); return true; },
    });

    function show(s) {
      version = s.version;
      x.name.value = s.name || '';
      x.gstin.value = s.gstin || '';
      x.state.value = s.state_code || '';
      x.tz.value = s.timezone || '';
      x.valuation.value = s.valuation;
      negative.value = s.negative_stock;
      derive(ctx, x);
      for (const r of hours) {
        const d = (s.business_hours || []).find((b) => b.day === r.day);
        r.opens.value = d ? d.opens : '';
        r.closes.value = d ? d.closes : '';
      }
      ctx.setT(document.getElementById('co-version'), 'company.version', { version: s.version });
      document.getElementById('co-sub').textContent = s.name || '';
      booksFrom.textContent = fmt.formatDate(s.books_from);
      fyStart.textContent = s.fy_start ? ctx.t('period.fy', { year: s.fy_start.slice(0, 4) + '-' + String(Number(s.fy_start.slice(0, 4)) + 1).slice(2) }) : '—';
      if (s.lock_date) lockNow.textContent = fmt.formatDate(s.lock_date);
      else ctx.setT(lockNow, 'company.unlocked');
      lock.set(s.lock_date || '');
      lock.base = s.lock_date || fmt.todayIso();
    }

    async function load() {
      const r = await ctx.api('GET', '/companies/' + cid + '/settings');
      show(r.data);
      return r.data;
    }

    function body() {
      sentDays = [];
      const days = [];
      for (const r of hours) {
        const o = r.opens.value.trim();
        const c = r.closes.value.trim();
        if (!o && !c) continue;
        sentDays.push(r);
        days.push({ day: r.day, opens: o, closes: c });
      }
      return {
        name: x.name.value.trim(), gstin: x.gstin.value.trim().toUpperCase() || null, state_code: x.state.value || null,
        timezone: x.tz.value.trim(), valuation: x.valuation.value, negative_stock: negative.value, business_hours: days,
      };
    }

    async function save() {
      await ctl.run(async () => {
        const r = await ctx.api('PUT', '/companies/' + cid + '/settings', { body: body(), ifMatch: version, idem: ctx.newKey(), quiet429: true });
        show(r.data);
        await ctx.reloadCompanies();
        ctx.toast('company.saved', { args: { name: r.data.name }, kind: 'ok' });
        x.name.focus();
      });
    }

    function staleNotice() {
      const btns = notice.show('warn', 'co-stale', [h('strong', { t: 'company.staleTitle' }), h('p', { t: 'company.staleText' })], [
        ['company.reload', 'Enter', () => { notice.close(); ctl.load(load).then(() => x.name.focus()); }, true],
        ['archive.cancel', 'Esc', () => { notice.close(); x.name.focus(); }],
      ]);
      btns[0].focus();
    }

    /* Alt+K, or Enter in the lock date: what will change, confirmed with Enter. */
    function askLock() {
      const typed = lock.input.value.trim();
      const iso = typed ? lock.iso() : null;
      if (typed && !iso) { ctl.mark(lock.input, { code: 'invalid', field: 'lock_date', details: {} }); lock.input.focus(); return; }
      if (document.activeElement !== lock.input && !typed) { lock.input.focus(); return; }
      const unlock = !iso;
      const btns = notice.show(unlock ? 'warn' : 'danger', 'lock-notice', [
        h('strong', unlock ? { t: 'company.unlockTitle' } : { t: 'company.lockTitle', targs: { date: fmt.formatDate(iso) } }),
        h('p', { t: unlock ? 'company.unlockText' : 'company.lockText' }),
      ], [
        [unlock ? 'company.unlock' : 'company.lock', 'Enter', () => setLock(iso), true],
        ['archive.cancel', 'Esc', () => { notice.close(); lock.input.focus(); }],
      ]);
      btns[0].focus();
    }

    async function setLock(iso) {
      notice.close();
      try {
        await ctx.api('PUT', '/companies/' + cid + '/books', { body: { lock_date: iso }, idem: ctx.newKey() });
        await load();
        ctx.toast(iso ? 'company.lockedToast' : 'company.unlockedToast', { args: { date: iso ? fmt.formatDate(iso) : '' }, kind: 'ok' });
        lock.input.focus();
      } catch (err) {
        if (!(err instanceof ctx.ApiError)) throw err;
        alertError(ctx, alert, err);
        lock.input.focus();
      }
    }

    ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ['Alt+K', 'company.lock'],
      ...(ctx.canCreate() ? [['Alt+F3', 'company.new']] : []), ...TAB_KEYS]);
    ctl.load(load).then(() => x.name.focus());

    return {
      onKey(e, k) {
        if (notice.onKey(e, k)) return;
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+K') { e.preventDefault(); askLock(); return; }
        if (k === 'Enter' && e.target === lock.input) { e.preventDefault(); askLock(); return; }
        if (ctl.onKey(e, k)) return;
        if (k === 'Enter' && order.includes(e.target)) {
          e.preventDefault();
          if (e.target === order[order.length - 1]) save();
          else walk(order, e.target, 1);
        }
      },
      destroy() { ctl.destroy(); },
    };
  },
};

/* ---------- a new company ---------- */

export const newCompanyScreen = {
  nav: null,
  render(ctx, root) {
    const { h, fmt } = ctx;
    const x = companyFields(ctx, 'nc');
    const fy = dateInput(ctx, { id: 'nc-fy' });
    const from = dateInput(ctx, { id: 'nc-from' });
    const year = fmt.financialYear(fmt.todayIso());
    fy.set(year.from);
    from.set(year.from);
    x.tz.value = 'Asia/Kolkata';
    derive(ctx, x);
    const alert = h('div', { class: 'form-alert', id: 'nc-alert', role: 'alert', hidden: true });
    const saveBtn = keyButton(ctx, 'nc-save', 'company.create', 'Ctrl+Enter', 'btn-primary', () => save());
    const backBtn = keyButton(ctx, 'nc-back', 'form.back', 'Esc', 'btn-ghost', () => leave());
    const card = h('div', { class: 'card company-form', id: 'nc-form' }, [
      h('div', { class: 'form-grid' }, [
        field(ctx, 'company.name', x.name, 6), field(ctx, 'company.gstin', x.gstin, 3, x.gstinHint), staticField(ctx, 'company.pan', x.pan, 3),
        field(ctx, 'company.state', x.state, 4), field(ctx, 'company.fyStart', fy.input, 2, h('div', { class: 'field-hint', t: 'company.fyStartHint' })),
        field(ctx, 'company.booksFrom', from.input, 2, h('div', { class: 'field-hint', t: 'company.booksFromHint' })),
        field(ctx, 'company.timezone', x.tz, 2), field(ctx, 'company.valuation', x.valuation, 2),
      ]),
      x.zones,
      h('div', { class: 'form-actions' }, [saveBtn, backBtn, h('span', { class: 'muted small', t: 'company.youAdmin' })]),
    ]);
    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'company.newTitle' })]), alert, card,
    ]));
    const order = [x.name, x.gstin, x.state, fy.input, from.input, x.tz, x.valuation];
    const byField = { name: x.name, gstin: x.gstin, state_code: x.state, fy_start: fy.input, books_from: from.input, timezone: x.tz, valuation: x.valuation };
    const ctl = formControl(ctx, {
      scope: card, alert, buttons: [saveBtn], busyEl: card, save: () => save(),
      place: (f) => (byField[f] ? { input: byField[f] } : null), first: () => x.name,
    });
    // The books begin with the year unless another day of it is typed.
    fy.input.addEventListener('change', () => { const d = fy.iso(); if (d && !from.input.dataset.typed) from.set(d); });
    from.input.addEventListener('input', () => { from.input.dataset.typed = '1'; });

    function leave() { ctx.back(ctx.state.cid ? '#/c/' + ctx.state.cid + '/parties' : '#/'); }

    async function save() {
      await ctl.run(async () => {
        const body = { name: x.name.value.trim(), valuation: x.valuation.value };
        const g = x.gstin.value.trim().toUpperCase();
        if (g) body.gstin = g;
        if (x.state.value) body.state_code = x.state.value;
        for (const [k, d] of [['fy_start', fy], ['books_from', from]]) {
          if (d.input.value.trim()) body[k] = d.iso() || d.input.value.trim();
        }
        if (x.tz.value.trim()) body.timezone = x.tz.value.trim();
        const r = await ctx.api('POST', '/companies', { body, idem: ctx.newKey(), quiet429: true });
        await ctx.reloadCompanies();
        ctx.toast('company.created', { args: { name: r.data.name }, kind: 'ok' });
        ctx.state.drill = [];
        ctx.go('#/c/' + r.data.id + '/admin/company');
      });
    }

    ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'company.create'], ['Esc', 'keys.back']]);
    x.name.focus();

    return {
      onKey(e, k) {
        if (ctl.onKey(e, k)) return;
        if (k === 'Escape') { e.preventDefault(); leave(); return; }
        if (k === 'Enter' && order.includes(e.target)) {
          e.preventDefault();
          if (e.target === order[order.length - 1]) save();
          else walk(order, e.target, 1);
        }
      },
      destroy() { ctl.destroy(); },
    };
  },
};

/* ---------- no company yet ---------- */

export const noCompanyScreen = {
  nav: null,
  render(ctx, root) {
    const { h } = ctx;
    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'company.none' })]),
      h('p', { class: 'card', id: 'no-company', t: 'company.noneText' }),
    ]));
    ctx.setKeys([]);
  },
};
