// Accounting reports: a menu, and one screen that shows any report the server builds (its tables
// of typed columns, its rows with kinds and levels, its summary figures). Every row that names a
// voucher or a ledger drills down with Enter; group rows fold and unfold; Esc climbs back up to
// the row the drill started from. The period defaults to the current financial year.
import { dateInput, picker, rowCursor, keyButton, typing } from './ui.js';
import { alertError } from './form.js';
import { fetchPage } from './paging.js';

export const REPORTS = [
  { name: 'trial-balance' }, { name: 'profit-loss' }, { name: 'balance-sheet' }, { name: 'day-book' },
  { name: 'ledger', ledger: true }, { name: 'cash-book' }, { name: 'bank-book' },
  { name: 'receivables' }, { name: 'payables' }, { name: 'gstr1' }, { name: 'gstr3b' },
  { name: 'bank-reconciliation', ledger: true },
];

const STOCK = ['stock-summary', 'stock-movement', 'reorder', 'stock-ageing', 'batches'];

export const reportsMenuScreen = {
  nav: 'reports',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const entries = [
      ...REPORTS.map((r) => ({ hash: '#/c/' + cid + '/reports/' + r.name, label: 'rep.' + r.name, hint: 'rephint.' + r.name, group: 'reports.accounts' })),
      ...STOCK.map((n) => ({ hash: '#/c/' + cid + '/inventory/reports/' + n, label: 'srep.' + n, hint: 'sreph.' + n, group: 'reports.stock' })),
    ];
    const tbody = h('tbody');
    const table = h('table', { id: 'reports-menu', class: 'grid menu-grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'reports.title' } }, [tbody]);
    let group = null;
    for (const [i, e] of entries.entries()) {
      if (e.group !== group) {
        group = e.group;
        tbody.append(h('tr', { class: 'menu-group' }, [h('th', { colSpan: 2, t: group })]));
      }
      tbody.append(h('tr', { id: 'menu-' + i, role: 'row', dataset: { row: String(i), name: e.hash.split('/').pop() } }, [
        h('td', { class: 'menu-label' }, [h('a', { href: e.hash, tabIndex: -1, t: e.label })]),
        h('td', { class: 'menu-hint muted', t: e.hint }),
      ]));
    }
    const kept = ctx.takeView();
    const cursor = rowCursor(table, { onOpen: (i) => ctx.drill(entries[i].hash, { active: i }) });
    root.replaceChildren(h('section', { class: 'screen screen-reports' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'reports.title' })]),
      h('div', { class: 'grid-wrap menu-wrap' }, [table]),
    ]));
    table.focus();
    cursor.set(kept ? kept.active : 0, true);
    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'keys.open'], ['Alt+V', 'nav.accounts'], ['Alt+I', 'nav.inventory']]);
    return { onKey(e, k) { cursor.onKey(e, k); } };
  },
};

/* Shows a report cell as text: money grouped the Indian way, balances with Dr/Cr, dates DD-MM-YYYY. */
export function cellText(ctx, col, v) {
  const { fmt, t } = ctx;
  if (v === null || v === undefined) return '';
  if (col.type === 'money') {
    if (col.debit_positive) { const d = fmt.drCr(v); return d.amount + (d.side ? ' ' + t('drcr.' + d.side) : ''); }
    return fmt.formatMoney(v);
  }
  if (col.type === 'date') return fmt.formatDate(v);
  if (col.key === 'voucher_type' && ctx.hasT('vtype.' + v)) return t('vtype.' + v);
  if (col.key === 'status' && ctx.hasT('vstatus.' + v)) return t('vstatus.' + v);
  if (col.key === 'source' && ctx.hasT('source.' + v)) return t('source.' + v);
  return String(v);
}

