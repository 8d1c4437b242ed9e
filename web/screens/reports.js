// Reports: the accounting menu, and the one screen that shows any report the server builds, the
// accounting and the stock reports alike: its tables of typed columns (money, quantities with their
// unit, dates), its rows with kinds and levels, its summary figures. Each report names the tools it
// takes (a period, an as-at date, a ledger or an item, the stock summary's grouping and godown). A
// row that names a voucher, a ledger, an item or a godown drills down with Enter; group rows fold
// and unfold; Esc climbs back up to the row the drill started from. A paged report (the stock
// summary by item) loads its next page past its last row. The accounting period defaults to the
// current financial year; a stock report's date and period are the server's until one is chosen.
import { dateInput, notices, picker, rowCursor, typing } from './ui.js';
import { alertError } from './form.js';
import { fetchPage, fetchAll, fetchReport, pageQuery } from './paging.js';
import { invTabs, invTabKey, INV_TAB_KEYS } from './inventory.js';
import { downloadFile } from './gst-files.js';

/* The GST returns whose file the portal takes (Alt+J): a month's, the month of the period's end. */
const PORTAL = new Set(['gstr1', 'gstr3b']);

/* The accounting reports: each takes a period; `ledger` ones a ledger too; `paged`: vouchers a page. */
export const REPORTS = [
  { name: 'trial-balance' }, { name: 'profit-loss' }, { name: 'balance-sheet' }, { name: 'day-book', paged: 100 },
  { name: 'ledger', ledger: true }, { name: 'cash-book' }, { name: 'bank-book' },
  { name: 'receivables' }, { name: 'payables' }, { name: 'gstr1' }, { name: 'gstr3b' },
  { name: 'bank-reconciliation', ledger: true },
];

/* The stock reports and their tools: an as-at date, the grouping (by) and godown of the summary, an
 * item and a period; `paged` is the rows asked for a page. */
export const STOCK_REPORTS = [
  { name: 'stock-summary', date: true, by: true, godown: true, paged: 100 },
  { name: 'stock-movement', item: true, period: true },
  { name: 'reorder' },
  { name: 'stock-ageing', date: true },
  { name: 'batches' },
];

const BY = ['item', 'group', 'godown'];
const NUM = new Set(['money', 'int', 'qty']);
/* The words the server writes in the label cell of an opening, closing or total row. */
const ROW_LABELS = new Map([['Opening Balance', 'rrow.opening'], ['Closing Balance', 'rrow.closing'], ['Total', 'rrow.total'], ['Grand Total', 'rrow.grandTotal']]);
/* Columns whose values are codes with labels of their own; the GST returns' descriptions and kinds
 * are the return's English words, said in the user's language where i18n has them (gstw.<words>). */
const WORDS = [['voucher_type', 'vtype.'], ['status', 'vstatus.'], ['source', 'source.'], ['type', 'source.'],
  ['description', 'gstw.'], ['invoice_type', 'gstw.'], ['supply_type', 'gstw.'], ['nature', 'gstw.']];
/* Summary members shown elsewhere (under the title, beside each quantity) or not at all. */
const SUM_SKIP = new Set(['ledger_id', 'item_id', 'item', 'sku', 'unit', 'by']);
const ROW_IDS = [['voucher_id', 'voucherId'], ['ledger_id', 'ledgerId'], ['group_id', 'groupId'], ['item_id', 'itemId'], ['godown_id', 'godownId']];

function reportDef(name, stock) {
  if (stock) return { ...(STOCK_REPORTS.find((r) => r.name === name) || { name }), stock: true };
  return { ...(REPORTS.find((r) => r.name === name) || { name }), period: true };
}

