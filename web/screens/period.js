// The working date (F2) and the period of reports (Alt+F2), as Tally keeps them: a small dialog
// over any screen. F2 sets the date new vouchers start on; Alt+F2 the period every report opens
// with, a financial year picked with ↑↓ or any two dates. Each asks once more before it changes
// anything: Enter in a field says what will change and moves to the Change button, Enter there
// changes it, Esc leaves everything as it was. The books (their first day and lock) come from the
// server, only to warn; the server still decides what a voucher may be dated.
import { dateInput } from './ui.js';

/*
 * modal(ctx, {id, title, body, onKey}) -> {close(), onKey(e, k), el}: one dialog at a time over
 * the page, focus kept inside it; Esc closes it (opts.onClose then runs).
 */
export function modal(ctx, opts) {
  const { h } = ctx;
  const back = document.activeElement;
  const box = h('div', { class: 'modal', id: opts.id, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': opts.id + '-title' }, [
    h('h2', { class: 'modal-title', id: opts.id + '-title', t: opts.title }), ...opts.body]);
  const veil = h('div', { class: 'modal-veil' }, [box]);
  document.body.append(veil);
  const api = {
    el: box,
    open: true,
    close() {
      if (!api.open) return;
      api.open = false;
      veil.remove();
      if (opts.onClose) opts.onClose();
      if (back && back.isConnected) back.focus();
    },
    onKey(e, k) {
      if (k === 'Escape') { e.preventDefault(); api.close(); return; }
      // Tab stays inside the dialog.
      if (k === 'Tab' || k === 'Shift+Tab') {
        const f = [...box.querySelectorAll('input, select, button, [tabindex="0"]')].filter((x) => !x.disabled && !x.hidden);
        const i = f.indexOf(document.activeElement);
        if (i < 0 || (k === 'Tab' && i === f.length - 1) || (k === 'Shift+Tab' && i === 0)) {
          e.preventDefault();
          f[k === 'Tab' ? 0 : f.length - 1].focus();
        }
        return;
      }
      if (opts.onKey) opts.onKey(e, k);
    },
  };
  return api;
}

/* The financial years from the books' first to the one after today's, newest first. */
function yearsOf(fmt, booksFrom) {
  const last = Number(fmt.financialYear(fmt.todayIso()).from.slice(0, 4));
  let first = Number(fmt.financialYear(booksFrom || fmt.todayIso()).from.slice(0, 4));
  if (!(first <= last) || last - first > 30) first = last - 1;
  const out = [];
  for (let y = last; y >= first; y--) out.push({ from: y + '-04-01', to: (y + 1) + '-03-31', label: y + '-' + String(y + 1).slice(2) });
  return out;
}

/* GET /books of the company, or null when it cannot be read (the dialogs only warn from it). */
async function books(ctx, cid) {
  try { return (await ctx.api('GET', '/companies/' + cid + '/books')).data; } catch (_) { return null; }
}

/* The confirm part every dialog ends with: a line saying what will change and two buttons. */
function confirmPart(ctx, id, onChange, onCancel) {
  const { h } = ctx;
  const say = h('p', { class: 'modal-say', id: id + '-say', 'aria-live': 'polite' });
  const warn = h('p', { class: 'modal-warn', id: id + '-warn', hidden: true });
  const change = h('button', { type: 'button', class: 'btn btn-primary', id: id + '-change', disabled: true, on: { click: () => onChange() } }, [
    h('span', { t: 'period.change' }), h('kbd', { class: 'btn-key', text: 'Enter' })]);
  const cancel = h('button', { type: 'button', class: 'btn', id: id + '-cancel', on: { click: () => onCancel() } }, [
    h('span', { t: 'archive.cancel' }), h('kbd', { class: 'btn-key', text: 'Esc' })]);
  return { say, warn, change, cancel, nodes: [say, warn, h('div', { class: 'modal-actions' }, [change, cancel])] };
}

/*
 * periodDialog(ctx, cid, current, onSet): Alt+F2. current = {from, to}; onSet({from, to}) once
 * confirmed.
 */
