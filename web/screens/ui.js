// Shared pieces for the accounts, reports and inventory screens: a type-ahead picker backed by the
// API, date inputs (DD-MM-YYYY on screen, ISO to the server), notices and a keyboard row cursor for
// tables (errors and forms are form.js). Everything is built with ctx.h (text only, never HTML).
import { markInput, clearMark } from './form.js';

export const STATES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14',
  '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30',
  '31', '32', '33', '34', '35', '36', '37', '38', '97'];

const TEXTY = new Set(['text', 'search', 'password', 'email', 'tel', 'number', 'url']);
export const typing = (el) => !!el && ((el.tagName === 'INPUT' && TEXTY.has(el.type)) || el.tagName === 'TEXTAREA' || el.isContentEditable);

/*
 * notices(ctx, area) -> {open(kind, id, bodyNodes, [[labelKey, combo, fn, primary]]), close(), onKey(e, k)}
 * One notice at a time, with buttons that also answer to their key.
 */
export function notices(ctx, area) {
  const { h } = ctx;
  let cur = null;
  return {
    get open() { return !!cur; },
    show(kind, id, body, actions) {
      const keys = {};
      const btns = actions.map(([label, combo, fn, primary]) => {
        keys[combo === 'Esc' ? 'Escape' : combo] = fn;
        return h('button', { type: 'button', class: 'btn ' + (primary ? 'btn-primary' : ''), on: { click: fn } }, [
          h('span', { t: label }), h('kbd', { class: 'btn-key', text: combo })]);
      });
      area.replaceChildren(h('div', { class: 'notice notice-' + kind, id, role: 'alert' }, [
        h('div', { class: 'notice-body' }, body),
        h('div', { class: 'notice-actions' }, btns),
      ]));
      cur = { keys };
      return btns;
    },
    close() { cur = null; area.replaceChildren(); },
    onKey(e, k) {
      if (!cur || !cur.keys[k]) return false;
      if (k === 'Enter' && e.target.tagName === 'BUTTON') return true; // the button clicks itself
      e.preventDefault();
      cur.keys[k]();
      return true;
    },
  };
}

/*
 * A DD-MM-YYYY text input; iso() reads it (null when not a date), set(iso) fills it. Text that is
 * no date (31-02-2026, 2026-13-01, "abc") is refused in the field as it is left, in the words the
 * server uses for it (errors.not_date); check() does the same now and says whether the field is
 * a date or empty.
 */
export function dateInput(ctx, props = {}) {
  const { h, fmt } = ctx;
  const input = h('input', {
    type: 'text', class: 'date-input mono', autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric',
    maxLength: 10, placeholder: 'DD-MM-YYYY', ...props,
  });
  const api = {
    input,
    base: null,
    iso() { return fmt.parseDateInput(input.value, api.base || fmt.todayIso()); },
    set(iso) { input.value = iso ? fmt.formatDate(iso) : ''; if (input.dataset.notDate) unmark(); },
    check() {
      const bad = input.value.trim() !== '' && !api.iso();
      if (bad) {
        markInput(ctx, input, { code: 'invalid', reason: 'not_date', details: {} });
        input.dataset.notDate = '1';
      } else if (input.dataset.notDate) {
        unmark();
      }
      return !bad;
    },
  };
  function unmark() { delete input.dataset.notDate; clearMark(input); }
  input.addEventListener('blur', () => {
    const iso = api.iso();
    if (iso) input.value = fmt.formatDate(iso);
    api.check();
  });
  input.addEventListener('input', () => { if (input.dataset.notDate) unmark(); });
  return api;
}

/* Money typed by people: regrouped the Indian way when the field is left; odd text stays as typed. */
export function moneyInput(ctx, props = {}) {
  const { h, fmt } = ctx;
  const input = h('input', { type: 'text', class: 'num money-input', autocomplete: 'off', spellcheck: 'false', inputmode: 'decimal', ...props });
  input.addEventListener('blur', () => {
    const s = fmt.normaliseMoneyInput(input.value);
    if (/^\d+(\.\d{0,2})?$/.test(s)) input.value = fmt.formatMoney(s);
  });
  return input;
}

/* The decimal string to send for a typed amount ('' stays ''). */
export function wireMoney(ctx, text) {
  return ctx.fmt.normaliseMoneyInput(String(text || '').trim());
}

