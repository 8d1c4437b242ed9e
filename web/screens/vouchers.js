// Voucher list, Day Book style: newest first, filtered by type, dates and party, paged with the
// server's cursor. ↑↓ move, Enter opens the voucher, F4..F9 start a new one.
import { VOUCHER_TYPES, dateInput, picker, rowCursor, keyButton, moneyCell, typing } from './ui.js';

const PAGE = 50;

export default {
  nav: 'accounts',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const key = 'vouchers:' + cid;
    const ls = ctx.state.listState[key] || (ctx.state.listState[key] = { type: '', from: '', to: '', party: null, loaded: 0 });
    const kept = ctx.takeView();
    let items = [];
    let next = null;
    let seq = 0;

    const typeSel = h('select', { id: 'vl-type', tattr: { 'aria-label': 'vlist.type' } }, [
      h('option', { value: '', t: 'vlist.allTypes' }),
      ...VOUCHER_TYPES.map(([ty]) => h('option', { value: ty, t: 'vtype.' + ty })),
    ]);
    typeSel.value = ls.type;
    const from = dateInput(ctx, { id: 'vl-from', tattr: { 'aria-label': 'report.from' } });
    const to = dateInput(ctx, { id: 'vl-to', tattr: { 'aria-label': 'report.to' } });
    from.set(ls.from);
    to.set(ls.to);
    const party = picker(ctx, {
      id: 'vl-party',
      search: async (q) => (await ctx.api('GET', '/companies/' + cid + '/parties?limit=8&q=' + encodeURIComponent(q))).data.items || [],
      label: (p) => p.name || '',
      option: (p) => [h('span', { class: 'opt-main', text: p.name || '' }), h('span', { class: 'opt-meta' }, [p.kind ? h('span', { t: 'kind.' + p.kind }) : ''])],
      onPick: (p) => { ls.party = { id: p.id, name: p.name }; reload(); },
      onClear: () => { if (ls.party) { ls.party = null; reload(); } },
      props: { tattr: { placeholder: 'vlist.partyFilter', 'aria-label': 'vlist.party' } },
    });
    if (ls.party) party.set(ls.party);
    const count = h('span', { class: 'count', id: 'vl-count' });
    const tbody = h('tbody');
    const table = h('table', { id: 'vouchers-table', class: 'grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'vlist.title' } }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { class: 'col-date', t: 'voucher.date' }),
        h('th', { class: 'col-type', t: 'vlist.type' }),
        h('th', { class: 'col-number', t: 'vlist.number' }),
        h('th', { t: 'voucher.party' }),
        h('th', { t: 'voucher.narration' }),
        h('th', { class: 'num col-money', t: 'voucher.total' }),
        h('th', { class: 'col-status', t: 'vlist.status' }),
      ])]),
      tbody,
    ]);
    const more = keyButton(ctx, 'vl-more', 'list.loadMore', 'Alt+M', '', () => load(true));
    more.hidden = true;
    const cursor = rowCursor(table, { onOpen: (i) => open(i) });

    root.replaceChildren(h('section', { class: 'screen screen-list screen-report' }, [
      h('div', { class: 'screen-head' }, [
        h('h1', { t: 'vlist.title' }), count, h('div', { class: 'spacer' }),
        keyButton(ctx, 'vl-reports', 'nav.reports', 'Alt+G', 'btn-ghost', () => ctx.go('#/c/' + cid + '/reports')),
        keyButton(ctx, 'vl-new', 'vlist.new', 'F8', 'btn-primary', () => ctx.go('#/c/' + cid + '/accounts/new/sales')),
      ]),
      h('div', { class: 'new-bar', id: 'vl-new-bar' }, VOUCHER_TYPES.map(([ty, combo]) => h('a', {
        class: 'type-chip', href: '#/c/' + cid + '/accounts/new/' + ty, tabIndex: -1,
      }, [h('kbd', { text: combo }), h('span', { t: 'vtype.' + ty })]))),
      h('div', { class: 'toolbar' }, [
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'vlist.type' }), typeSel, h('kbd', { class: 'tool-key', text: 'Alt+K' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.from' }), from.input, h('kbd', { class: 'tool-key', text: 'F2' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.to' }), to.input]),
        h('div', { class: 'tool search-box' }, [party.wrap, h('kbd', { class: 'search-key', text: '/' })]),
      ]),
      h('div', { class: 'grid-wrap report-tables', id: 'vl-scroll' }, [table]),
      h('div', { class: 'list-foot' }, [more]),
    ]));

    function query(append) {
      const p = new URLSearchParams();
      if (ls.type) p.set('type', ls.type);
      if (ls.from) p.set('from', ls.from);
      if (ls.to) p.set('to', ls.to);
      if (ls.party) p.set('party_id', String(ls.party.id));
      p.set('limit', String(append ? PAGE : Math.max(PAGE, Math.min(500, ls.loaded || PAGE))));
      if (append && next) p.set('after', next);
      return '/companies/' + cid + '/vouchers?' + p.toString();
    }

    async function load(append) {
      if (append && !next) return;
      const my = ++seq;
      table.setAttribute('aria-busy', 'true');
      try {
        const res = await ctx.api('GET', query(append));
        if (my !== seq) return;
        const got = res.data.items || [];
        items = append ? items.concat(got) : got;
        next = res.data.next != null && res.data.next !== '' ? String(res.data.next) : null;
        if (!append) ls.loaded = items.length; else ls.loaded = items.length;
        render();
      } catch (err) {
        if (my === seq && err.status !== 401 && err.status !== 429) ctx.toast(err.serverMessage || 'toast.loadFailed', { raw: !!err.serverMessage, kind: 'error' });
      } finally {
        if (my === seq) table.removeAttribute('aria-busy');
      }
    }

    function reload() { ls.loaded = 0; cursor.reset(); load(false); }

    function render() {
      const keep = cursor.active;
      if (!items.length) {
        tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: 7, t: 'vlist.empty' })]));
      } else {
        tbody.replaceChildren(...items.map((v, i) => h('tr', {
          id: 'vrow-' + v.id, role: 'row', dataset: { row: String(i), id: String(v.id) },
          class: v.status === 'cancelled' ? 'is-cancelled' : '',
        }, [
          h('td', { class: 'col-date mono', text: fmt.formatDate(v.date) }),
          h('td', { class: 'col-type' }, [h('span', { class: 'vtype vtype-' + v.type, t: 'vtype.' + v.type })]),
          h('td', { class: 'col-number mono', text: v.number || '' }),
          h('td', { class: 'col-party', text: v.party_name || '' }),
          h('td', { class: 'col-narr muted', text: v.narration || '' }),
          moneyCell(ctx, v.total, 'col-money'),
          h('td', { class: 'col-status' }, [v.status === 'cancelled' ? h('span', { class: 'badge badge-muted', t: 'vstatus.cancelled' }) : '']),
        ])));
      }
      ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
      more.hidden = !next;
      if (keep >= 0 && items.length) cursor.set(Math.min(keep, items.length - 1), true);
    }

    function open(i) {
      const v = items[i];
      if (v) ctx.drill('#/c/' + cid + '/accounts/v/' + v.id, { active: i, scroll: document.getElementById('vl-scroll').scrollTop });
    }

    function applyDates() {
      const f = from.input.value.trim() ? from.iso() : '';
      const tt = to.input.value.trim() ? to.iso() : '';
      if (f === null || tt === null) { ctx.toast('report.badDate', { kind: 'error' }); return false; }
      if (f !== ls.from || tt !== ls.to) { ls.from = f; ls.to = tt; reload(); }
      return true;
    }

    typeSel.addEventListener('change', () => { ls.type = typeSel.value; reload(); });
    from.input.addEventListener('change', applyDates);
    to.input.addEventListener('change', applyDates);

    ctx.setKeys([
      ['↑↓', 'keys.move'], ['Enter', 'keys.open'], ['F4…F9', 'vlist.newKeys'], ['Ctrl+F8/F9', 'vlist.noteKeys'],
      ['Alt+K', 'keys.kind'], ['F2', 'keys.period'], ['/', 'keys.party'], ['Alt+M', 'keys.more'],
    ]);

    (async () => {
      await load(false);
      if (kept && items.length) {
        cursor.set(Math.min(kept.active, items.length - 1), true);
        document.getElementById('vl-scroll').scrollTop = kept.scroll || 0;
        table.focus();
      } else if (items.length) {
        table.focus();
        cursor.set(0, true);
      }
    })();

    return {
      onKey(e, k) {
        const el = e.target;
        if (el === party.input && party.onKey(e, k)) return;
        if (k === 'Enter' && el === party.input) { e.preventDefault(); party.enter().then(() => table.focus()); return; }
        if (k === 'Enter' && (el === from.input || el === to.input)) { e.preventDefault(); if (applyDates()) (el === from.input ? to.input : table).focus(); return; }
        if (cursor.onKey(e, k)) {
          if (k === 'ArrowDown' && cursor.active === items.length - 1 && next) load(true);
          return;
        }
        switch (k) {
          case 'ArrowDown': if (el !== party.input) { e.preventDefault(); table.focus(); } return;
          case '/': if (!typing(el)) { e.preventDefault(); party.input.focus(); } return;
          case 'F2': e.preventDefault(); from.input.focus(); from.input.select(); return;
          case 'Alt+K': {
            e.preventDefault();
            const opts = ['', ...VOUCHER_TYPES.map(([ty]) => ty)];
            typeSel.value = opts[(opts.indexOf(typeSel.value) + 1) % opts.length];
            ls.type = typeSel.value;
            reload();
            return;
          }
          case 'Alt+M': e.preventDefault(); load(true); return;
          case 'Alt+N': e.preventDefault(); ctx.go('#/c/' + cid + '/accounts/new/sales'); return;
          case 'Escape': if (el !== table) { e.preventDefault(); table.focus(); } return;
          default:
        }
      },
      destroy() { seq++; },
    };
  },
};
