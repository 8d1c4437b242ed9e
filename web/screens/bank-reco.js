// Bank reconciliation: a bank ledger's statement lines beside its book entries for a period, and
// what matched. A statement CSV as the bank gives it is imported from here (Alt+O opens the file
// picker; the rows read, or the line refused and why, are said in the user's language). Each open
// statement line names the entry the server suggests, and the cursor of the books follows it;
// Enter matches the statement line to the book entry selected, Delete undoes a match. ↑↓ move in
// a list, ←→ go to the next list. What may match what, and the suggestions, are the server's.
import { dateInput, picker, rowCursor, typing } from './ui.js';
import { errorNodes, alertError, toastError } from './form.js';
import { fetchPage, fetchReport, pageQuery } from './paging.js';
import { summaryItems } from './reports.js';

const NAME = 'bank-reconciliation';

/* The three lists, in the order ←→ walk them: [table name, title key, columns]. A column is
 * [cell key, heading key, kind]; kind money, date, or text. */
const PANES = [
  ['unmatched_statement', 'bank.paneStatement', [['date', 'rcol.date', 'date'], ['description', 'bank.col.narration', 'narration'],
    ['withdrawal', 'rcol.withdrawal', 'money'], ['deposit', 'rcol.deposit', 'money']]],
  ['unmatched_books', 'bank.paneBooks', [['date', 'rcol.date', 'date'], ['number', 'rcol.number', 'text'],
    ['narration', 'rcol.narration', 'text'], ['debit', 'rcol.debit', 'money'], ['credit', 'rcol.credit', 'money']]],
  ['matched', 'bank.paneMatched', [['date', 'rcol.date', 'date'], ['description', 'bank.col.narration', 'text'],
    ['reference', 'rcol.reference', 'text'], ['amount', 'rcol.amount', 'money'], ['book_date', 'rcol.book_date', 'date'],
    ['voucher_type', 'rcol.voucher_type', 'vtype'], ['number', 'rcol.number', 'text'], ['days_apart', 'rcol.days_apart', 'int'],
    ['match', 'bank.col.how', 'how']]],
];
const STMT = 0;
const BOOKS = 1;
const MATCHED = 2;

function cellNode(ctx, kind, key, row, books) {
  const { h, fmt } = ctx;
  const v = row.cells ? row.cells[key] : null;
  if (kind === 'narration') {
    // A statement line's narration, its reference and the entry suggested for it, one under the other.
    const b = books.find((x) => x.voucher_id === row.suggested_voucher_id && x.line_no === row.suggested_line_no);
    return h('td', { class: 'col-' + key }, [
      h('span', { class: 'narr', text: v || '' }),
      row.cells.reference ? h('span', { class: 'narr-ref muted', text: row.cells.reference }) : null,
      b ? h('span', { class: 'narr-suggest' }, [h('span', { class: 'suggest-tag', t: 'bank.suggestedTag' }), ' ', b.cells.number || '']) : null,
    ]);
  }
  if (v === null || v === undefined) return h('td', { class: 'col-' + key + (kind === 'money' || kind === 'int' ? ' num' : '') });
  if (kind === 'money') return h('td', { class: 'num col-' + key, text: fmt.formatMoney(v) });
  if (kind === 'int') return h('td', { class: 'num col-' + key, text: String(v) });
  if (kind === 'date') return h('td', { class: 'col-' + key, text: fmt.formatDate(v) });
  if (kind === 'vtype') return h('td', { class: 'col-' + key, ...(ctx.hasT('vtype.' + v) ? { t: 'vtype.' + v } : { text: v }) });
  if (kind === 'how') return h('td', { class: 'col-' + key, t: 'bank.how.' + (v === 'manual' ? 'manual' : 'auto') });
  return h('td', { class: 'col-' + key, text: String(v) });
}