export function periodDialog(ctx, cid, current, onSet) {
  const { h, fmt } = ctx;
  let years = yearsOf(fmt, null);
  let active = 0;
  let want = null;
  const list = h('ul', { class: 'fy-list', id: 'period-years', role: 'listbox', tabIndex: 0, tattr: { 'aria-label': 'period.years' } });
  const from = dateInput(ctx, { id: 'period-from', tattr: { 'aria-label': 'report.from' } });
  const to = dateInput(ctx, { id: 'period-to', tattr: { 'aria-label': 'report.to' } });
  from.set(current.from);
  to.set(current.to);
  const msg = h('div', { class: 'field-msg', id: 'period-msg', role: 'alert', hidden: true });
  const c = confirmPart(ctx, 'period', () => apply(), () => dlg.close());

  function renderYears() {
    list.replaceChildren(...years.map((y, i) => h('li', {
      id: 'period-fy-' + y.from.slice(0, 4), role: 'option', class: 'fy-item' + (i === active ? ' is-active' : ''),
      'aria-selected': i === active ? 'true' : 'false', on: { click: () => { active = i; renderYears(); pickYear(); } },
    }, [h('span', { class: 'fy-label', t: 'period.fy', targs: { year: y.label } }),
      h('span', { class: 'fy-dates muted', text: fmt.formatDate(y.from) + ' – ' + fmt.formatDate(y.to) })])));
    const el = document.getElementById('period-fy-' + (years[active] || {}).from?.slice(0, 4));
    if (el) { list.setAttribute('aria-activedescendant', el.id); el.scrollIntoView({ block: 'nearest' }); }
  }

  /* What Change would do: said, and the button ready (focused), or the fault said in the field. */
  function propose(p) {
    msg.hidden = true;
    if (!p.from || !p.to) { ctx.setT(msg, 'period.badDates'); msg.hidden = false; (p.from ? to : from).input.focus(); return; }
    if (p.from > p.to) { ctx.setT(msg, 'period.order'); msg.hidden = false; to.input.focus(); return; }
    want = p;
    const y = years.find((x) => x.from === p.from && x.to === p.to);
    ctx.setT(c.say, y ? 'period.sayFy' : 'period.say', { year: y ? y.label : '', from: fmt.formatDate(p.from), to: fmt.formatDate(p.to) });
    c.change.disabled = false;
    c.change.focus();
  }

  function pickYear() {
    const y = years[active];
    if (!y) return;
    from.set(y.from);
    to.set(y.to);
    propose({ from: y.from, to: y.to });
  }

  function apply() {
    if (!want) return;
    dlg.close();
    onSet(want);
  }

  const dlg = modal(ctx, {
    id: 'period-dialog', title: 'period.title',
    body: [
      h('p', { class: 'modal-hint', t: 'period.hint' }),
      list,
      h('div', { class: 'modal-dates' }, [
        h('label', { class: 'field' }, [h('span', { t: 'report.from' }), from.input]),
        h('label', { class: 'field' }, [h('span', { t: 'report.to' }), to.input]),
      ]),
      msg, ...c.nodes,
    ],
    onKey(e, k) {
      const el = e.target;
      if (el === list && (k === 'ArrowDown' || k === 'ArrowUp')) {
        e.preventDefault();
        active = Math.max(0, Math.min(years.length - 1, active + (k === 'ArrowDown' ? 1 : -1)));
        renderYears();
        return;
      }
      if (k !== 'Enter') return;
      if (el === list) { e.preventDefault(); pickYear(); return; }
      if (el === from.input) { e.preventDefault(); to.input.focus(); to.input.select(); return; }
      if (el === to.input) { e.preventDefault(); propose({ from: from.iso(), to: to.iso() }); }
    },
  });
  for (const d of [from, to]) d.input.addEventListener('input', () => { want = null; c.change.disabled = true; c.say.textContent = ''; });
  active = Math.max(0, years.findIndex((y) => y.from === current.from && y.to === current.to));
  renderYears();
  list.focus();
  books(ctx, cid).then((b) => {
    if (!b || !dlg.open) return;
    const keep = years[active];
    years = yearsOf(fmt, b.books_from);
    const i = keep ? years.findIndex((y) => y.from === keep.from) : -1;
    active = i >= 0 ? i : 0;
    renderYears();
  });
  return dlg;
}

/*
 * dateDialog(ctx, cid, current, period, onSet): F2. current: the working date (ISO); onSet(iso)
 * once confirmed. Warns when the date is in a locked period, before the books or outside the
 * period of reports.
 */
export function dateDialog(ctx, cid, current, period, onSet) {
  const { h, fmt } = ctx;
  let want = null;
  let bk = null;
  const date = dateInput(ctx, { id: 'workdate-input', tattr: { 'aria-label': 'period.date' } });
  date.set(current);
  date.base = current;
  const msg = h('div', { class: 'field-msg', id: 'workdate-msg', role: 'alert', hidden: true });
  const c = confirmPart(ctx, 'workdate', () => apply(), () => dlg.close());

  function propose() {
    const iso = date.iso();
    msg.hidden = true;
    c.warn.hidden = true;
    if (!iso) { ctx.setT(msg, 'period.badDate'); msg.hidden = false; date.input.focus(); return; }
    want = iso;
    date.set(iso);
    ctx.setT(c.say, 'period.sayDate', { date: fmt.formatDate(iso) });
    let warn = null;
    if (bk && bk.lock_date && iso <= bk.lock_date) warn = ['period.warnLocked', { lock_date: fmt.formatDate(bk.lock_date) }];
    else if (bk && bk.books_from && iso < bk.books_from) warn = ['period.warnBefore', { books_from: fmt.formatDate(bk.books_from) }];
    else if (period && (iso < period.from || iso > period.to)) warn = ['period.warnOutside', { from: fmt.formatDate(period.from), to: fmt.formatDate(period.to) }];
    if (warn) { ctx.setT(c.warn, warn[0], warn[1]); c.warn.hidden = false; }
    c.change.disabled = false;
    c.change.focus();
  }

  function apply() {
    if (!want) return;
    dlg.close();
    onSet(want);
  }

  const dlg = modal(ctx, {
    id: 'workdate-dialog', title: 'period.dateTitle',
    body: [h('p', { class: 'modal-hint', t: 'period.dateHint' }),
      h('label', { class: 'field' }, [h('span', { t: 'period.date' }), date.input]), msg, ...c.nodes],
    onKey(e, k) {
      if (k === 'Enter' && e.target === date.input) { e.preventDefault(); propose(); }
    },
  });
  date.input.addEventListener('input', () => { want = null; c.change.disabled = true; c.say.textContent = ''; c.warn.hidden = true; });
  date.input.focus();
  date.input.select();
  books(ctx, cid).then((b) => { bk = b; });
  return dlg;
}
