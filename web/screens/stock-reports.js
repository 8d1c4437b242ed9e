// Inventory reports: stock summary (by item, group or godown, at a date), the item movement
// register, reorder list, stock ageing and batches. A summary row drills to the item's movement
// register, a movement drills to the voucher behind it; Esc climbs back to the row left.
import { dateInput, picker, rowCursor, moneyCell, tabs, typing } from './ui.js';
import { alertError } from './form.js';
import { fetchPage, fetchAll } from './paging.js';
import { invTabKey, INV_TAB_KEYS } from './inventory.js';

const NAMES = ['stock-summary', 'stock-movement', 'reorder', 'stock-ageing', 'batches'];

function invTabs(ctx, cid) {
  const b = '#/c/' + cid + '/inventory';
  return tabs(ctx, [
    [b, 'inv.items', 'Alt+1'], [b + '/godowns', 'inv.godowns', 'Alt+2'], [b + '/stock-journal', 'inv.stockJournal', 'Alt+3'],
    [b + '/verification', 'inv.verification', 'Alt+4'], [b + '/reports', 'inv.reports', 'Alt+5'],
  ], b + '/reports');
}

export const stockReportsMenuScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const tbody = h('tbody', {}, NAMES.map((n, i) => h('tr', { id: 'smenu-' + i, role: 'row', dataset: { row: String(i), name: n } }, [
      h('td', { class: 'menu-label' }, [h('a', { href: '#/c/' + cid + '/inventory/reports/' + n, tabIndex: -1, t: 'srep.' + n })]),
      h('td', { class: 'menu-hint muted', t: 'sreph.' + n }),
    ])));
    const table = h('table', { id: 'stock-reports-menu', class: 'grid menu-grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'inv.reports' } }, [tbody]);
    const kept = ctx.takeView();
    const cursor = rowCursor(table, { onOpen: (i) => ctx.drill('#/c/' + cid + '/inventory/reports/' + NAMES[i], { active: i }) });
    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'inv.reports' })]),
      invTabs(ctx, cid),
      h('div', { class: 'grid-wrap menu-wrap' }, [table]),
    ]));
    table.focus();
    cursor.set(kept ? kept.active : 0, true);
    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'keys.open'], ...INV_TAB_KEYS]);
    return { onKey(e, k) { if (invTabKey(ctx, cid, e, k)) return; cursor.onKey(e, k); } };
  },
};