/* One list: its table, the rows it shows and a cursor over them. */
function pane(ctx, i) {
  const { h } = ctx;
  const [name, title, cols] = PANES[i];
  const tbody = h('tbody');
  const table = h('table', {
    id: 'br-' + name, class: 'grid grid-dense report-grid bank-grid', tabIndex: 0, role: 'grid', dataset: { pane: String(i) },
    tattr: { 'aria-label': title },
  }, [h('thead', {}, [h('tr', {}, cols.map(([key, label, kind]) => h('th', { class: (kind === 'money' || kind === 'int' ? 'num ' : '') + 'col-' + key, t: label })))]), tbody]);
  const p = { i, name, table, tbody, rows: [], trs: [], count: h('span', { class: 'pane-count muted' }) };
  p.cursor = rowCursor(table, { rows: () => p.trs, onMove: () => p.onMove && p.onMove() });
  p.box = h('section', { class: 'bank-pane bank-pane-' + name }, [
    h('h2', { class: 'sub-head' }, [h('span', { t: title }), ' ', p.count]), h('div', { class: 'grid-wrap' }, [table])]);
  p.fill = (rows, books, empty) => {
    p.rows = rows;
    p.trs = rows.map((row, n) => h('tr', { id: 'br-' + name + '-' + n, role: 'row', dataset: { row: String(n) } },
      cols.map(([key, , kind]) => cellNode(ctx, kind, key, row, books))));
    tbody.replaceChildren(...(p.trs.length ? p.trs : [h('tr', { class: 'empty' }, [h('td', { colSpan: cols.length, t: empty || 'bank.empty.' + name })])]));
    p.count.textContent = '(' + rows.length + ')';
    p.cursor.reset();
  };
  return p;
}

/* The toolbar: the bank ledger ('/'), the period (F2), the import button (Alt+O) and its file input. */
function tools(ctx, s) {
  const { h } = ctx;
  const tool = (label, input, key) => h('label', { class: 'tool' }, [h('span', { class: 'tool-label', t: label }), input, key ? h('kbd', { class: 'tool-key', text: key }) : null]);
  s.ledger = picker(ctx, {
    id: 'br-ledger',
    search: async (q) => (await fetchPage(ctx, '/companies/' + s.cid + '/ledgers', { q }, { limit: 8 })).items,
    label: (l) => l.name || '',
    option: (l) => [h('span', { class: 'opt-main', text: l.name || '' }), h('span', { class: 'opt-meta', text: l.group || '' })],
    onPick: (l) => { s.st.ledger_id = String(l.id); s.sub.textContent = l.name || ''; apply(s); },
    props: { tattr: { placeholder: 'bank.pickLedger', 'aria-label': 'bank.ledger' } },
  });
  s.from = dateInput(ctx, { id: 'br-from', tattr: { 'aria-label': 'report.from' } });
  s.to = dateInput(ctx, { id: 'br-to', tattr: { 'aria-label': 'report.to' } });
  s.from.set(s.st.from);
  s.to.set(s.st.to);
  s.file = h('input', { type: 'file', id: 'br-file', hidden: true, accept: '.csv,text/csv,text/plain', tabIndex: -1, tattr: { 'aria-label': 'bank.import' } });
  s.file.addEventListener('change', () => importFile(s));
  s.importBtn = h('button', { type: 'button', class: 'btn', id: 'br-import', on: { click: () => openFile(s) } }, [
    h('span', { t: 'bank.import' }), h('kbd', { class: 'btn-key', text: 'Alt+O' })]);
  return h('div', { class: 'toolbar' }, [
    h('div', { class: 'tool search-box' }, [s.ledger.wrap]),
    tool('report.from', s.from.input, 'F2'), tool('report.to', s.to.input), s.importBtn, s.file,
  ]);
}