/* The same as cellText, as h() props, so that translated words follow a language switch. */
export function cellProps(ctx, col, v) {
  const { fmt } = ctx;
  if (v === null || v === undefined) return { text: '' };
  if (col.type === 'money' && col.debit_positive) {
    const d = fmt.drCr(v);
    return d.side ? { t: 'drcr.' + d.side, tprefix: d.amount + ' ' } : { text: d.amount };
  }
  for (const [key, prefix] of [['voucher_type', 'vtype.'], ['status', 'vstatus.'], ['source', 'source.']]) {
    if (col.key === key && ctx.hasT(prefix + v)) return { t: prefix + v };
  }
  return { text: cellText(ctx, col, v) };
}

export const reportScreen = {
  nav: 'reports',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const name = params.name;
    const def = REPORTS.find((r) => r.name === name) || { name };
    const q = params.query;
    const fy = fmt.financialYear(fmt.todayIso());
    let fromIso = q.get('from') || fy.from;
    let toIso = q.get('to') || fy.to;
    let ledgerId = q.get('ledger_id') ? Number(q.get('ledger_id')) : null;
    const myHash = () => '#/c/' + cid + '/reports/' + name + '?' + query(false).toString();
    const kept = ctx.takeView();
    let report = null;
    let seq = 0;
    let cursor = null;

    const title = h('h1', { id: 'rp-title', t: ctx.hasT('rep.' + name) ? 'rep.' + name : 'reports.title' });
    const sub = h('span', { class: 'head-sub', id: 'rp-sub' });
    const from = dateInput(ctx, { id: 'rp-from', tattr: { 'aria-label': 'report.from' } });
    const to = dateInput(ctx, { id: 'rp-to', tattr: { 'aria-label': 'report.to' } });
    from.set(fromIso);
    to.set(toIso);
    const ledger = def.ledger ? picker(ctx, {
      id: 'rp-ledger',
      search: async (s) => (await fetchPage(ctx, '/companies/' + cid + '/ledgers', { q: s }, { limit: 8 })).items,
      label: (l) => l.name || '',
      option: (l) => [h('span', { class: 'opt-main', text: l.name || '' }), h('span', { class: 'opt-meta', text: l.group || '' })],
      onPick: (l) => { ledgerId = l.id; apply(); },
      props: { tattr: { placeholder: 'report.pickLedger', 'aria-label': 'voucher.ledger' } },
    }) : null;
    const csv = h('a', { id: 'rp-csv', class: 'btn btn-ghost', download: '' }, [h('span', { t: 'report.csv' }), h('kbd', { class: 'btn-key', text: 'Alt+X' })]);
    const summary = h('div', { class: 'summary', id: 'rp-summary' });
    const tablesBox = h('div', { class: 'report-tables', id: 'rp-tables' });
    const alert = h('div', { class: 'form-alert', id: 'rp-alert', role: 'alert', hidden: true });

    root.replaceChildren(h('section', { class: 'screen screen-report' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: '#/c/' + cid + '/reports', t: 'reports.title' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, sub, h('div', { class: 'spacer' }), csv,
      ]),
      h('div', { class: 'toolbar' }, [
        ledger ? h('div', { class: 'tool search-box' }, [ledger.wrap]) : null,
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.from' }), from.input, h('kbd', { class: 'tool-key', text: 'F2' })]),
        h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: 'report.to' }), to.input]),
      ]),
      alert, summary, tablesBox,
    ]));

    function query(withFormat) {
      const p = new URLSearchParams();
      if (ledgerId) p.set('ledger_id', String(ledgerId));
      p.set('from', fromIso);
      p.set('to', toIso);
      if (withFormat) p.set('format', 'csv');
      return p;
    }

    function apply() {
      const f = from.iso();
      const tt = to.iso();
      if (!f || !tt) { ctx.toast('report.badDate', { kind: 'error' }); (f ? to : from).input.focus(); return; }
      fromIso = f;
      toIso = tt;
      ctx.replaceHash(myHash());
      load();
    }

    function summaryItems(s) {
      const out = [];
      for (const [k, v] of Object.entries(s || {})) {
        if (v === null || v === '' || k === 'ledger_id') continue;
        let val;
        if (typeof v === 'boolean') val = { t: v ? 'rsum.yes' : 'rsum.no' };
        else if (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v)) val = { text: fmt.formatMoney(v) };
        else val = { text: String(v) };
        out.push(h('div', { class: 'sum-item' + (typeof v === 'boolean' && !v ? ' is-bad' : ''), dataset: { key: k } }, [
          h('span', { class: 'sum-k', t: ctx.hasT('rsum.' + k) ? 'rsum.' + k : 'rsum.unknown', targs: { key: k } }),
          h('span', { class: 'sum-v num', ...val }),
        ]));
      }
      return out;
    }

    function drillTarget(row) {
      if (row.voucher_id) return '#/c/' + cid + '/accounts/v/' + row.voucher_id;
      if (row.ledger_id && name !== 'ledger') return '#/c/' + cid + '/reports/ledger?ledger_id=' + row.ledger_id + '&from=' + fromIso + '&to=' + toIso;
      return null;
    }

    let flat = [];     // every rendered row: {tr, row, level}
    tablesBox.tabIndex = 0;
    tablesBox.setAttribute('role', 'grid');
    tablesBox.setAttribute('aria-label', t('rep.' + name));
    cursor = rowCursor(tablesBox, {
      rows: () => flat.filter((x) => !x.tr.hidden).map((x) => x.tr),
      onOpen: (i) => open(i),
    });

    function render(r) {
      report = r;
      if (r.summary && r.summary.ledger) sub.textContent = r.summary.ledger; else sub.textContent = '';
      summary.replaceChildren(...summaryItems(r.summary));
      flat = [];
      const many = (r.tables || []).length > 1;
      const boxes = (r.tables || []).map((tb, ti) => {
        const cols = tb.columns || [];
        const thead = h('thead', {}, [h('tr', {}, cols.map((c) => h('th', {
          class: (c.type === 'money' || c.type === 'int' ? 'num ' : '') + 'col-' + c.key,
          text: ctx.hasT('rcol.' + c.key) ? t('rcol.' + c.key) : c.title,
          dataset: ctx.hasT('rcol.' + c.key) ? { i18n: 'rcol.' + c.key } : {},
        })))]);
        const rows = (tb.rows || []).map((row) => {
          const target = drillTarget(row);
          const tr = h('tr', {
            class: 'k-' + row.kind + ' lvl-' + Math.min(6, row.level || 0) + (target ? ' can-drill' : '') + (row.group_id ? ' can-fold' : ''),
            role: 'row', dataset: { row: String(flat.length), kind: row.kind },
          }, cols.map((c, ci) => {
            const v = row.cells ? row.cells[c.key] : null;
            const isNum = c.type === 'money' || c.type === 'int';
            return h('td', {
              class: (isNum ? 'num ' : '') + 'col-' + c.key + (c.type === 'money' && fmt.isZeroAmount(v) ? ' is-zero' : '') + (ci === 0 ? ' first' : ''),
              ...cellProps(ctx, c, v),
            });
          }));
          if (row.voucher_id) tr.dataset.voucherId = String(row.voucher_id);
          if (row.ledger_id) tr.dataset.ledgerId = String(row.ledger_id);
          if (row.group_id) tr.dataset.groupId = String(row.group_id);
          tr.id = 'rp-row-' + flat.length;
          flat.push({ tr, row, level: row.level || 0, target });
          return tr;
        });
        if (!rows.length) rows.push(h('tr', { class: 'empty' }, [h('td', { colSpan: cols.length || 1, t: 'report.noRows' })]));
        const table = h('table', { class: 'grid grid-dense report-grid', id: 'rp-table-' + (tb.name || ti), dataset: { table: tb.name || '' } }, [thead, h('tbody', {}, rows)]);
        const tkey = 'rtable.' + name + '.' + tb.name;
        return h('div', { class: 'report-table' }, [
          many ? h('h2', { class: 'sub-head', text: ctx.hasT(tkey) ? t(tkey) : tb.title || tb.name }) : null,
          h('div', { class: 'grid-wrap' }, [table]),
        ]);
      });
      tablesBox.replaceChildren(...boxes);
      cursor.reset();
      const link = '/api/v1/companies/' + cid + '/reports/' + name + '?' + query(true).toString();
      csv.href = link;
    }

    function open(i) {
      const visible = flat.filter((x) => !x.tr.hidden);
      const x = visible[i];
      if (!x) return;
      if (x.target) {
        ctx.drill(x.target, { active: i, scroll: tablesBox.scrollTop, folded: folded() });
        return;
      }
      if (x.row.group_id) fold(x);
    }

    function fold(x) {
      const idx = flat.indexOf(x);
      const closing = !x.tr.classList.contains('is-folded');
      x.tr.classList.toggle('is-folded', closing);
      for (let j = idx + 1; j < flat.length && flat[j].level > x.level; j++) {
        flat[j].tr.hidden = closing;
        if (!closing) flat[j].tr.classList.remove('is-folded');
      }
    }

    function folded() { return flat.filter((x) => x.tr.classList.contains('is-folded')).map((x) => flat.indexOf(x)); }

    async function load() {
      const my = ++seq;
      alert.hidden = true;
      tablesBox.setAttribute('aria-busy', 'true');
      if (def.ledger && !ledgerId) {
        summary.replaceChildren();
        tablesBox.replaceChildren(h('p', { class: 'muted', t: 'report.pickLedgerFirst' }));
        tablesBox.removeAttribute('aria-busy');
        ledger.input.focus();
        return;
      }
      try {
        const res = await ctx.api('GET', '/companies/' + cid + '/reports/' + name + '?' + query(false).toString());
        if (my !== seq) return;
        render(res.data || {});
        if (ledger && res.data.summary && res.data.summary.ledger) ledger.set({ id: ledgerId, name: res.data.summary.ledger });
      } catch (err) {
        if (my !== seq || err.status === 401) return;
        tablesBox.replaceChildren();
        summary.replaceChildren();
        alertError(ctx, alert, err);
        if (err.field === 'from') from.input.focus();
        else if (err.field === 'to') to.input.focus();
        else if (err.field === 'ledger_id' && ledger) ledger.input.focus();
      } finally {
        if (my === seq) tablesBox.removeAttribute('aria-busy');
      }
    }

    ctx.setKeys([
      ['↑↓', 'keys.move'], ['Enter', 'report.drill'], ['Esc', 'keys.back'], ['F2', 'keys.period'], ['Alt+X', 'report.csv'],
      ...(def.ledger ? [['/', 'report.pickLedger']] : []),
    ]);

    (async () => {
      await load();
      if (!report) return;
      if (kept) {
        for (const i of kept.folded || []) if (flat[i]) fold(flat[i]);
        tablesBox.focus();
        cursor.set(kept.active || 0, true);
        tablesBox.scrollTop = kept.scroll || 0;
      } else {
        tablesBox.focus();
        const first = flat.findIndex((x) => x.target || x.row.group_id);
        cursor.set(first >= 0 ? first : 0, true);
      }
    })();

    return {
      onKey(e, k) {
        const el = e.target;
        if (ledger && el === ledger.input) {
          if (ledger.onKey(e, k)) return;
          if (k === 'Enter') { e.preventDefault(); ledger.enter(); return; }
        }
        if (k === 'Enter' && (el === from.input || el === to.input)) {
          e.preventDefault();
          if (el === from.input) { to.input.focus(); to.input.select(); } else { apply(); tablesBox.focus(); }
          return;
        }
        if (cursor && cursor.onKey(e, k)) return;
        switch (k) {
          case 'F2': e.preventDefault(); from.input.focus(); from.input.select(); return;
          case 'Alt+X': e.preventDefault(); if (csv.href) csv.click(); return;
          case '/': if (ledger && !typing(el)) { e.preventDefault(); ledger.input.focus(); } return;
          case 'Escape':
            e.preventDefault();
            if (el !== tablesBox && report) { tablesBox.focus(); return; }
            ctx.back('#/c/' + cid + '/reports');
            return;
          default:
        }
      },
      destroy() { seq++; },
    };
  },
};