/*
 * picker(ctx, {id, search(q) -> Promise<items>, label(item), option(item) -> nodes, free})
 * A text input with a list of server matches under it: type part of a name, ↑↓ to choose, Enter to
 * take it. `free` keeps typed text that matches nothing (a description); otherwise Enter takes the
 * first match. pickFirst(q, items) -> false leaves the list without a highlight, so Enter keeps the
 * typed text unless ↑↓ chose a match (a new batch number beside the old ones). enter() resolves
 * true when the field is done (a pick, or free text), so the caller can move on.
 */
export function picker(ctx, opts) {
  const { h } = ctx;
  const listId = opts.id + '-list';
  const input = h('input', {
    id: opts.id, type: 'text', class: 'picker-input ' + (opts.inputClass || ''), autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    ...(opts.props || {}),
  });
  const list = h('ul', { id: listId, class: 'picker-list', role: 'listbox', hidden: true });
  const wrap = h('div', { class: 'picker' }, [input, list]);
  let items = [];
  let active = -1;
  let picked = null;
  let timer = null;
  let seq = 0;
  let pending = null;     // the promise of the search in flight
  let lastQ = null;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function render() {
    if (!items.length) {
      list.replaceChildren(h('li', { class: 'picker-empty', t: opts.emptyKey || 'pick.none' }));
    } else {
      list.replaceChildren(...items.map((it, i) => h('li', {
        id: listId + '-' + i, role: 'option', class: 'picker-option' + (i === active ? ' is-active' : ''),
        'aria-selected': i === active ? 'true' : 'false',
        on: { mousedown: (e) => { e.preventDefault(); choose(i); if (opts.onMouse) opts.onMouse(); } },
      }, opts.option(it))));
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', listId + '-' + active);
  }

  function setActive(i) {
    if (!items.length) return;
    active = (i + items.length) % items.length;
    render();
    const el = document.getElementById(listId + '-' + active);
    if (el) el.scrollIntoView({ block: 'nearest' });
  }

  async function search(q) {
    const my = ++seq;
    lastQ = q;
    const p = (async () => {
      try {
        const got = await opts.search(q);
        if (my !== seq) return;
        items = got || [];
        active = items.length && (!opts.pickFirst || opts.pickFirst(q, items)) ? 0 : -1;
        if (document.activeElement === input) render();
      } catch (err) {
        if (my === seq) { items = []; active = -1; }
      }
    })();
    pending = p;
    await p;
    if (pending === p) pending = null;
  }

  function choose(i) {
    const it = items[i];
    if (!it) return false;
    picked = it;
    input.value = opts.label(it);
    lastQ = input.value;
    close();
    if (opts.onPick) opts.onPick(it);
    return true;
  }

  input.addEventListener('input', () => {
    if (picked && input.value !== opts.label(picked)) {
      picked = null;
      if (opts.onClear) opts.onClear();
    }
    clearTimeout(timer);
    const q = input.value.trim();
    timer = setTimeout(() => { timer = null; search(q); }, 150);
  });
  input.addEventListener('focus', () => {
    input.select();
    if (!picked && opts.openOnFocus) { clearTimeout(timer); search(input.value.trim()); }
  });
  input.addEventListener('blur', () => { setTimeout(close, 100); });

  const api = {
    input,
    wrap,
    get value() { return picked; },
    get isOpen() { return !list.hidden; },
    set(it) { picked = it; input.value = it ? opts.label(it) : ''; lastQ = input.value; close(); },
    clear() { picked = null; input.value = ''; items = []; close(); },
    /* ↑↓ and Esc on the open list; true when the key was used. */
    onKey(e, k) {
      if (k === 'ArrowDown' || k === 'ArrowUp') {
        e.preventDefault();
        if (list.hidden) { clearTimeout(timer); search(input.value.trim()).then(() => render()); return true; }
        setActive(active + (k === 'ArrowDown' ? 1 : -1));
        return true;
      }
      if (k === 'Escape' && !list.hidden) { e.preventDefault(); close(); return true; }
      return false;
    },
    /* Enter: waits for a search still to come, then takes the highlighted match. */
    async enter() {
      api.carry = '';
      const typed = input.value;
      const q = typed.trim();
      if (picked && input.value === opts.label(picked)) { close(); return true; }
      if (q === '') { close(); return opts.allowEmpty !== false; }
      if (timer || lastQ !== q) { clearTimeout(timer); timer = null; await search(q); } else if (pending) await pending;
      // Keys typed while the server was answering belong to the next field: hand them over.
      if (input.value !== typed && input.value.startsWith(typed)) {
        api.carry = input.value.slice(typed.length);
        input.value = typed;
      }
      if (items.length && active >= 0) return choose(active);
      close();
      return !!opts.free;
    },
    carry: '',
  };
  return api;
}

/* Puts keys typed ahead (picker.carry) into the field that now has the focus. */
export function carryOver(pk) {
  const el = document.activeElement;
  if (!pk.carry || !el || el.tagName !== 'INPUT' || el === pk.input) return;
  el.value = pk.carry;
  pk.carry = '';
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/*
 * rowCursor(table, tbody, {onOpen(i), rows() -> tr[]}) — ↑↓ PageUp/PageDown Home End move a
 * highlighted row of a table that has focus, Enter opens it.
 */
export function rowCursor(table, opts = {}) {
  let active = -1;
  const rows = () => (opts.rows ? opts.rows() : [...table.querySelectorAll('tbody tr[data-row]')]);
  function set(i, quiet) {
    const rs = rows();
    if (!rs.length) { active = -1; return; }
    i = Math.max(0, Math.min(rs.length - 1, i));
    if (active >= 0 && rs[active]) { rs[active].classList.remove('is-active'); rs[active].setAttribute('aria-selected', 'false'); }
    const r = rs[i];
    active = i;
    r.classList.add('is-active');
    r.setAttribute('aria-selected', 'true');
    if (r.id) table.setAttribute('aria-activedescendant', r.id);
    if (!quiet) r.scrollIntoView({ block: 'nearest' });
    if (opts.onMove) opts.onMove(i);
  }
  table.addEventListener('focus', () => { if (active < 0 && rows().length) set(0, true); });
  table.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-row]');
    if (!tr) return;
    const i = rows().indexOf(tr);
    if (i >= 0) { set(i); if (opts.onOpen) opts.onOpen(i); }
  });
  return {
    get active() { return active; },
    set,
    reset() { active = -1; },
    onKey(e, k) {
      const inside = e.target === table || table.contains(e.target);
      if (!inside) return false;
      const n = rows().length;
      const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
      if (k in moves) { e.preventDefault(); set(active < 0 ? 0 : active + moves[k]); return true; }
      if (k === 'Home') { e.preventDefault(); set(0); return true; }
      if (k === 'End') { e.preventDefault(); set(n - 1); return true; }
      if (k === 'Enter' && active >= 0 && opts.onOpen) { e.preventDefault(); opts.onOpen(active); return true; }
      return false;
    },
  };
}