function renderBankReco(ctx, root, params) {
  const { h, fmt } = ctx;
  const q = params.query;
  const fy = fmt.financialYear(fmt.todayIso());
  const s = {
    ctx, cid: params.cid, seq: 0, report: null, active: STMT,
    st: { ledger_id: q.get('ledger_id') || '', from: q.get('from') || fy.from, to: q.get('to') || fy.to },
    sub: h('span', { class: 'head-sub', id: 'br-sub' }),
    csv: h('a', { id: 'br-csv', class: 'btn btn-ghost', download: '' }, [h('span', { t: 'report.csv' }), h('kbd', { class: 'btn-key', text: 'Alt+X' })]),
    status: h('div', { class: 'bank-status', id: 'br-status', role: 'status', 'aria-live': 'polite', hidden: true }),
    alert: h('div', { class: 'form-alert', id: 'br-alert', role: 'alert', hidden: true }),
    summary: h('div', { class: 'summary', id: 'br-summary' }),
    hint: h('p', { class: 'bank-help muted', id: 'br-help', t: 'bank.help' }),
    body: h('div', { class: 'bank-body', id: 'br-body' }),
  };
  s.panes = PANES.map((_, i) => pane(ctx, i));
  s.panes[STMT].onMove = () => followSuggestion(s);
  for (const p of s.panes) p.table.addEventListener('focus', () => { s.active = p.i; });
  const bar = tools(ctx, s);
  s.body.append(h('div', { class: 'bank-panes' }, [s.panes[STMT].box, s.panes[BOOKS].box]), s.panes[MATCHED].box);
  root.replaceChildren(h('section', { class: 'screen screen-report screen-bank' }, [
    h('div', { class: 'screen-head' }, [
      h('a', { class: 'crumb', href: '#/c/' + s.cid + '/reports', t: 'reports.title' }),
      h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
      h('h1', { id: 'br-title', t: 'rep.' + NAME }), s.sub, h('div', { class: 'spacer' }), s.csv,
    ]),
    bar, s.status, s.alert, s.summary, s.hint, s.body,
  ]));
  ctx.setKeys([['↑↓', 'keys.move'], ['←→', 'bank.keys.pane'], ['Enter', 'bank.keys.match'], ['Del', 'bank.keys.unmatch'],
    ['Alt+O', 'bank.import'], ['F2', 'keys.period'], ['/', 'bank.pickLedger'], ['Alt+X', 'report.csv'], ['Esc', 'keys.back']]);
  load(s).then(() => { if (s.report) focusPane(s, STMT); });
  return { onKey: (e, k) => onKey(s, e, k), destroy() { s.seq++; } };
}

/* The tools into the hash, and the report again. */
function apply(s) {
  const { ctx } = s;
  for (const [k, d] of [['from', s.from], ['to', s.to]]) {
    if (d.input.value.trim() !== '' && !d.iso()) { ctx.toast('report.badDate', { kind: 'error' }); d.input.focus(); return; }
    s.st[k] = d.input.value.trim() === '' ? '' : d.iso();
  }
  ctx.replaceHash('#/c/' + s.cid + '/reports/' + NAME + '?' + pageQuery(s.st));
  load(s).then(() => { if (s.report) focusPane(s, STMT); });
}

/* Loads the reconciliation; keep: the rows each list had its cursor on, to stay near them. */
async function load(s, keep) {
  const { ctx } = s;
  const my = ++s.seq;
  if (!s.st.ledger_id) {
    s.report = null;
    s.summary.replaceChildren();
    s.body.hidden = true;
    s.hint.hidden = true;
    s.csv.removeAttribute('href');
    s.status.hidden = false;
    s.status.replaceChildren(ctx.h('p', { class: 'muted', t: 'bank.pickLedgerFirst' }));
    s.ledger.input.focus();
    return;
  }
  s.body.setAttribute('aria-busy', 'true');
  try {
    const { report } = await fetchReport(ctx, '/companies/' + s.cid + '/reports/' + NAME, s.st);
    if (my !== s.seq) return;
    show(s, report, keep);
  } catch (err) {
    if (my !== s.seq || err.status === 401) return;
    s.report = null;
    alertError(ctx, s.alert, err);
    if (err.field === 'ledger_id') s.ledger.input.focus();
  } finally {
    if (my === s.seq) s.body.removeAttribute('aria-busy');
  }
}