export const stockReportScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const name = params.name;
    const q = params.query;
    const kept = ctx.takeView();
    const base = '#/c/' + cid + '/inventory/reports/' + name;
    const fy = fmt.financialYear(fmt.todayIso());
    const st = {
      date: q.get('date') || fmt.todayIso(), by: q.get('by') || 'item', godown_id: q.get('godown_id') || '',
      item_id: q.get('item_id') || '', from: q.get('from') || '', to: q.get('to') || '',
    };
    let rows = [];       // [{tr, target}]
    let seq = 0;
    let godowns = [];

    const title = h('h1', { id: 'sr-title', t: 'srep.' + name });
    const sub = h('span', { class: 'head-sub', id: 'sr-sub' });
    const alert = h('div', { class: 'form-alert', id: 'sr-alert', role: 'alert', hidden: true });
    const summary = h('div', { class: 'summary', id: 'sr-summary' });
    const box = h('div', { class: 'report-tables', id: 'sr-body', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'srep.' + name } });
    const tools = [];
    const dateIn = dateInput(ctx, { id: 'sr-date', tattr: { 'aria-label': 'sr.date' } });
    const fromIn = dateInput(ctx, { id: 'sr-from', tattr: { 'aria-label': 'report.from' } });
    const toIn = dateInput(ctx, { id: 'sr-to', tattr: { 'aria-label': 'report.to' } });
    const bySel = h('select', { id: 'sr-by' }, ['item', 'group', 'godown'].map((x) => h('option', { value: x, t: 'sr.by.' + x })));
    const godownSel = h('select', { id: 'sr-godown' });
    let item = null;
    if (name === 'stock-summary' || name === 'stock-ageing') {
      dateIn.set(st.date || fmt.todayIso());
      tools.push(h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'sr.date' }), dateIn.input, h('kbd', { class: 'tool-key', text: 'F2' })]));
    }
    if (name === 'stock-summary') {
      bySel.value = st.by;
      tools.push(h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'sr.by' }), bySel, h('kbd', { class: 'tool-key', text: 'Alt+K' })]));
      tools.push(h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'voucher.godown' }), godownSel]));
    }
    if (name === 'stock-movement') {
      item = picker(ctx, {
        id: 'sr-item',
        search: async (s) => (await fetchPage(ctx, '/companies/' + cid + '/items', { q: s }, { limit: 8 })).items,
        label: (it) => it.name || '',
        option: (it) => [h('span', { class: 'opt-main', text: it.name || '' }), h('span', { class: 'opt-meta' }, [h('span', { class: 'mono', text: it.sku || '' }), ' · ', fmt.formatQty(it.in_stock, it.unit)])],
        onPick: (it) => { st.item_id = String(it.id); apply(); },
        props: { tattr: { placeholder: 'voucher.itemPlaceholder', 'aria-label': 'voucher.item' } },
      });
      fromIn.set(st.from || fy.from);
      toIn.set(st.to || fy.to);
      tools.push(h('div', { class: 'tool search-box' }, [item.wrap]));
      tools.push(h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.from' }), fromIn.input, h('kbd', { class: 'tool-key', text: 'F2' })]));
      tools.push(h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.to' }), toIn.input]));
    }

    root.replaceChildren(h('section', { class: 'screen screen-report' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: '#/c/' + cid + '/inventory/reports', t: 'inv.reports' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }), title, sub,
      ]),
      invTabs(ctx, cid),
      tools.length ? h('div', { class: 'toolbar' }, tools) : null,
      alert, summary, box,
    ]));

    const cursor = rowCursor(box, { rows: () => rows.map((r) => r.tr), onOpen: (i) => open(i) });

    function hashNow() {
      const p = new URLSearchParams();
      if (name === 'stock-summary') { p.set('date', st.date); p.set('by', st.by); if (st.godown_id) p.set('godown_id', st.godown_id); }
      if (name === 'stock-ageing') p.set('date', st.date);
      if (name === 'stock-movement') { if (st.item_id) p.set('item_id', st.item_id); p.set('from', st.from); p.set('to', st.to); }
      const s = p.toString();
      return base + (s ? '?' + s : '');
    }

    function apiPath() {
      const p = new URLSearchParams();
      if (name === 'stock-summary') { if (st.date) p.set('date', st.date); p.set('by', st.by); if (st.godown_id) p.set('godown_id', st.godown_id); }
      if (name === 'stock-ageing' && st.date) p.set('date', st.date);
      if (name === 'stock-movement') { p.set('item_id', st.item_id); if (st.from) p.set('from', st.from); if (st.to) p.set('to', st.to); }
      const s = p.toString();
      return '/companies/' + cid + '/reports/' + name + (s ? '?' + s : '');
    }

    function apply() {
      if (name === 'stock-summary' || name === 'stock-ageing') {
        const d = dateIn.iso();
        if (!d) { ctx.toast('report.badDate', { kind: 'error' }); dateIn.input.focus(); return; }
        st.date = d;
      }
      if (name === 'stock-summary') { st.by = bySel.value; st.godown_id = godownSel.value; }
      if (name === 'stock-movement') {
        const f = fromIn.iso();
        const tt = toIn.iso();
        if (!f || !tt) { ctx.toast('report.badDate', { kind: 'error' }); return; }
        st.from = f;
        st.to = tt;
      }
      ctx.replaceHash(hashNow());
      load();
    }

    const th = (key, num) => h('th', { class: num ? 'num' : '', t: key });
    const row = (cells, target, extra = {}) => {
      const tr = h('tr', { role: 'row', id: 'sr-row-' + rows.length, class: target ? 'can-drill' : '', dataset: { row: String(rows.length), ...extra } }, cells);
      rows.push({ tr, target });
      return tr;
    };
    const movementOf = (id) => '#/c/' + cid + '/inventory/reports/stock-movement?item_id=' + id;
    const sumItem = (key, value) => h('div', { class: 'sum-item', dataset: { key } }, [h('span', { class: 'sum-k', t: key }), h('span', { class: 'sum-v num', text: value })]);

    function table(headCells, bodyRows, id) {
      if (!bodyRows.length) bodyRows = [h('tr', { class: 'empty' }, [h('td', { colSpan: headCells.length, t: 'report.noRows' })])];
      return h('div', { class: 'grid-wrap' }, [h('table', { class: 'grid grid-dense report-grid', id }, [h('thead', {}, [h('tr', {}, headCells)]), h('tbody', {}, bodyRows)])]);
    }

    function render(d) {
      rows = [];
      cursor.reset();
      summary.replaceChildren();
      sub.textContent = '';
      if (name === 'stock-summary') {
        summary.append(sumItem('sr.totalValue', fmt.formatMoney(d.total_value)), sumItem('sr.date', fmt.formatDate(d.date)));
        const by = d.by || st.by;
        let head;
        let body;
        if (by === 'group') {
          head = [th('item.group'), th('item.value', true)];
          body = (d.rows || []).map((r) => row([h('td', { text: r.group || t('item.noGroup') }), moneyCell(ctx, r.value)], null));
        } else if (by === 'godown') {
          head = [th('godown.name'), th('sr.items', true), th('item.value', true)];
          body = (d.rows || []).map((r) => row([h('td', { text: r.godown || '' }), h('td', { class: 'num', text: String(r.items ?? '') }), moneyCell(ctx, r.value)],
            r.godown_id ? base + '?date=' + (d.date || st.date) + '&by=item&godown_id=' + r.godown_id : null));
        } else {
          head = [th('item.sku'), th('item.name'), th('item.nameHi'), th('item.group'), th('item.qty', true), th('sr.rate', true), th('item.value', true)];
          body = (d.rows || []).map((r) => row([
            h('td', { class: 'mono', text: r.sku || '' }), h('td', { text: r.name || '' }), h('td', { lang: 'hi', text: r.name_hi || '' }),
            h('td', { class: 'muted', text: r.group || '' }), h('td', { class: 'num', text: fmt.formatQty(r.qty, r.unit) }),
            moneyCell(ctx, r.rate), moneyCell(ctx, r.value)], r.item_id ? movementOf(r.item_id) : null, { itemId: String(r.item_id || '') }));
        }
        body.push(h('tr', { class: 'k-total' }, [h('td', { colSpan: head.length - 1, t: 'sr.total' }), moneyCell(ctx, d.total_value)]));
        box.replaceChildren(table(head, body, 'sr-table'));
      } else if (name === 'stock-movement') {
        sub.textContent = d.item || '';
        if (item && d.item) item.set({ id: d.item_id, name: d.item });
        summary.append(sumItem('sr.opening', fmt.formatQty(d.opening_qty, d.unit) + ' · ₹ ' + fmt.formatMoney(d.opening_value)),
          sumItem('sr.closing', fmt.formatQty(d.closing_qty, d.unit) + ' · ₹ ' + fmt.formatMoney(d.closing_value)));
        const head = [th('voucher.date'), th('sr.source'), th('voucher.godown'), th('vlist.number'), th('sr.in', true), th('sr.out', true), th('item.value', true), th('sr.balQty', true), th('sr.balValue', true)];
        const body = (d.rows || []).map((r) => row([
          h('td', { class: 'mono', text: fmt.formatDate(r.date) }),
          h('td', { t: ctx.hasT('source.' + r.source) ? 'source.' + r.source : 'source.other', targs: { s: r.source } }),
          h('td', { text: r.godown || '' }),
          h('td', { class: 'mono', text: r.voucher_number || '' }),
          h('td', { class: 'num' + (fmt.isZeroAmount(r.in) ? ' is-zero' : ''), text: r.in }),
          h('td', { class: 'num' + (fmt.isZeroAmount(r.out) ? ' is-zero' : ''), text: r.out }),
          moneyCell(ctx, r.value), h('td', { class: 'num', text: fmt.formatQty(r.balance_qty, d.unit) }), moneyCell(ctx, r.balance_value),
        ], r.voucher_id ? '#/c/' + cid + '/accounts/v/' + r.voucher_id : null, { voucherId: String(r.voucher_id || '') }));
        box.replaceChildren(table(head, body, 'sr-table'));
      } else if (name === 'reorder') {
        const head = [th('item.sku'), th('item.name'), th('item.nameHi'), th('item.inStock', true), th('item.reorderLevel', true), th('sr.suggested', true)];
        const body = (d.items || []).map((r) => row([
          h('td', { class: 'mono', text: r.sku || '' }), h('td', { text: r.name || '' }), h('td', { lang: 'hi', text: r.name_hi || '' }),
          h('td', { class: 'num', text: fmt.formatQty(r.in_stock, r.unit) }), h('td', { class: 'num', text: fmt.formatQty(r.reorder_level, r.unit) }),
          h('td', { class: 'num', text: fmt.formatQty(r.suggested_qty, r.unit) })], movementOf(r.item_id)));
        box.replaceChildren(table(head, body, 'sr-table'));
      } else if (name === 'stock-ageing') {
        summary.append(sumItem('sr.date', fmt.formatDate(d.date)));
        const buckets = d.buckets || [];
        const head = [th('item.name'), ...buckets.map((b) => h('th', { class: 'num', t: 'sr.days', targs: { b } }))];
        const body = (d.rows || []).map((r) => row([h('td', { text: r.name || '' }),
          ...buckets.map((b, i) => h('td', { class: 'num' + (fmt.isZeroAmount(r.qty && r.qty[i]) ? ' is-zero' : '') }, [
            h('div', { text: fmt.formatQty(r.qty && r.qty[i], r.unit) }), h('div', { class: 'muted small', text: '₹ ' + fmt.formatMoney(r.value && r.value[i]) })]))],
        movementOf(r.item_id)));
        box.replaceChildren(table(head, body, 'sr-table'));
      } else if (name === 'batches') {
        const head = [th('item.name'), th('voucher.godown'), th('sj.batch'), th('sj.expiry'), th('item.qty', true)];
        const body = (d.items || []).map((r) => row([h('td', { text: r.name || '' }), h('td', { text: r.godown || '' }), h('td', { class: 'mono', text: r.batch || '' }),
          h('td', { class: 'mono', text: fmt.formatDate(r.expiry) }), h('td', { class: 'num', text: String(r.qty ?? '') })], r.item_id ? movementOf(r.item_id) : null));
        box.replaceChildren(table(head, body, 'sr-table'));
      }
    }

    function open(i) {
      const r = rows[i];
      if (r && r.target) ctx.drill(r.target, { active: i, scroll: box.scrollTop });
    }

    async function load() {
      const my = ++seq;
      alert.hidden = true;
      if (name === 'stock-movement' && !st.item_id) {
        box.replaceChildren(h('p', { class: 'muted', t: 'sr.pickItem' }));
        item.input.focus();
        return false;
      }
      box.setAttribute('aria-busy', 'true');
      try {
        const res = await ctx.api('GET', apiPath());
        if (my !== seq) return false;
        render(res.data || {});
        return true;
      } catch (err) {
        if (my !== seq || err.status === 401) return false;
        box.replaceChildren();
        alertError(ctx, alert, err);
        return false;
      } finally {
        if (my === seq) box.removeAttribute('aria-busy');
      }
    }

    bySel.addEventListener('change', apply);
    godownSel.addEventListener('change', apply);

    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'report.drill'], ['Esc', 'keys.back'], ['F2', 'keys.period'],
      ...(name === 'stock-summary' ? [['Alt+K', 'sr.by']] : []), ...INV_TAB_KEYS]);

    (async () => {
      if (name === 'stock-summary') {
        try { godowns = await fetchAll(ctx, '/companies/' + cid + '/godowns'); } catch (_) { godowns = []; }
        godownSel.replaceChildren(h('option', { value: '', t: 'sr.allGodowns' }), ...godowns.map((g) => h('option', { value: String(g.id), text: g.name })));
        godownSel.value = st.godown_id;
        if (st.godown_id) { const g = godowns.find((x) => String(x.id) === st.godown_id); if (g) sub.textContent = g.name; }
      }
      const ok = await load();
      if (name === 'stock-summary' && st.godown_id) { const g = godowns.find((x) => String(x.id) === st.godown_id); if (g) sub.textContent = g.name; }
      if (!ok) return;
      box.focus();
      if (kept) { cursor.set(kept.active || 0, true); box.scrollTop = kept.scroll || 0; } else cursor.set(0, true);
    })();

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        const el = e.target;
        if (item && el === item.input) {
          if (item.onKey(e, k)) return;
          if (k === 'Enter') { e.preventDefault(); item.enter(); return; }
        }
        if (k === 'Enter' && (el === dateIn.input || el === toIn.input)) { e.preventDefault(); apply(); box.focus(); return; }
        if (k === 'Enter' && el === fromIn.input) { e.preventDefault(); toIn.input.focus(); toIn.input.select(); return; }
        if (cursor.onKey(e, k)) return;
        switch (k) {
          case 'F2': e.preventDefault(); (name === 'stock-movement' ? fromIn : dateIn).input.focus(); return;
          case 'Alt+K':
            if (name === 'stock-summary') {
              e.preventDefault();
              const o = ['item', 'group', 'godown'];
              bySel.value = o[(o.indexOf(bySel.value) + 1) % 3];
              apply();
            }
            return;
          case '/': if (item && !typing(el)) { e.preventDefault(); item.input.focus(); } return;
          case 'Escape':
            e.preventDefault();
            if (el !== box) { box.focus(); return; }
            ctx.back('#/c/' + cid + '/inventory/reports');
            return;
          default:
        }
      },
      destroy() { seq++; },
    };
  },
};