/* An item in a list of choices: its name in the page's language first (the Hindi name in Hindi),
 * the other one beside it. */
export function itemOption(ctx, it) {
  const { h } = ctx;
  const main = ctx.itemName(it);
  const other = main === it.name ? it.name_hi : it.name;
  return [h('span', { class: 'opt-main' }, [main, other ? h('span', { class: 'opt-hi', lang: main === it.name ? 'hi' : undefined, text: other }) : ''])];
}

/* The label of a voucher type, e.g. "Sales". */
export function typeLabel(ctx, type) { return ctx.t('vtype.' + type); }

/* A button with a key hint. */
export function keyButton(ctx, id, label, combo, cls, onClick) {
  return ctx.h('button', { type: 'button', class: 'btn ' + (cls || ''), id, on: onClick ? { click: onClick } : undefined }, [
    ctx.h('span', { t: label }), combo ? ctx.h('kbd', { class: 'btn-key', text: combo }) : null]);
}

/* Tabs for a module's screens: [[hash, labelKey, combo]]; Alt+1.. jump between them. */
export function tabs(ctx, items, activeHash) {
  const { h } = ctx;
  return h('nav', { class: 'tabs', tattr: { 'aria-label': 'nav.sections' } }, items.map(([hash, label, combo]) => h('a', {
    class: 'tab' + (hash === activeHash ? ' is-current' : ''), href: hash, 'aria-current': hash === activeHash ? 'page' : undefined,
  }, [h('span', { t: label }), combo ? h('kbd', { class: 'tab-key', text: combo }) : null])));
}

/* Amount cell: Indian grouping, zero amounts faint, blank stays blank. */
export function moneyCell(ctx, v, extra) {
  const { h, fmt } = ctx;
  const zero = fmt.isZeroAmount(v);
  return h('td', { class: 'num money' + (zero ? ' is-zero' : '') + (extra ? ' ' + extra : ''), text: v === null || v === undefined ? '' : fmt.formatMoney(v) });
}