function show(s, r, keep) {
  const { ctx } = s;
  const table = (name) => ((r.tables || []).find((t) => t.name === name) || { rows: [] }).rows || [];
  const sum = r.summary || {};
  s.report = r;
  s.body.hidden = false;
  s.hint.hidden = false;
  if (s.status.dataset.kept !== '1') s.status.hidden = true;
  s.status.dataset.kept = '';
  s.summary.replaceChildren(...summaryItems(ctx, sum));
  const books = table('unmatched_books');
  // No statement line in the period at all: it is the statement that is missing.
  const none = !table('unmatched_statement').length && !table('matched').length;
  for (const p of s.panes) p.fill(table(p.name), books, none && p.i === STMT ? 'bank.empty.noStatement' : null);
  for (const p of s.panes) if (p.trs.length) p.cursor.set(keep ? Math.min(keep[p.i], p.trs.length - 1) : 0, true);
  if (!s.ledger.value || String(s.ledger.value.id) !== String(s.st.ledger_id)) ledgerName(s);
  if (!s.st.from) { s.from.set(r.from); s.to.set(r.to); }
  s.csv.href = '/api/v1/companies/' + s.cid + '/reports/' + NAME + '?' + pageQuery({ ...s.st, format: 'csv' });
  followSuggestion(s, true);
}

/* The ledger's name beside the title and in its picker (a ledger named by the hash). */
async function ledgerName(s) {
  try {
    const r = await s.ctx.api('GET', '/companies/' + s.cid + '/ledgers/' + encodeURIComponent(s.st.ledger_id));
    const l = r.data || {};
    s.ledger.set({ id: l.id, name: l.name || '' });
    s.sub.textContent = l.name || '';
  } catch (_) { /* the report said what was wrong with the ledger */ }
}

/* The books' cursor goes to the entry suggested for the statement line under the cursor. */
function followSuggestion(s, quiet) {
  const st = s.panes[STMT];
  const bk = s.panes[BOOKS];
  const row = st.rows[st.cursor.active];
  for (const tr of bk.trs) tr.classList.remove('is-suggested');
  if (!row || !row.suggested_voucher_id) return;
  const j = bk.rows.findIndex((b) => b.voucher_id === row.suggested_voucher_id && b.line_no === row.suggested_line_no);
  if (j < 0) return;
  bk.trs[j].classList.add('is-suggested');
  bk.cursor.set(j, quiet);
}

function focusPane(s, i) {
  const p = s.panes[i];
  s.active = i;
  p.table.focus();
  if (p.cursor.active < 0 && p.trs.length) p.cursor.set(0);
}

/* Enter: the statement line under its cursor matched to the book entry under the books' cursor. */
async function match(s) {
  const { ctx } = s;
  const st = s.panes[STMT];
  const bk = s.panes[BOOKS];
  const line = st.rows[st.cursor.active];
  const entry = bk.rows[bk.cursor.active];
  if (!line || !entry) { ctx.toast('bank.pickBoth', { kind: 'error' }); return; }
  s.alert.hidden = true;
  try {
    await ctx.api('POST', '/companies/' + s.cid + '/bank-statements/lines/' + line.statement_line_id + '/match',
      { body: { voucher_id: entry.voucher_id, line_no: entry.line_no }, idem: ctx.newKey() });
    ctx.toast('bank.matchedToast', { args: { number: entry.cells.number || '' } });
    await load(s, s.panes.map((p) => p.cursor.active));
    focusPane(s, st.trs.length ? STMT : MATCHED);
  } catch (err) {
    if (err.status === 401) return;
    alertError(ctx, s.alert, err, 'bank.matchRefused');
  }
}

/* Delete on a matched row: its match undone. */
async function unmatch(s) {
  const { ctx } = s;
  const m = s.panes[MATCHED];
  const row = m.rows[m.cursor.active];
  if (!row) return;
  s.alert.hidden = true;
  try {
    await ctx.api('DELETE', '/companies/' + s.cid + '/bank-statements/lines/' + row.statement_line_id + '/match', { idem: ctx.newKey() });
    ctx.toast('bank.unmatchedToast', { args: { number: row.cells.number || '' } });
    await load(s, s.panes.map((p) => p.cursor.active));
    focusPane(s, m.trs.length ? MATCHED : STMT);
  } catch (err) {
    if (err.status === 401) return;
    alertError(ctx, s.alert, err, 'bank.unmatchRefused');
  }
}