export const reportsMenuScreen = {
  nav: 'reports',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const entries = [
      ...REPORTS.map((r) => ({ hash: '#/c/' + cid + '/reports/' + r.name, label: 'rep.' + r.name, hint: 'rephint.' + r.name, group: 'reports.accounts' })),
      ...STOCK_REPORTS.map((r) => ({ hash: '#/c/' + cid + '/inventory/reports/' + r.name, label: 'srep.' + r.name, hint: 'sreph.' + r.name, group: 'reports.stock' })),
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

/* Shows a report cell as text: money grouped the Indian way, balances with Dr/Cr, dates DD-MM-YYYY,
 * quantities with their unit. */
export function cellText(ctx, col, v, unit) {
  const { fmt, t } = ctx;
  if (v === null || v === undefined) return '';
  if (col.type === 'money') {
    if (col.debit_positive) { const d = fmt.drCr(v); return d.amount + (d.side ? ' ' + t('drcr.' + d.side) : ''); }
    return fmt.formatMoney(v);
  }
  if (col.type === 'date') return fmt.formatDate(v);
  if (col.type === 'qty') return fmt.formatQty(v, unit);
  for (const [key, prefix] of WORDS) if (col.key === key && ctx.hasT(prefix + v)) return t(prefix + v);
  return String(v);
}

/* The same as cellText, as h() props, so that translated words follow a language switch; the
 * label of an opening, closing or total row (kind other than data) is translated too. */
export function cellProps(ctx, col, v, row = {}) {
  const { fmt } = ctx;
  if (v === null || v === undefined) return { text: '' };
  if (col.type === 'money' && col.debit_positive) {
    const d = fmt.drCr(v);
    return d.side ? { t: 'drcr.' + d.side, tprefix: d.amount + ' ' } : { text: d.amount };
  }
  if (col.type === 'text' && row.kind && row.kind !== 'data' && ROW_LABELS.has(v)) return { t: ROW_LABELS.get(v) };
  // a group or ledger that ships with Daftar is said in the page's language
  if ((col.key === 'particulars' || col.key === 'godown') && typeof v === 'string') return ctx.stdNameProps(v);
  for (const [key, prefix] of WORDS) if (col.key === key && ctx.hasT(prefix + v)) return { t: prefix + v };
  return { text: cellText(ctx, col, v, row.unit) };
}

/* Where Enter on a row goes: its voucher, its ledger's statement, its item's movement register,
 * its godown's stock by item; null when the row names none (or names what this report shows). */
function drillTarget(cid, def, st, row) {
  if (row.voucher_id) return '#/c/' + cid + '/accounts/v/' + row.voucher_id;
  if (row.ledger_id && def.name !== 'ledger') return '#/c/' + cid + '/reports/ledger?' + pageQuery({ ledger_id: row.ledger_id, from: st.from, to: st.to });
  const inv = '#/c/' + cid + '/inventory/reports/';
  if (row.item_id && def.name !== 'stock-movement') return inv + 'stock-movement?item_id=' + row.item_id;
  if (row.godown_id) return inv + 'stock-summary?' + pageQuery({ date: st.date, by: 'item', godown_id: row.godown_id });
  return null;
}

/* The report's query, which is also the screen's hash: what its tools hold, nothing empty. */
function reportParams(def, st) {
  const p = {};
  if (def.ledger) p.ledger_id = st.ledger_id;
  if (def.item) p.item_id = st.item_id;
  if (def.period) { p.from = st.from; p.to = st.to; }
  if (def.date) p.date = st.date;
  if (def.by) p.by = st.by;
  if (def.godown) p.godown_id = st.godown_id;
  return p;
}

/*
 * The toolbar of a report, from its definition: {nodes, ledger, item, from, to, date, by, godown}
 * (those it takes), first() the input F2 goes to, picker() the one '/' goes to. onPick(): a ledger
 * or an item was chosen.
 */
function reportTools(ctx, cid, def, st, onPick) {
  const { h, fmt } = ctx;
  const tool = (label, input, key) => h('label', { class: 'tool' }, [
    h('span', { class: 'tool-label', t: label }), input, key ? h('kbd', { class: 'tool-key', text: key }) : null]);
  const x = { nodes: [] };
  if (def.ledger) {
    x.ledger = picker(ctx, {
      id: 'rp-ledger',
      search: async (s) => (await fetchPage(ctx, '/companies/' + cid + '/ledgers', { q: s }, { limit: 8 })).items,
      label: (l) => l.name || '',
      option: (l) => [h('span', { class: 'opt-main', ...ctx.stdNameProps(l.name) }), h('span', { class: 'opt-meta', ...ctx.stdNameProps(l.group) })],
      onPick: (l) => { st.ledger_id = String(l.id); onPick(); },
      props: { tattr: { placeholder: 'report.pickLedger', 'aria-label': 'voucher.ledger' } },
    });
    x.nodes.push(h('div', { class: 'tool search-box' }, [x.ledger.wrap]));
  }
  if (def.item) {
    x.item = picker(ctx, {
      id: 'rp-item',
      search: async (s) => (await fetchPage(ctx, '/companies/' + cid + '/items', { q: s }, { limit: 8 })).items,
      label: (it) => it.name || '',
      option: (it) => [h('span', { class: 'opt-main', text: it.name || '' }),
        h('span', { class: 'opt-meta' }, [h('span', { class: 'mono', text: it.sku || '' }), ' · ', fmt.formatQty(it.in_stock, it.unit)])],
      onPick: (it) => { st.item_id = String(it.id); onPick(); },
      props: { tattr: { placeholder: 'voucher.itemPlaceholder', 'aria-label': 'voucher.item' } },
    });
    x.nodes.push(h('div', { class: 'tool search-box' }, [x.item.wrap]));
  }
  if (def.period) {
    x.from = dateInput(ctx, { id: 'rp-from', tattr: { 'aria-label': 'report.from' } });
    x.to = dateInput(ctx, { id: 'rp-to', tattr: { 'aria-label': 'report.to' } });
    x.from.set(st.from);
    x.to.set(st.to);
    x.nodes.push(tool('report.from', x.from.input, 'F2'), tool('report.to', x.to.input));
  }
  if (def.date) {
    x.date = dateInput(ctx, { id: 'rp-date', tattr: { 'aria-label': 'sr.date' } });
    x.date.set(st.date);
    x.nodes.push(tool('sr.date', x.date.input, 'F2'));
  }
  if (def.by) {
    x.by = h('select', { id: 'rp-by', tattr: { 'aria-label': 'sr.by' } }, BY.map((b) => h('option', { value: b, t: 'sr.by.' + b })));
    x.by.value = st.by;
    x.nodes.push(tool('sr.by', x.by, 'Alt+K'));
  }
  if (def.godown) {
    x.godown = h('select', { id: 'rp-godown', tattr: { 'aria-label': 'voucher.godown' } }, [h('option', { value: '', t: 'sr.allGodowns' })]);
    x.nodes.push(tool('voucher.godown', x.godown));
  }
  x.first = () => x.from || x.date || null;
  x.picker = () => x.ledger || x.item || null;
  return x;
}

/* Reads the typed dates and the choices into st; false (with a toast, the date focused) when a
 * date is not one. A date left empty is the server's (the financial year, today). */
function readTools(ctx, x, st) {
  const dates = [['from', x.from], ['to', x.to], ['date', x.date]].filter(([, d]) => d);
  for (const [, d] of dates) {
    if (d.input.value.trim() !== '' && !d.iso()) { ctx.toast('report.badDate', { kind: 'error' }); d.input.focus(); return false; }
  }
  for (const [k, d] of dates) st[k] = d.input.value.trim() === '' ? '' : d.iso();
  if (x.by) st.by = x.by.value;
  if (x.godown) st.godown_id = x.godown.value;
  return true;
}

/* The figures of a report's summary: amounts grouped, quantities with the unit, yes/no translated. */
export function summaryItems(ctx, s) {
  const { h, fmt } = ctx;
  const out = [];
  for (const [k, v] of Object.entries(s || {})) {
    if (v === null || v === '' || SUM_SKIP.has(k)) continue;
    let val;
    if (typeof v === 'boolean') val = { t: v ? 'rsum.yes' : 'rsum.no' };
    else if (k.endsWith('_qty')) val = { text: fmt.formatQty(v, s.unit) };
    else if (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v)) val = { text: fmt.formatMoney(v) };
    else val = { text: String(v) };
    out.push(h('div', { class: 'sum-item' + (typeof v === 'boolean' && !v ? ' is-bad' : ''), dataset: { key: k } }, [
      h('span', { class: 'sum-k', t: ctx.hasT('rsum.' + k) ? 'rsum.' + k : 'rsum.unknown', targs: { key: k } }),
      h('span', { class: 'sum-v num', ...val }),
    ]));
  }
  return out;
}

/*
 * The tables of a report in box: render(report) shows them, append(page) adds a next page's rows
 * to the tables of the same name; flat is every row shown, {tr, row, level, target}. A table with
 * quantities shows each with its unit (the row's, else the report's), not in a unit column.
 */
function reportGrid(ctx, box, target) {
  const { h, fmt } = ctx;
  const grid = { flat: [], tables: {}, unit: '' };

  function rowNode(cols, row) {
    const n = grid.flat.length;
    const to = target(row);
    const unit = (row.cells && row.cells.unit) || grid.unit;
    const tr = h('tr', {
      id: 'rp-row-' + n, role: 'row', dataset: { row: String(n), kind: row.kind },
      class: 'k-' + row.kind + ' lvl-' + Math.min(6, row.level || 0) + (to ? ' can-drill' : '') + (row.group_id ? ' can-fold' : ''),
    }, cols.map((c, ci) => {
      const v = row.cells ? row.cells[c.key] : null;
      const faint = (c.type === 'money' || c.type === 'qty') && fmt.isZeroAmount(v);
      const cls = (NUM.has(c.type) ? 'num ' : '') + 'col-' + c.key + (faint ? ' is-zero' : '') + (ci === 0 ? ' first' : '');
      // an item's name with its Hindi one: the page's language first
      if (c.key === 'name' && row.cells && row.cells.name_hi) return h('td', { class: cls }, [ctx.itemNameNode(v, row.cells.name_hi)]);
      return h('td', { class: cls, lang: c.key === 'name_hi' ? 'hi' : undefined, ...cellProps(ctx, c, v, { kind: row.kind, unit }) });
    }));
    for (const [k, d] of ROW_IDS) if (row[k]) tr.dataset[d] = String(row[k]);
    grid.flat.push({ tr, row, level: row.level || 0, target: to });
    return tr;
  }

  function fill(part, rows) {
    const trs = rows.map((row) => rowNode(part.cols, row));
    if (trs.length && part.empty) { part.empty.remove(); part.empty = null; }
    part.tbody.append(...trs);
  }

  function tableBox(name, tb, ti, many) {
    const all = tb.columns || [];
    const cols = all.some((c) => c.type === 'qty') ? all.filter((c) => c.key !== 'unit') : all;
    const head = (c) => (ctx.hasT('rcol.' + c.key) ? { t: 'rcol.' + c.key } : { text: c.title || c.key });
    const thead = h('thead', {}, [h('tr', {}, cols.map((c) => h('th', { class: (NUM.has(c.type) ? 'num ' : '') + 'col-' + c.key, ...head(c) })))]);
    const part = { cols, tbody: h('tbody'), empty: h('tr', { class: 'empty' }, [h('td', { colSpan: cols.length || 1, t: 'report.noRows' })]) };
    part.tbody.append(part.empty);
    fill(part, tb.rows || []);
    grid.tables[tb.name || ti] = part;
    const tkey = 'rtable.' + name + '.' + tb.name;
    return h('div', { class: 'report-table' }, [
      many ? h('h2', { class: 'sub-head', ...(ctx.hasT(tkey) ? { t: tkey } : { text: tb.title || tb.name }) }) : null,
      h('div', { class: 'grid-wrap' }, [h('table', { class: 'grid grid-dense report-grid', id: 'rp-table-' + (tb.name || ti), dataset: { table: tb.name || '' } }, [thead, part.tbody])]),
    ]);
  }

  grid.render = (r) => {
    grid.flat = [];
    grid.tables = {};
    grid.unit = (r.summary && r.summary.unit) || '';
    const tables = r.tables || [];
    box.replaceChildren(...tables.map((tb, ti) => tableBox(r.report, tb, ti, tables.length > 1)));
  };
  grid.append = (r) => {
    for (const [ti, tb] of (r.tables || []).entries()) {
      const part = grid.tables[tb.name || ti];
      if (part) fill(part, tb.rows || []);
    }
  };
  return grid;
}

/*
 * The one report screen; stock: a stock report (in the inventory module, with its tabs). Its state
 * is s: the definition, the tools' values (st), the report shown and the next page's cursor.
 */
function renderReport(ctx, root, params, stock) {
  const { h, fmt } = ctx;
  const cid = params.cid;
  const def = reportDef(params.name, stock);
  const q = params.query;
  const fy = ctx.period();   // the period of reports (Alt+F2), this financial year unless chosen
  const st = {
    from: q.get('from') || (stock ? '' : fy.from), to: q.get('to') || (stock ? '' : fy.to), date: q.get('date') || '',
    ledger_id: q.get('ledger_id') || '', item_id: q.get('item_id') || '', by: q.get('by') || 'item', godown_id: q.get('godown_id') || '',
  };
  const menu = stock ? '#/c/' + cid + '/inventory/reports' : '#/c/' + cid + '/reports';
  const titleKey = stock ? 'srep.' + def.name : (ctx.hasT('rep.' + def.name) ? 'rep.' + def.name : 'reports.title');
  const s = {
    ctx, cid, def, stock, st, menu, report: null, next: null, seq: 0, loading: false,
    base: (stock ? menu + '/' : '#/c/' + cid + '/reports/') + def.name,
    apiPath: '/companies/' + cid + '/reports/' + def.name,
    sub: h('span', { class: 'head-sub', id: 'rp-sub' }),
    csv: h('a', { id: 'rp-csv', class: 'btn btn-ghost', download: '' }, [h('span', { t: 'report.csv' }), h('kbd', { class: 'btn-key', text: 'Alt+X' })]),
    portal: PORTAL.has(def.name) && !stock ? h('button', { type: 'button', id: 'rp-portal', class: 'btn btn-ghost' }, [h('span', { id: 'rp-portal-label', t: 'report.portalJson', targs: { month: '' } }), h('kbd', { class: 'btn-key', text: 'Alt+J' })]) : null,
    summary: h('div', { class: 'summary', id: 'rp-summary' }),
    // a group, not a grid: it holds one or more plain tables (with their headings), whose rows
    // the cursor points at with aria-activedescendant; a grid may hold only rows
    box: h('div', { class: 'report-tables', id: 'rp-tables', tabIndex: 0, role: 'group', tattr: { 'aria-label': titleKey } }),
    alert: h('div', { class: 'form-alert', id: 'rp-alert', role: 'alert', hidden: true }),
    more: h('button', { type: 'button', class: 'btn', id: 'rp-more' }, [h('span', { t: 'list.loadMore' }), h('kbd', { class: 'btn-key', text: 'Alt+M' })]),
    file: h('button', { type: 'button', class: 'btn btn-ghost', id: 'rp-file', hidden: true }, [h('span', { t: 'report.markFiled' }), h('kbd', { class: 'btn-key', text: 'Alt+F' })]),
    noticeArea: h('div', { class: 'notice-area', id: 'rp-notice' }),
  };
  s.note = notices(ctx, s.noticeArea);
  s.foot = h('div', { class: 'list-foot', hidden: true }, [s.more]);
  s.x = reportTools(ctx, cid, def, st, () => applyTools(s));
  s.grid = reportGrid(ctx, s.box, (row) => drillTarget(cid, def, st, row));
  s.visible = () => s.grid.flat.filter((r) => !r.tr.hidden);
  s.cursor = rowCursor(s.box, { rows: () => s.visible().map((r) => r.tr), onOpen: (i) => openRow(s, i) });

  root.replaceChildren(h('section', { class: 'screen screen-report' }, [
    h('div', { class: 'screen-head' }, [
      h('a', { class: 'crumb', href: menu, t: stock ? 'inv.reports' : 'reports.title' }),
      h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
      h('h1', { id: 'rp-title', t: titleKey }), s.sub, h('div', { class: 'spacer' }), s.portal, s.file, s.csv,
    ]),
    stock ? invTabs(ctx, cid, 'reports') : null,
    s.x.nodes.length ? h('div', { class: 'toolbar' }, s.x.nodes) : null,
    s.noticeArea, s.alert, s.summary, s.box, s.foot,
  ]));
  if (s.x.by) s.x.by.addEventListener('change', () => applyTools(s));
  if (s.x.godown) s.x.godown.addEventListener('change', () => applyTools(s));
  s.more.addEventListener('click', () => loadMore(s));
  if (s.portal) s.portal.addEventListener('click', () => portalFile(s));
  s.file.addEventListener('click', () => askFile(s));
  reportKeys(s);
  startReport(s, ctx.takeView());
  return {
    onKey: (e, k) => reportKey(s, e, k),
    destroy() { s.seq++; },
    // Alt+F2 chose another period: the report shows it at once.
    onPeriod(p) { if (s.x.from) { s.x.from.set(p.from); s.x.to.set(p.to); applyTools(s); } },
  };
}

/* The shortcut bar: the report's tools, Alt+M while there is a next page. */
function reportKeys(s) {
  const { x, def } = s;
  s.ctx.setKeys([
    ['↑↓', 'keys.move'], ['Enter', 'report.drill'], ['Esc', 'keys.back'], ...(x.first() ? [['F2', x.from ? 'keys.period' : 'sr.date']] : []), ['Alt+X', 'report.csv'],
    ...(s.portal ? [['Alt+J', 'report.portalKey']] : []),
    ...(x.picker() ? [['/', def.ledger ? 'report.pickLedger' : 'sr.chooseItem']] : []), ...(x.by ? [['Alt+K', 'sr.by']] : []),
    ...(s.next ? [['Alt+M', 'list.loadMore']] : []), ...(!s.file.hidden ? [['Alt+F', 'report.markFiled']] : []), ...(s.stock ? INV_TAB_KEYS : []),
  ]);
}

/* GSTR-1 of one whole month not yet filed: the month ("2026-08"), else null. */
function filingMonth(s) {
  const r = s.report;
  if (s.def.name !== 'gstr1' || !r || !r.summary || r.summary.filed !== false) return null;
  const m = /^(\d{4})-(\d{2})-01$/.exec(r.from || '');
  if (!m) return null;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return r.to === m[1] + '-' + m[2] + '-' + String(last).padStart(2, '0') ? m[1] + '-' + m[2] : null;
}

/* Alt+F: marking the month's GSTR-1 filed, after a notice that Enter confirms and Esc cancels. */
function askFile(s) {
  const { ctx } = s;
  const period = filingMonth(s);
  if (!period) return;
  const label = ctx.fmt.formatDate(period + '-01').slice(3);
  const btns = s.note.show('warn', 'file-notice', [ctx.h('p', { t: 'report.fileText', targs: { period: label } })], [
    ['report.markFiled', 'Enter', () => fileMonth(s, period, label), true],
    ['form.back', 'Esc', () => { s.note.close(); s.box.focus(); }],
  ]);
  btns[0].focus();
}

async function fileMonth(s, period, label) {
  const { ctx } = s;
  s.note.close();
  try {
    await ctx.api('POST', '/companies/' + s.cid + '/gst-filings', { body: { return: 'gstr1', period }, idem: ctx.newKey() });
    ctx.toast('report.filedToast', { args: { period: label }, kind: 'ok' });
  } catch (err) {
    alertError(ctx, s.alert, err);
  }
  await loadReport(s);
  s.box.focus();
}

/* The first load: the godowns for the summary's list, the report, then the row left (back from a
 * drill) or the first row worth opening. */
async function startReport(s, kept) {
  const { ctx, x, grid, cursor, box } = s;
  if (x.godown) {
    let godowns = [];
    try { godowns = await fetchAll(ctx, '/companies/' + s.cid + '/godowns'); } catch (_) { /* the list offers all godowns only */ }
    x.godown.append(...godowns.map((g) => ctx.h('option', { value: String(g.id), text: g.name })));
    x.godown.value = s.st.godown_id;
  }
  if (!(await loadReport(s, false, kept ? kept.loaded || 0 : 0)) || !s.report) return;
  box.focus();
  if (kept) {
    for (const i of kept.folded || []) if (grid.flat[i]) foldRow(s, grid.flat[i]);
    cursor.set(kept.active || 0, true);
    box.scrollTop = kept.scroll || 0;
  } else {
    cursor.set(firstRow(s), true);
  }
}

/* The row the cursor starts on: a stock report's first entry; an accounting report's first row
 * that drills or folds. */
function firstRow(s) {
  const i = s.grid.flat.findIndex((r) => (s.stock ? r.row.kind === 'data' : r.target || r.row.group_id));
  return i >= 0 ? i : 0;
}

/* The tools' values into the hash, and the report again. */
function applyTools(s) {
  if (!readTools(s.ctx, s.x, s.st)) return;
  const p = pageQuery(reportParams(s.def, s.st));
  s.ctx.replaceHash(s.base + (p ? '?' + p : ''));
  loadReport(s).then((ok) => { if (ok) s.cursor.set(firstRow(s), true); });
}

/* Shows a report (its first page): summary, tables, the line under the title, the tools filled
 * with what the server took (a stock report's date and period are its own until one is typed). */
function showReport(s, r) {
  const { x, st } = s;
  const sum = r.summary || {};
  s.report = r;
  s.summary.replaceChildren(...summaryItems(s.ctx, sum));
  s.grid.render(r);
  s.cursor.reset();
  const g = x.godown && st.godown_id && [...x.godown.options].find((o) => o.value === st.godown_id);
  s.sub.textContent = (sum.ledger && s.ctx.stdName(sum.ledger)) || (sum.item ? sum.item + (sum.sku ? ' · ' + sum.sku : '') : '') || (g ? g.textContent : '');
  if (x.from && !st.from) { x.from.set(r.from); x.to.set(r.to); }
  if (x.date && !st.date) x.date.set(r.to);
  if (x.item && sum.item) x.item.set({ id: sum.item_id, name: sum.item });
  if (x.ledger && sum.ledger) x.ledger.set({ id: st.ledger_id, name: s.ctx.stdName(sum.ledger) });
  s.csv.href = '/api/v1' + s.apiPath + '?' + pageQuery({ ...reportParams(s.def, st), format: 'csv' });
  s.file.hidden = !filingMonth(s);
  if (s.portal) s.ctx.setT(s.portal.firstChild, 'report.portalJson', { month: portalMonth(s).split('-').reverse().join('-') });
}

/* The month the portal's file is for: that of the period's end ("2026-10"). */
function portalMonth(s) {
  return String((s.report && s.report.to) || s.st.to || '').slice(0, 7);
}

/* Alt+J: the return of the month as the portal takes it; units filed as OTH are said first. */
function portalFile(s) {
  const m = portalMonth(s);
  if (!s.portal || !/^\d{4}-\d{2}$/.test(m)) return;
  downloadFile(s.ctx, s.alert, s.apiPath + '.json?period=' + m, s.def.name.toUpperCase() + '_' + m + '.json', { warnings: s.def.name === 'gstr1' });
}

/* Nothing shown: no report, no next page. */
function clearReport(s) {
  s.report = null;
  s.next = null;
  s.file.hidden = true;
  s.summary.replaceChildren();
  s.box.replaceChildren();
  s.foot.hidden = true;
  reportKeys(s);
}

/* Loads the report (append: its next page); want is the rows to show at least (back from a drill
 * into a paged report). True when it was shown. */
async function loadReport(s, append = false, want = 0) {
  const { ctx, def, st, x, box } = s;
  const my = ++s.seq;
  s.alert.hidden = true;
  const pick = x.picker();
  if ((def.ledger && !st.ledger_id) || (def.item && !st.item_id)) {
    clearReport(s);
    box.append(ctx.h('p', { class: 'muted', t: def.ledger ? 'report.pickLedgerFirst' : 'sr.pickItem' }));
    pick.input.focus();
    return false;
  }
  s.loading = true;
  box.setAttribute('aria-busy', 'true');
  try {
    const limit = def.paged ? Math.max(def.paged, append ? 0 : want) : null;
    const page = await fetchReport(ctx, s.apiPath, reportParams(def, st), { limit, after: append ? s.next : null });
    if (my !== s.seq) return false;
    s.next = page.next;
    if (append) s.grid.append(page.report); else showReport(s, page.report);
    s.foot.hidden = !s.next;
    reportKeys(s);
    return true;
  } catch (err) {
    if (my !== s.seq || err.status === 401) return false;
    if (!append) clearReport(s);
    alertError(ctx, s.alert, err);
    const input = { from: x.from, to: x.to, date: x.date }[err.field];
    if (input) input.input.focus();
    else if ((err.field === 'ledger_id' || err.field === 'item_id') && pick) pick.input.focus();
    return false;
  } finally {
    if (my === s.seq) { s.loading = false; box.removeAttribute('aria-busy'); }
  }
}

/* The next page, then the cursor moved by delta from where it was. */
async function loadMore(s, delta = 0) {
  if (!s.next || s.loading) return;
  const at = s.cursor.active;
  if (await loadReport(s, true)) { s.box.focus(); s.cursor.set(Math.max(0, at) + delta); }
}

/* Enter on a row: its drill, remembering the row (and the rows loaded) for Esc; or a group folded. */
function openRow(s, i) {
  const r = s.visible()[i];
  if (!r) return;
  const folded = s.grid.flat.filter((x) => x.tr.classList.contains('is-folded')).map((x) => s.grid.flat.indexOf(x));
  if (r.target) s.ctx.drill(r.target, { active: i, scroll: s.box.scrollTop, folded, loaded: s.def.paged ? s.grid.flat.length : 0 });
  else if (r.row.group_id) foldRow(s, r);
}

function foldRow(s, r) {
  const flat = s.grid.flat;
  const idx = flat.indexOf(r);
  const closing = !r.tr.classList.contains('is-folded');
  r.tr.classList.toggle('is-folded', closing);
  for (let j = idx + 1; j < flat.length && flat[j].level > r.level; j++) {
    flat[j].tr.hidden = closing;
    if (!closing) flat[j].tr.classList.remove('is-folded');
  }
}

function reportKey(s, e, k) {
  const { ctx, x, cursor, box } = s;
  if (s.stock && invTabKey(ctx, s.cid, e, k)) return;
  if (s.note.onKey(e, k)) return;
  const el = e.target;
  const pick = x.picker();
  if (pick && el === pick.input) {
    if (pick.onKey(e, k)) return;
    if (k === 'Enter') { e.preventDefault(); pick.enter(); return; }
  }
  if (k === 'Enter' && x.from && el === x.from.input) { e.preventDefault(); x.to.input.focus(); x.to.input.select(); return; }
  if (k === 'Enter' && ((x.to && el === x.to.input) || (x.date && el === x.date.input))) { e.preventDefault(); applyTools(s); box.focus(); return; }
  // past the last row loaded: the next page
  const n = s.visible().length;
  if (s.next && el === box && ((k === 'ArrowDown' && cursor.active >= n - 1) || (k === 'PageDown' && cursor.active + 10 >= n))) {
    e.preventDefault();
    loadMore(s, k === 'PageDown' ? 10 : 1);
    return;
  }
  if (cursor.onKey(e, k)) return;
  switch (k) {
    case 'F2': if (x.first()) { e.preventDefault(); x.first().input.focus(); x.first().input.select(); } return;
    case 'Alt+X': e.preventDefault(); if (s.csv.href) s.csv.click(); return;
    case 'Alt+J': if (s.portal) { e.preventDefault(); portalFile(s); } return;
    case 'Alt+M': if (s.next) { e.preventDefault(); loadMore(s); } return;
    case 'Alt+F': if (!s.file.hidden) { e.preventDefault(); askFile(s); } return;
    case 'Alt+K':
      if (x.by) { e.preventDefault(); x.by.value = BY[(BY.indexOf(x.by.value) + 1) % BY.length]; applyTools(s); }
      return;
    case '/': if (pick && !typing(el)) { e.preventDefault(); pick.input.focus(); } return;
    case 'Escape':
      e.preventDefault();
      if (el !== box && s.report) { box.focus(); return; }
      ctx.back(s.menu);
      return;
    default:
  }
}

export const reportScreen = { nav: 'reports', render: (ctx, root, params) => renderReport(ctx, root, params, false) };
export const stockReportScreen = { nav: 'inventory', render: (ctx, root, params) => renderReport(ctx, root, params, true) };