function openFile(s) {
  if (!s.st.ledger_id) { s.ctx.toast('bank.pickLedgerFirst', { kind: 'error' }); s.ledger.input.focus(); return; }
  s.file.value = '';
  s.file.click();
}

/* The chosen file uploaded as it is; what the server read, or the line it refused, said. */
async function importFile(s) {
  const { ctx } = s;
  const { h } = ctx;
  const f = s.file.files && s.file.files[0];
  if (!f) return;
  s.alert.hidden = true;
  s.status.hidden = false;
  s.status.className = 'bank-status';
  s.status.replaceChildren(h('span', { t: 'bank.importing', targs: { name: f.name } }));
  let text;
  try { text = await f.text(); } catch (_) { s.status.replaceChildren(h('span', { t: 'bank.unreadable', targs: { name: f.name } })); return; }
  try {
    const r = await ctx.api('POST', '/companies/' + s.cid + '/bank-statements?ledger_id=' + encodeURIComponent(s.st.ledger_id),
      { raw: text, contentType: 'text/csv', idem: ctx.newKey() });
    const d = r.data || {};
    s.status.className = 'bank-status is-ok';
    s.status.replaceChildren(h('strong', { t: 'bank.imported', targs: { name: f.name, lines: d.lines, imported: d.imported, duplicates: d.duplicates } }),
      ' ', h('span', { t: 'bank.importedMatched', targs: { matched: d.matched, unmatched: d.unmatched } }));
    s.status.dataset.kept = '1';
    await load(s);
    focusPane(s, STMT);
  } catch (err) {
    if (err.status === 401) return;
    if (err.status === 0) { toastError(ctx, err); return; }
    s.status.className = 'bank-status is-bad';
    const line = err.details && err.details.line;
    s.status.replaceChildren(
      h('strong', line ? { t: 'bank.refusedLine', targs: { name: f.name, line } } : { t: 'bank.refusedFile', targs: { name: f.name } }),
      ' ', ...errorNodes(ctx, err));
  }
}

function onKey(s, e, k) {
  const el = e.target;
  const pick = s.ledger;
  if (el === pick.input) {
    if (pick.onKey(e, k)) return;
    if (k === 'Enter') { e.preventDefault(); pick.enter(); return; }
  }
  if (k === 'Enter' && el === s.from.input) { e.preventDefault(); s.to.input.focus(); s.to.input.select(); return; }
  if (k === 'Enter' && el === s.to.input) { e.preventDefault(); apply(s); return; }
  const p = s.panes.find((x) => x.table === el);
  if (p && (k === 'ArrowLeft' || k === 'ArrowRight')) {
    e.preventDefault();
    focusPane(s, (p.i + (k === 'ArrowRight' ? 1 : PANES.length - 1)) % PANES.length);
    return;
  }
  if (p && k === 'Enter') { e.preventDefault(); if (p.i !== MATCHED) match(s); return; }
  if (p && (k === 'Delete' || k === 'Backspace')) { e.preventDefault(); if (p.i === MATCHED) unmatch(s); else s.ctx.toast('bank.unmatchWhere'); return; }
  if (p && p.cursor.onKey(e, k)) return;
  switch (k) {
    case 'Alt+O': e.preventDefault(); openFile(s); return;
    case 'F2': e.preventDefault(); s.from.input.focus(); s.from.input.select(); return;
    case 'Alt+X': e.preventDefault(); if (s.csv.href) s.csv.click(); return;
    case '/': if (!typing(el)) { e.preventDefault(); pick.input.focus(); } return;
    case 'Escape':
      e.preventDefault();
      if (!p && s.report) { focusPane(s, s.active); return; }
      s.ctx.back('#/c/' + s.cid + '/reports');
      return;
    default:
  }
}

export const bankRecoScreen = { nav: 'reports', render: renderBankReco };
