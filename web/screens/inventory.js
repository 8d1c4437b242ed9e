// Inventory: items (search by SKU, English or Hindi name, with stock in hand; the highlighted item's
// stock per godown and batches under the list), the item form with opening stock per godown (and its
// batch, for items that keep batches), the item screen (edit, archive, stock and batches), godowns,
// stock journals (transfer, consumption, production) and physical verification. Stock figures are
// the server's; forms send what is typed and show the server's verdict beside the field it names.
import { notices, dateInput, moneyInput, wireMoney, picker, rowCursor, keyButton, moneyCell, tabs, typing, itemOption } from './ui.js';
import { formControl, toastError, focusEnd, walk } from './form.js';
import { fetchPage, fetchAll } from './paging.js';

/* ---------- shared ---------- */

/* The inventory screens' tabs; active is the one shown ('' for items, 'godowns', … 'reports'). */
export function invTabs(ctx, cid, active) {
  const b = '#/c/' + cid + '/inventory';
  return tabs(ctx, [
    [b, 'inv.items', 'Alt+1'], [b + '/godowns', 'inv.godowns', 'Alt+2'], [b + '/stock-journal', 'inv.stockJournal', 'Alt+3'],
    [b + '/verification', 'inv.verification', 'Alt+4'], [b + '/reports', 'inv.reports', 'Alt+5'],
  ], b + (active ? '/' + active : ''));
}

/* Alt+1..Alt+5 move between the inventory screens; true when the key was one of them. */
export function invTabKey(ctx, cid, e, k) {
  const b = '#/c/' + cid + '/inventory';
  const map = { 'Alt+1': b, 'Alt+2': b + '/godowns', 'Alt+3': b + '/stock-journal', 'Alt+4': b + '/verification', 'Alt+5': b + '/reports' };
  if (!map[k]) return false;
  e.preventDefault();
  ctx.state.drill = [];
  ctx.go(map[k]);
  return true;
}

export const INV_TAB_KEYS = [['Alt+1', 'inv.items'], ['Alt+2', 'inv.godowns'], ['Alt+3', 'inv.stockJournal'], ['Alt+4', 'inv.verification'], ['Alt+5', 'inv.reports']];

function itemPicker(ctx, cid, id, onPick, extra = {}) {
  const { h, fmt } = ctx;
  return picker(ctx, {
    id,
    search: async (q) => (q ? (await fetchPage(ctx, '/companies/' + cid + '/items', { q: q }, { limit: 8 })).items : []),
    label: (it) => it.name || '',
    option: (it) => [
      ...itemOption(ctx, it),
      h('span', { class: 'opt-meta' }, [h('span', { class: 'mono', text: it.sku || '' }), ' · ',
        h('span', { class: 'opt-stock', t: 'voucher.inStock', targs: { qty: fmt.formatQty(it.in_stock, it.unit) } })]),
    ],
    onPick,
    props: { tattr: { placeholder: 'voucher.itemPlaceholder', 'aria-label': 'voucher.item' } },
    ...extra,
  });
}

/* The item's stock per godown and, if it keeps them, what is left of each batch (read-only), from
 * GET /items/{id}: a list of .detail-part blocks with the tables #item-stock and #item-batches. */
function stockParts(ctx, d) {
  const { h, fmt } = ctx;
  const stock = d.stock || [];
  const batches = d.batches || [];
  const gname = {};
  for (const x of stock) gname[x.godown_id] = x.godown;
  const small = (heads, rows, emptyKey, id) => h('table', { class: 'grid grid-dense detail-grid', id }, [
    h('thead', {}, [h('tr', {}, heads.map(([key, num]) => h('th', { class: num ? 'num' : '', t: key })))]),
    h('tbody', {}, rows.length ? rows : [h('tr', { class: 'empty' }, [h('td', { colSpan: heads.length, t: emptyKey })])]),
  ]);
  const stockTable = small([['item.godown'], ['item.inStock', true], ['item.value', true]], stock.map((x) => h('tr', {}, [
    h('td', { text: x.godown || '' }),
    h('td', { class: 'num col-stock', text: fmt.formatQty(x.qty, d.unit) }),
    moneyCell(ctx, x.value),
  ])), 'item.noStock', 'item-stock');
  const parts = [h('div', { class: 'detail-part' }, [h('h2', { class: 'mini-head', t: 'item.stockByGodown' }), stockTable])];
  if (d.tracks_batches) {
    parts.push(h('div', { class: 'detail-part' }, [h('h2', { class: 'mini-head', t: 'item.batches' }),
      small([['item.batch'], ['item.godown'], ['item.expiry'], ['item.inStock', true]], batches.map((b) => h('tr', {}, [
        h('td', { class: 'mono', text: b.batch || '' }),
        h('td', { text: gname[b.godown_id] || ('#' + b.godown_id) }),
        h('td', { class: 'col-date', text: b.expiry ? fmt.formatDate(b.expiry) : '—' }),
        h('td', { class: 'num', text: fmt.formatQty(b.qty, d.unit) }),
      ])), 'item.noBatchStock', 'item-batches')]));
  }
  return parts;
}

/* ---------- items list ---------- */

const ITEMS_PAGE = 200;

export const itemsScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const key = 'items:' + cid;
    const ls = ctx.state.listState[key] || (ctx.state.listState[key] = { q: '', archived: false });
    const savedItem = ctx.takeFlash('savedItem');
    if (savedItem) ls.q = savedItem.sku || savedItem.name || '';
    const kept = ctx.takeView();
    let items = [];
    let next = null;     // the cursor of the page after those shown
    let groups = {};
    let seq = 0;
    let timer = null;
    let detailSeq = 0;
    let detailTimer = null;

    const search = h('input', { id: 'item-search', type: 'search', class: 'search', autocomplete: 'off', spellcheck: 'false', value: ls.q, tattr: { placeholder: 'inv.searchPlaceholder', 'aria-label': 'inv.search' } });
    const archived = h('input', { id: 'items-archived', type: 'checkbox', checked: !!ls.archived });
    const count = h('span', { class: 'count', id: 'items-count' });
    const tbody = h('tbody');
    const table = h('table', { id: 'items-table', class: 'grid grid-dense', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'inv.items' } }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { class: 'col-sku', t: 'item.sku' }), h('th', { t: 'item.name' }), h('th', { class: 'col-name_hi', t: 'item.nameHi' }), h('th', { t: 'item.group' }),
        h('th', { t: 'item.hsn' }), h('th', { class: 'num', t: 'item.gstRate' }), h('th', { class: 'num', t: 'item.inStock' }),
        h('th', { class: 'num', t: 'item.value' }), h('th', { class: 'num', t: 'item.reorderLevel' }),
      ])]),
      tbody,
    ]);
    const cursor = rowCursor(table, { onOpen: (i) => open(i), onMove: (i) => scheduleDetail(i) });
    const detail = h('div', { class: 'item-detail', id: 'item-detail', 'aria-live': 'polite', hidden: true });

    root.replaceChildren(h('section', { class: 'screen screen-items' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'inv.title' }), count, h('div', { class: 'spacer' }),
        keyButton(ctx, 'new-item', 'inv.newItem', 'Alt+N', 'btn-primary', () => ctx.go('#/c/' + cid + '/inventory/items/new'))]),
      invTabs(ctx, cid, ''),
      h('div', { class: 'toolbar' }, [h('div', { class: 'search-box' }, [search, h('kbd', { class: 'search-key', text: '/' })]),
        h('label', { class: 'tool check' }, [archived, h('span', { t: 'list.showArchived' }), h('kbd', { class: 'tool-key', text: 'Alt+A' })])]),
      h('div', { class: 'grid-wrap items-wrap' }, [table]),
      detail,
    ]));

    /* The first page of items, or (append) the next one after those shown. */
    async function load(append) {
      if (append && !next) return;
      const my = ++seq;
      table.setAttribute('aria-busy', 'true');
      try {
        const page = await fetchPage(ctx, '/companies/' + cid + '/items', { q: ls.q, archived: ls.archived ? 'all' : '' },
          { limit: ITEMS_PAGE, after: append ? next : null });
        if (my !== seq) return;
        items = append ? items.concat(page.items) : page.items;
        next = page.next;
        render(append);
      } catch (err) {
        if (my === seq) toastError(ctx, err);
      } finally {
        if (my === seq) table.removeAttribute('aria-busy');
      }
    }

    function render(append) {
      const was = cursor.active;
      cursor.reset();
      if (!append) {
        clearTimeout(detailTimer);
        detailSeq++;
        detail.hidden = true;
      }
      if (!items.length) {
        tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: 9, t: ls.q ? 'inv.noMatch' : 'inv.empty', targs: { q: ls.q } })]));
      } else {
        tbody.replaceChildren(...items.map((it, i) => h('tr', { id: 'item-row-' + it.id, role: 'row', class: it.archived ? 'is-archived' : '', dataset: { row: String(i), id: String(it.id) } }, [
          h('td', { class: 'col-sku mono', text: it.sku || '' }),
          h('td', { class: 'col-name' }, [ctx.itemNameNode(it.name, it.name_hi), it.tracks_batches ? h('span', { class: 'badge badge-muted', t: 'item.batchesBadge' }) : null,
            it.archived ? h('span', { class: 'badge badge-muted', t: 'item.archived' }) : null]),
          h('td', { class: 'col-name_hi', lang: 'hi', text: it.name_hi || '' }),
          h('td', { class: 'muted', text: groups[it.group_id] || '' }),
          h('td', { class: 'mono', text: it.hsn || '' }),
          h('td', { class: 'num', text: it.gst_rate != null ? it.gst_rate + '%' : '' }),
          h('td', { class: 'num col-stock' + (fmt.isZeroAmount(it.in_stock) ? ' is-zero' : ''), text: fmt.formatQty(it.in_stock, it.unit) }),
          moneyCell(ctx, it.stock_value),
          h('td', { class: 'num', text: it.reorder_level && !fmt.isZeroAmount(it.reorder_level) ? fmt.formatQty(it.reorder_level, it.unit) : '' }),
        ])));
      }
      ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
      if (append && was >= 0) cursor.set(was, true);
    }

    function scheduleDetail(i) {
      clearTimeout(detailTimer);
      detailTimer = setTimeout(() => showDetail(items[i]), 120);
    }

    /* The highlighted item as the server has it: stock per godown and, if it keeps them, batches. */
    async function showDetail(it) {
      const my = ++detailSeq;
      if (!it) { detail.hidden = true; return; }
      let d;
      try {
        d = (await ctx.api('GET', '/companies/' + cid + '/items/' + it.id)).data || {};
      } catch (err) {
        if (my === detailSeq) detail.hidden = true;
        return;
      }
      if (my !== detailSeq) return;
      detail.replaceChildren(
        h('div', { class: 'detail-head' }, [
          h('strong', { t: 'item.detailTitle', targs: { name: d.name || '' } }),
          h('span', { class: 'mono muted', text: d.sku || '' }),
          h('span', { class: 'badge ' + (d.tracks_batches ? 'badge-ok' : 'badge-muted'), id: 'item-detail-batches', t: d.tracks_batches ? 'item.keepsBatches' : 'item.noBatches' }),
        ]),
        h('div', { class: 'detail-body' }, stockParts(ctx, d)),
      );
      detail.hidden = false;
      // The list just got shorter: keep the highlighted row in sight.
      const active = tbody.querySelector('tr.is-active');
      if (active) active.scrollIntoView({ block: 'nearest' });
    }

    /* Enter or a click: the item's own screen; Alt+M: its movement register. Esc comes back to the row. */
    function open(i) {
      const it = items[i];
      if (it) ctx.drill('#/c/' + cid + '/inventory/items/' + it.id, { active: i, id: it.id });
    }

    function openMovement(i) {
      const it = items[i];
      if (it) ctx.drill('#/c/' + cid + '/inventory/reports/stock-movement?item_id=' + it.id, { active: i, id: it.id });
    }

    function toggleArchived() {
      ls.archived = archived.checked;
      load().then(() => { if (items.length && document.activeElement === table) cursor.set(0); });
    }
    archived.addEventListener('change', toggleArchived);

    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { ls.q = search.value.trim(); load(); }, 200);
    });

    // Alt+A is shown beside its checkbox: the bar has no room left for it.
    ctx.setKeys([['/', 'keys.search'], ['↑↓', 'keys.move'], ['Enter', 'inv.openItem'], ['Alt+M', 'inv.openMovement'], ['Alt+N', 'inv.newItem'],
      ...INV_TAB_KEYS]);

    (async () => {
      try { for (const x of await fetchAll(ctx, '/companies/' + cid + '/item-groups')) groups[x.id] = x.name; } catch (_) { /* names only */ }
      await load();
      if (savedItem) {
        const i = items.findIndex((x) => x.id === savedItem.id);
        table.focus();
        cursor.set(i >= 0 ? i : 0);
      } else if (kept && items.length) {
        // Back from an item: its row, found by id (an edited name may have moved it).
        const i = kept.id ? items.findIndex((x) => x.id === kept.id) : -1;
        table.focus();
        cursor.set(i >= 0 ? i : (kept.active || 0));
      } else search.focus();
    })();

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        if (cursor.onKey(e, k)) {
          // At the last row shown, the next page comes (its cursor is the server's `next`).
          if (cursor.active === items.length - 1 && next) load(true);
          return;
        }
        const el = e.target;
        switch (k) {
          case '/': if (!typing(el)) { e.preventDefault(); search.focus(); search.select(); } return;
          case 'Alt+N': e.preventDefault(); ctx.go('#/c/' + cid + '/inventory/items/new'); return;
          case 'Alt+M': e.preventDefault(); if (cursor.active >= 0) openMovement(cursor.active); return;
          case 'Alt+A': e.preventDefault(); archived.checked = !archived.checked; toggleArchived(); return;
          case 'ArrowDown': if (el === search) { e.preventDefault(); table.focus(); cursor.set(0); } return;
          case 'Enter':
            if (el === search) {
              e.preventDefault();
              clearTimeout(timer);
              ls.q = search.value.trim();
              load().then(() => { table.focus(); cursor.set(0); });
            }
            return;
          case 'Escape': if (el !== search) { e.preventDefault(); search.focus(); } return;
          default:
        }
      },
      destroy() { clearTimeout(timer); clearTimeout(detailTimer); seq++; detailSeq++; },
    };
  },
};

/* ---------- item form ---------- */

export const itemFormScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const listHash = '#/c/' + cid + '/inventory';
    let godowns = [];
    let idem = null;

    const inp = (name, props = {}) => h('input', { id: 'f-' + name, name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...props });
    const f = {
      sku: inp('sku', { class: 'mono upper', maxLength: 40 }),
      name: inp('name', { maxLength: 200 }),
      name_hi: inp('name_hi', { maxLength: 200, lang: 'hi' }),
      unit_id: h('select', { id: 'f-unit_id', name: 'unit_id' }),
      group_id: h('select', { id: 'f-group_id', name: 'group_id' }),
      new_group: inp('new_group', { maxLength: 100, tattr: { placeholder: 'item.newGroupPlaceholder' } }),
      hsn: inp('hsn', { class: 'mono', maxLength: 8, inputmode: 'numeric' }),
      gst_rate: inp('gst_rate', { class: 'num', maxLength: 5, inputmode: 'decimal' }),
      reorder_level: inp('reorder_level', { class: 'num', inputmode: 'decimal' }),
      reorder_qty: inp('reorder_qty', { class: 'num', inputmode: 'decimal' }),
      tracks_batches: h('input', { id: 'f-tracks_batches', name: 'tracks_batches', type: 'checkbox' }),
    };
    const openingDate = dateInput(ctx, { id: 'f-opening_date', name: 'opening_date' });
    openingDate.set(fmt.financialYear(fmt.todayIso()).from);
    const fld = (name, label, input, span, extra) => h('div', { class: 'field span-' + span, dataset: { field: name } }, [
      h('label', { for: input.id, t: label }), input, extra || null]);
    const openTbody = h('tbody', { id: 'opening-rows' });
    const batchHint = h('div', { class: 'muted small opening-hint', id: 'opening-batch-hint', t: 'item.openingBatchHint', hidden: true });
    const alert = h('div', { class: 'form-alert', id: 'form-alert', role: 'alert', hidden: true });
    const saveBtn = keyButton(ctx, 'save', 'form.save', 'Ctrl+Enter', 'btn-primary');
    const backBtn = keyButton(ctx, 'back', 'form.back', 'Esc', 'btn-ghost', () => leave());
    const form = h('form', { class: 'item-form', id: 'item-form', noValidate: true, autocomplete: 'off' }, [
      h('div', { class: 'form-grid' }, [
        fld('sku', 'item.sku', f.sku, 3),
        fld('name', 'item.name', f.name, 5),
        fld('name_hi', 'item.nameHi', f.name_hi, 4),
        fld('unit_id', 'item.unit', f.unit_id, 3),
        fld('group_id', 'item.group', f.group_id, 3),
        fld('new_group', 'item.newGroup', f.new_group, 3),
        fld('hsn', 'item.hsn', f.hsn, 3),
        fld('gst_rate', 'item.gstRate', f.gst_rate, 3),
        fld('reorder_level', 'item.reorderLevel', f.reorder_level, 3),
        fld('reorder_qty', 'item.reorderQty', f.reorder_qty, 3),
        h('div', { class: 'field span-3 check-field', dataset: { field: 'tracks_batches' } }, [
          h('label', { class: 'tool check' }, [f.tracks_batches, h('span', { t: 'item.tracksBatches' })])]),
        h('div', { class: 'span-12 opening' }, [
          h('div', { class: 'opening-head' }, [h('h2', { class: 'sub-head', t: 'item.opening' }),
            h('div', { class: 'field inline', dataset: { field: 'opening_date' } }, [h('label', { for: 'f-opening_date', t: 'item.openingDate' }), openingDate.input])]),
          h('table', { class: 'entry-grid opening-grid', id: 'opening-grid' }, [
            h('thead', {}, [h('tr', {}, [h('th', { t: 'item.godown' }), h('th', { class: 'c-batch', t: 'item.batch' }), h('th', { class: 'c-batch', t: 'item.expiry' }),
              h('th', { class: 'num', t: 'item.qty' }), h('th', { class: 'num', t: 'item.rate' })])]),
            openTbody,
          ]),
          batchHint,
        ]),
      ]),
      h('div', { class: 'form-actions' }, [saveBtn, backBtn]),
    ]);
    root.replaceChildren(h('section', { class: 'screen screen-form' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: listHash, t: 'inv.title' }), h('span', { class: 'crumb-sep', text: '›' }), h('h1', { t: 'inv.newItem' })]),
      invTabs(ctx, cid, ''),
      alert,
      h('div', { class: 'card' }, [form]),
    ]));

    let openRows = [];
    let rowSeq = 0;
    const batched = () => f.tracks_batches.checked;
    function order() {
      const list = [f.sku, f.name, f.name_hi, f.unit_id, f.group_id, f.new_group, f.hsn, f.gst_rate, f.reorder_level, f.reorder_qty, f.tracks_batches, openingDate.input];
      for (const r of openRows) list.push(...(batched() ? [r.batch, r.expiry.input] : []), r.qty, r.rate);
      list.push(saveBtn);
      return list;
    }

    /* One opening line: a godown, and for an item that keeps batches the batch (and expiry) held there. */
    function openRow(g2, after) {
      const i = rowSeq++;
      const r = { godown: g2 };
      r.batch = h('input', { id: 'op-' + i + '-batch', type: 'text', class: 'mono', autocomplete: 'off', spellcheck: 'false', maxLength: 40, tattr: { 'aria-label': 'item.batch' } });
      r.expiry = dateInput(ctx, { id: 'op-' + i + '-expiry', tattr: { 'aria-label': 'item.expiry' } });
      r.qty = h('input', { id: 'op-' + i + '-qty', type: 'text', class: 'num', inputmode: 'decimal', autocomplete: 'off', tattr: { 'aria-label': 'item.qty' } });
      r.rate = moneyInput(ctx, { id: 'op-' + i + '-rate', tattr: { 'aria-label': 'item.rate' } });
      r.batchCells = [h('td', { class: 'c-batch' }, [r.batch]), h('td', { class: 'c-batch' }, [r.expiry.input])];
      r.tr = h('tr', { dataset: { godown: String(g2.id) } }, [h('td', { text: g2.name }), ...r.batchCells, h('td', {}, [r.qty]), h('td', {}, [r.rate])]);
      if (after) {
        after.tr.after(r.tr);
        openRows.splice(openRows.indexOf(after) + 1, 0, r);
      } else {
        openTbody.append(r.tr);
        openRows.push(r);
      }
      showBatches();
      return r;
    }

    /* The batch columns are there only while "keeps batches" is ticked; nothing typed in them is lost. */
    function showBatches() {
      const on = batched();
      form.querySelector('#opening-grid').classList.toggle('with-batches', on);
      for (const th of form.querySelectorAll('#opening-grid th.c-batch')) th.hidden = !on;
      for (const r of openRows) for (const td of r.batchCells) td.hidden = !on;
      batchHint.hidden = !on;
    }

    function body() {
      const b = { sku: f.sku.value.trim().toUpperCase(), name: f.name.value.trim() };
      if (f.name_hi.value.trim()) b.name_hi = f.name_hi.value.trim();
      if (f.unit_id.value) b.unit_id = Number(f.unit_id.value);
      if (f.group_id.value) b.group_id = Number(f.group_id.value);
      if (f.hsn.value.trim()) b.hsn = f.hsn.value.trim();
      if (f.gst_rate.value.trim()) b.gst_rate = f.gst_rate.value.trim().replace(/%$/, '');
      if (f.reorder_level.value.trim()) b.reorder_level = f.reorder_level.value.trim();
      if (f.reorder_qty.value.trim()) b.reorder_qty = f.reorder_qty.value.trim();
      if (f.tracks_batches.checked) b.tracks_batches = true;
      const opening = [];
      const map = [];
      for (const r of openRows) {
        const batch = batched() ? r.batch.value.trim() : '';
        const expiry = batched() ? r.expiry.input.value.trim() : '';
        if (!r.qty.value.trim() && !r.rate.value.trim() && !batch && !expiry) continue;
        const o = { godown_id: r.godown.id, qty: r.qty.value.trim() };
        const rate = wireMoney(ctx, r.rate.value);
        if (rate) o.rate = rate;
        if (batch) o.batch = batch;
        if (expiry) o.expiry = r.expiry.iso() || expiry;
        opening.push(o);
        map.push(r);
      }
      if (opening.length) {
        b.opening = opening;
        const iso = openingDate.iso();
        b.opening_date = iso || openingDate.input.value.trim();
      }
      return { b, map };
    }

    let sentMap = [];        // opening line sent -> its row, for errors on opening[n]
    /* Where an error on `field` goes: an opening line's input, the opening date, a field of the form;
     * a refused new group goes beside its name. */
    function place(field, err) {
      if (err.inGroup) return { input: f.new_group };
      const m = /^opening\[(\d+)\]\.(\w+)$/.exec(field);
      if (m && sentMap[Number(m[1])]) {
        const r = sentMap[Number(m[1])];
        const at = { rate: r.rate, batch: batched() ? r.batch : null, expiry: batched() ? r.expiry.input : null }[m[2]];
        return { input: at || r.qty };
      }
      if (field === 'opening_date') return { input: openingDate.input };
      return f[field] ? { input: f[field] } : null;
    }
    const ctl = formControl(ctx, { scope: form, alert, buttons: [saveBtn], busyEl: form, place, first: () => f.sku, save: () => save() });

    async function save() {
      const { b, map } = body();
      sentMap = map;
      await ctl.run(async () => {
        if (f.new_group.value.trim() && !f.group_id.value) {
          let g;
          try {
            g = await ctx.api('POST', '/companies/' + cid + '/item-groups', { body: { name: f.new_group.value.trim() } });
          } catch (err) {
            err.inGroup = true;
            throw err;
          }
          const gid = g.data && g.data.id;
          f.group_id.append(h('option', { value: String(gid), text: f.new_group.value.trim() }));
          f.group_id.value = String(gid);
          f.new_group.value = '';
          b.group_id = gid;
        }
        const json = JSON.stringify(b);
        if (!idem || idem.json !== json) idem = { json, key: ctx.newKey() };
        const res = await ctx.api('POST', '/companies/' + cid + '/items', { body: b, idem: idem.key, quiet429: true });
        idem = null;
        ctx.toast('toast.saved', { args: { name: res.data.name || b.name }, kind: 'ok' });
        ctx.putFlash('savedItem', res.data);
        ctx.go(listHash);
      });
    }

    function leave() { ctx.go(listHash); }

    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
    f.sku.addEventListener('blur', () => { f.sku.value = f.sku.value.trim().toUpperCase(); });
    f.tracks_batches.addEventListener('change', () => { showBatches(); setKeys(); });

    function setKeys() {
      ctx.setKeys([['Enter', 'keys.nextField'], ['Shift+Enter', 'keys.prevField'], ['Ctrl+Enter', 'keys.save'], ['Esc', 'keys.back'],
        ...(batched() ? [['Alt+B', 'item.anotherBatch']] : []), ...INV_TAB_KEYS]);
    }
    setKeys();
    showBatches();

    ctl.load(async () => {
      const [units, groups, gd] = await Promise.all([
        fetchAll(ctx, '/companies/' + cid + '/units'),
        fetchAll(ctx, '/companies/' + cid + '/item-groups'),
        fetchAll(ctx, '/companies/' + cid + '/godowns'),
      ]);
      f.unit_id.replaceChildren(h('option', { value: '', t: 'item.chooseUnit' }), ...units.map((x) => h('option', { value: String(x.id), text: x.symbol + ' · ' + x.name })));
      f.group_id.replaceChildren(h('option', { value: '', t: 'item.noGroup' }), ...groups.map((x) => h('option', { value: String(x.id), text: x.name })));
      godowns = gd;
      for (const g2 of godowns) openRow(g2);
    }).then(() => f.sku.focus());

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        if (ctl.onKey(e, k)) return;
        const el = e.target;
        switch (k) {
          case 'Escape': e.preventDefault(); leave(); return;
          case 'Alt+B': {
            // Another batch in the same godown, under the line being typed (the server takes up to 16 lines).
            const r = openRows.find((x) => x.tr.contains(el));
            if (!batched() || !r || openRows.length >= 16) return;
            e.preventDefault();
            openRow(r.godown, r).batch.focus();
            return;
          }
          case 'Enter':
            if (el.tagName === 'BUTTON' || el.tagName === 'A') return;
            if (walk(order(), el, 1)) e.preventDefault();
            return;
          case 'Shift+Enter': if (walk(order(), el, -1)) e.preventDefault(); return;
          default:
        }
      },
    };
  },
};

/* ---------- item screen: edit, archive or restore, stock and batches ---------- */

/* What may change after an item is made (the SKU and unit stay as created), in Enter order. */
const ITEM_EDIT_FIELDS = [
  { name: 'name', label: 'item.name', span: 5, maxLength: 200, required: true },
  { name: 'name_hi', label: 'item.nameHi', span: 4, maxLength: 200, lang: 'hi' },
  { name: 'group_id', label: 'item.group', span: 3, select: true },
  { name: 'hsn', label: 'item.hsn', span: 3, cls: 'mono', maxLength: 8, inputmode: 'numeric' },
  { name: 'gst_rate', label: 'item.gstRate', span: 3, cls: 'num', maxLength: 5, inputmode: 'decimal' },
  { name: 'reorder_level', label: 'item.reorderLevel', span: 3, cls: 'num', inputmode: 'decimal' },
  { name: 'reorder_qty', label: 'item.reorderQty', span: 3, cls: 'num', inputmode: 'decimal' },
];

/*
 * #/c/{cid}/inventory/items/{id}: the item master of one item, as the party form works: Enter walks
 * the fields, Ctrl+Enter saves (PATCH with If-Match), Esc goes back to the list row; a stale save
 * shows what the other person changed and keeps what was typed until the user chooses. Alt+X
 * archives (after a confirmation) or restores; Alt+M opens the movement register. The stock per
 * godown and the batches are shown read-only under the form.
 */
export const itemEditScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const id = params.id;
    const listHash = '#/c/' + cid + '/inventory';
    let original = null;   // the item as last read from the server: edits are diffed against it
    let version = null;    // the version the edit is based on (sent as If-Match)
    let baseline = null;   // form values at load or reload, for the unsaved-changes check
    let retry = null;      // the save or archive a stale refusal would repeat on their version (Alt+O)
    const groupName = {};

    const f = {};
    const wraps = [];
    for (const d of ITEM_EDIT_FIELDS) {
      const input = d.select ? h('select', { id: 'f-' + d.name, name: d.name })
        : h('input', { id: 'f-' + d.name, name: d.name, type: 'text', autocomplete: 'off', spellcheck: 'false', class: d.cls, maxLength: d.maxLength, inputmode: d.inputmode, lang: d.lang });
      if (d.required) input.setAttribute('aria-required', 'true');
      f[d.name] = input;
      wraps.push(h('div', { class: 'field span-' + d.span, dataset: { field: d.name } }, [
        h('label', { for: input.id }, [h('span', { t: d.label }), d.required ? h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }) : null]), input]));
    }
    const order = ITEM_EDIT_FIELDS.map((d) => f[d.name]);
    const still = (idAttr, label, span, value) => h('div', { class: 'field span-' + span + ' field-static', dataset: { field: idAttr } }, [
      h('span', { class: 'static-label', t: label }), value]);
    const skuVal = h('div', { class: 'static-value mono', id: 'item-sku' });
    const unitVal = h('div', { class: 'static-value', id: 'item-unit' });
    const batchVal = h('div', { class: 'static-value', id: 'item-keeps-batches' });
    const stockVal = h('div', { class: 'static-value num', id: 'item-in-stock' });

    const title = h('h1', { t: 'item.editTitle' });
    const subtitle = h('span', { class: 'head-sub', id: 'item-subtitle' });
    const archivedBadge = h('span', { class: 'badge badge-muted', id: 'item-archived', t: 'item.archived', hidden: true });
    const area = h('div', { class: 'notice-area', id: 'notice-area' });
    const note = notices(ctx, area);
    const alert = h('div', { class: 'form-alert', id: 'form-alert', role: 'alert', hidden: true });
    const saveBtn = keyButton(ctx, 'save', 'form.save', 'Ctrl+Enter', 'btn-primary');
    saveBtn.type = 'submit';
    const backBtn = keyButton(ctx, 'back', 'form.back', 'Esc', 'btn-ghost', () => goBack());
    const moveBtn = keyButton(ctx, 'item-movement', 'inv.openMovement', 'Alt+M', '', () => openMovement());
    const archiveBtn = keyButton(ctx, 'archive', 'form.archive', 'Alt+X', 'btn-danger-ghost', () => archiveOrRestore());
    const meta = h('div', { class: 'form-meta', id: 'form-meta' });
    const stockBox = h('div', { class: 'detail-body', id: 'item-stock-box' });

    const form = h('form', { class: 'item-form', id: 'item-edit-form', noValidate: true, autocomplete: 'off' }, [
      h('div', { class: 'form-grid' }, [
        still('sku', 'item.sku', 3, skuVal), wraps[0], wraps[1],
        still('unit', 'item.unit', 3, unitVal), wraps[2], wraps[3], wraps[4],
        wraps[5], wraps[6], still('tracks_batches', 'item.batchesBadge', 3, batchVal), still('in_stock', 'item.inStock', 3, stockVal),
      ]),
      h('div', { class: 'form-actions' }, [saveBtn, backBtn, moveBtn, h('div', { class: 'spacer' }), archiveBtn]),
    ]);
    root.replaceChildren(h('section', { class: 'screen screen-form screen-item' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: listHash, t: 'inv.title' }), h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, subtitle, archivedBadge]),
      invTabs(ctx, cid, ''),
      area,
      alert,
      h('div', { class: 'card' }, [form, meta]),
      h('div', { class: 'card item-stock-card' }, [h('h2', { class: 'sub-head', t: 'item.stockTitle' }), stockBox]),
    ]));

    /* ----- values ----- */
    function toForm(d) {
      const s = (x) => (x === null || x === undefined ? '' : String(x));
      return {
        name: s(d.name), name_hi: s(d.name_hi), group_id: s(d.group_id), hsn: s(d.hsn),
        gst_rate: s(d.gst_rate), reorder_level: s(d.reorder_level), reorder_qty: s(d.reorder_qty),
      };
    }
    function fill(v) { for (const d of ITEM_EDIT_FIELDS) f[d.name].value = v[d.name] ?? ''; }
    function collect() { const v = {}; for (const d of ITEM_EDIT_FIELDS) v[d.name] = f[d.name].value; return v; }
    const isDirty = () => baseline !== null && JSON.stringify(collect()) !== JSON.stringify(baseline);

    /* Form text -> the JSON value sent. A cleared Hindi name, HSN or group is null; a cleared rate or
     * reorder figure is zero, which is what the server keeps for "none". */
    function wire(name, text) {
      const x = String(text ?? '').trim();
      if (name === 'name') return x;
      if (name === 'name_hi' || name === 'hsn') return x === '' ? null : x;
      if (name === 'group_id') return x === '' ? null : Number(x);
      if (name === 'gst_rate') return x === '' ? '0' : x.replace(/\s*%$/, '');
      return x === '' ? '0' : x;
    }

    /* Only what differs from the item as read. The server sets the two reorder figures together
     * (one sent alone zeroes the other), so when one changes both go. */
    function bodyForEdit(v) {
      const base = toForm(original);
      const body = {};
      for (const d of ITEM_EDIT_FIELDS) {
        const mine = wire(d.name, v[d.name]);
        if (JSON.stringify(mine) !== JSON.stringify(wire(d.name, base[d.name]))) body[d.name] = mine;
      }
      if ('reorder_level' in body || 'reorder_qty' in body) {
        body.reorder_level = wire('reorder_level', v.reorder_level);
        body.reorder_qty = wire('reorder_qty', v.reorder_qty);
      }
      return body;
    }

    /* The item as the server has it: header, fixed facts, stock and batches, archive button. */
    function showItem(d) {
      subtitle.textContent = d.name || '';
      archivedBadge.hidden = !d.archived;
      skuVal.textContent = d.sku || '';
      unitVal.textContent = d.unit || '';
      ctx.setT(batchVal, d.tracks_batches ? 'item.keepsBatches' : 'item.noBatches');
      stockVal.textContent = fmt.formatQty(d.in_stock, d.unit) + (d.stock_value != null ? ' · ₹ ' + fmt.formatMoney(d.stock_value) : '');
      ctx.setT(archiveBtn.querySelector('span'), d.archived ? 'item.restore' : 'form.archive');
      archiveBtn.classList.toggle('btn-danger-ghost', !d.archived);
      meta.replaceChildren(h('span', { id: 'item-version', t: 'form.version', targs: { v: d.version } }));
      stockBox.replaceChildren(...stockParts(ctx, d));
      setKeys(d);
    }

    function setKeys(d) {
      // Alt+1..Alt+5 work here too; the tabs show them, the bar has no room for them.
      ctx.setKeys([['Enter', 'keys.nextField'], ['Shift+Enter', 'keys.prevField'], ['Ctrl+Enter', 'keys.save'], ['Esc', 'keys.back'],
        ['Alt+M', 'inv.openMovement'], ['Alt+X', d && d.archived ? 'item.restore' : 'keys.archive']]);
    }

    /* Reads the item again; returns it, or null after showing why not. */
    async function fetchItem() {
      return (await ctl.load(async () => (await ctx.api('GET', '/companies/' + cid + '/items/' + id)).data || {})) || null;
    }

    /* Takes d as the item edited from now on; the form shows it, or `typed` (still unsaved) when given. */
    function adopt(d, typed) {
      original = d;
      version = d.version;
      baseline = toForm(d);
      fill(typed || baseline);
      showItem(d);
    }

    const focusField = focusEnd;
    const ctl = formControl(ctx, {
      scope: form, alert, buttons: [saveBtn, archiveBtn], busyEl: form,
      place: (name) => (f[name] ? { input: f[name] } : null), first: () => order[0],
      save: () => save(), stale: () => { conflict(retry); },
    });

    /* ----- conflict, archive, leaving ----- */
    async function conflict(retry) {
      const current = await fetchItem();
      if (!current) return;
      const theirs = toForm(current);
      const base = toForm(original);
      const changed = ITEM_EDIT_FIELDS.filter((d) => theirs[d.name] !== base[d.name]).map((d) => {
        let val = theirs[d.name];
        if (d.name === 'group_id') val = val ? (groupName[val] || '#' + val) : '';
        return h('li', {}, [h('span', { class: 'change-label', t: d.label }), ': ',
          val === '' ? h('em', { t: 'conflict.empty' }) : h('span', { class: 'change-value', text: val })]);
      });
      if (!!current.archived !== !!original.archived) {
        changed.push(h('li', {}, [h('span', { class: 'change-label', t: current.archived ? 'item.archived' : 'item.restored' })]));
      }
      const body = [h('strong', { t: 'item.conflictTitle' }), h('p', { t: 'conflict.text', targs: { v: current.version } })];
      if (changed.length) body.push(h('div', { class: 'notice-detail' }, [h('span', { t: 'conflict.changed' }), h('ul', { class: 'notice-changes' }, changed)]));
      const btns = note.show('warn', 'conflict-notice', body, [
        ['conflict.reload', 'Alt+R', () => reloadTheirs(current), true],
        // Mine over theirs: send only what I changed against what I read, on their version.
        ['conflict.overwrite', 'Alt+O', () => { version = current.version; retry(); }],
      ]);
      btns[0].focus();
    }

    function reloadTheirs(current) {
      note.close();
      ctl.clear();
      adopt(current);
      ctx.toast('conflict.reloaded', { kind: 'info' });
      focusField(order[0]);
    }

    function archiveOrRestore() {
      if (ctl.busy || !original) return;
      if (original.archived) { setArchived(false); return; }
      const btns = note.show('danger', 'archive-notice', [
        h('strong', { t: 'archive.title', targs: { name: original.name || '' } }),
        h('p', { t: 'item.archiveText' }),
      ], [
        ['archive.confirm', 'Enter', () => setArchived(true), true],
        ['archive.cancel', 'Esc', () => { note.close(); focusField(order[0]); }],
      ]);
      btns[0].focus();
    }

    /* Archives or restores; what is typed in the form stays and is still unsaved. */
    async function setArchived(on) {
      note.close();
      retry = () => setArchived(on);
      await ctl.run(async () => {
        const res = await ctx.api('PATCH', '/companies/' + cid + '/items/' + id, { body: { archived: on }, ifMatch: version, quiet429: true });
        const d = res.data || {};
        adopt(d, isDirty() ? collect() : null);
        ctx.toast(on ? 'toast.archived' : 'item.restoredToast', { args: { name: d.name || '' }, kind: 'ok' });
        focusField(order[0]);
      });
    }

    function confirmLeave(then) {
      const btns = note.show('info', 'unsaved-notice', [h('strong', { t: 'unsaved.title' }), h('p', { t: 'unsaved.text' })], [
        ['unsaved.discard', 'Esc', () => { note.close(); baseline = null; then(); }],
        ['unsaved.keep', 'Alt+K', () => { note.close(); focusField(order[0]); }, true],
      ]);
      btns[1].focus();
    }

    function goBack() {
      if (isDirty()) { confirmLeave(leave); return; }
      leave();
    }

    function leave() {
      note.close();
      baseline = null;
      ctx.back(listHash);
    }

    /* The movement register; what is typed here waits for the way back (Esc there). */
    function openMovement() {
      if (isDirty()) ctl.keepDraft(collect(), version);
      baseline = null;
      ctx.drill('#/c/' + cid + '/inventory/reports/stock-movement?item_id=' + id);
    }

    /* ----- save ----- */
    async function save() {
      if (ctl.busy || !original) return;
      const body = bodyForEdit(collect());
      note.close();
      if (Object.keys(body).length === 0) {
        ctl.clear();
        ctx.toast('toast.noChanges');
        leave();
        return;
      }
      retry = save;
      await ctl.run(async () => {
        const res = await ctx.api('PATCH', '/companies/' + cid + '/items/' + id, { body, ifMatch: version, quiet429: true });
        const d = res.data || {};
        if (d.unchanged) ctx.toast('toast.unchanged', { kind: 'info' });
        else ctx.toast('toast.saved', { args: { name: d.name || body.name || original.name || '' }, kind: 'ok' });
        leave();
      });
    }

    /* ----- events and load ----- */
    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
    const onBeforeUnload = (e) => { if (isDirty()) { e.preventDefault(); e.returnValue = ''; } };
    window.addEventListener('beforeunload', onBeforeUnload);
    setKeys(null);

    const draft = ctl.takeDraft();
    (async () => {
      let groups = [];
      try { groups = await fetchAll(ctx, '/companies/' + cid + '/item-groups'); } catch (_) { /* the item's own group is still shown */ }
      for (const g of groups) groupName[String(g.id)] = g.name;
      const d = await fetchItem();
      if (!d) return;
      if (d.group_id != null && !groupName[String(d.group_id)]) groupName[String(d.group_id)] = '#' + d.group_id;
      f.group_id.replaceChildren(h('option', { value: '', t: 'item.noGroup' }),
        ...Object.entries(groupName).map(([gid, name]) => h('option', { value: gid, text: name })));
      adopt(d, draft && draft.version === d.version ? draft.values : null);
      focusField(order[0]);
    })();

    return {
      onKey(e, k) {
        if (note.onKey(e, k)) return;
        if (invTabKey(ctx, cid, e, k)) return;
        if (ctl.onKey(e, k)) return;
        const el = e.target;
        switch (k) {
          case 'Alt+X': e.preventDefault(); archiveOrRestore(); return;
          case 'Alt+M': e.preventDefault(); openMovement(); return;
          case 'Escape':
            e.preventDefault();
            if (note.open) { note.close(); focusField(order[0]); return; }
            goBack();
            return;
          case 'Enter':
            if (el.tagName === 'BUTTON' || el.tagName === 'A') return;
            if (el === order[order.length - 1]) { e.preventDefault(); saveBtn.focus(); return; }
            if (walk(order, el, 1)) e.preventDefault();
            return;
          case 'Shift+Enter':
            if (el === saveBtn) { e.preventDefault(); order[order.length - 1].focus(); return; }
            if (walk(order, el, -1)) e.preventDefault();
            return;
          default:
        }
      },
      onSessionLost() {
        if (isDirty()) ctl.keepDraft(collect(), version);
      },
      destroy() {
        ctl.destroy();
        window.removeEventListener('beforeunload', onBeforeUnload);
      },
    };
  },
};

/* ---------- godowns ---------- */

export const godownsScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    let list = [];
    const name = h('input', { id: 'gd-name', type: 'text', autocomplete: 'off', maxLength: 100 });
    const address = h('input', { id: 'gd-address', type: 'text', autocomplete: 'off', maxLength: 500 });
    const alert = h('div', { class: 'form-alert', role: 'alert', hidden: true });
    const tbody = h('tbody');
    const table = h('table', { id: 'godowns-table', class: 'grid grid-dense', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'inv.godowns' } }, [
      h('thead', {}, [h('tr', {}, [h('th', { t: 'godown.name' }), h('th', { t: 'godown.address' })])]), tbody]);
    const cursor = rowCursor(table, {
      onOpen: (i) => { const g = list[i]; if (g) ctx.drill('#/c/' + cid + '/inventory/reports/stock-summary?by=item&godown_id=' + g.id, { active: i }); },
    });
    const saveBtn = keyButton(ctx, 'gd-save', 'godown.add', 'Ctrl+Enter', 'btn-primary', () => save());
    const form = h('div', { class: 'card inline-form', id: 'godown-form' }, [
      h('div', { class: 'form-grid' }, [
        h('div', { class: 'field span-4' }, [h('label', { for: 'gd-name', t: 'godown.name' }), name]),
        h('div', { class: 'field span-6' }, [h('label', { for: 'gd-address', t: 'godown.address' }), address]),
        h('div', { class: 'field span-2 btn-field' }, [saveBtn]),
      ]),
    ]);
    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'inv.godowns' })]),
      invTabs(ctx, cid, 'godowns'), alert, form,
      h('div', { class: 'grid-wrap narrow' }, [table]),
    ]));
    const ctl = formControl(ctx, {
      scope: form, alert, buttons: [saveBtn], busyEl: form, save: () => save(),
      place: (field) => ({ name: { input: name }, address: { input: address } }[field] || null),
    });

    async function load() {
      list = await fetchAll(ctx, '/companies/' + cid + '/godowns');
      tbody.replaceChildren(...list.map((g, i) => h('tr', { id: 'gd-row-' + g.id, role: 'row', dataset: { row: String(i) } }, [
        h('td', { text: g.name || '' }), h('td', { class: 'muted', text: g.address || '' })])));
    }

    async function save() {
      await ctl.run(async () => {
        const body = { name: name.value.trim() };
        if (address.value.trim()) body.address = address.value.trim();
        await ctx.api('POST', '/companies/' + cid + '/godowns', { body, quiet429: true });
        ctx.toast('toast.saved', { args: { name: body.name }, kind: 'ok' });
        name.value = '';
        address.value = '';
        await load();
        name.focus();
      });
    }

    ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ['↑↓', 'keys.move'], ['Enter', 'inv.openSummary'], ...INV_TAB_KEYS]);
    ctl.load(load).then(() => name.focus());

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        if (cursor.onKey(e, k)) return;
        const el = e.target;
        if (ctl.onKey(e, k)) return;
        if (k === 'Enter' && el === name) { e.preventDefault(); address.focus(); return; }
        if (k === 'Enter' && el === address) { e.preventDefault(); save(); return; }
        if (k === 'ArrowDown' && (el === name || el === address)) { e.preventDefault(); table.focus(); cursor.set(0); }
      },
    };
  },
};

/* ---------- stock journal and verification (lines of items) ---------- */

function stockLinesScreen(kindOf) {
  return {
    nav: 'inventory',
    render(ctx, root, params) {
      const { h, t, fmt } = ctx;
      const cid = params.cid;
      const verify = kindOf === 'verification';
      const P = verify ? 'sv' : 'sj';
      let godowns = [];
      let rows = [];
      let idem = null;

      const kind = verify ? null : h('select', { id: 'sj-kind' }, ['transfer', 'consumption', 'production'].map((x) => h('option', { value: x, t: 'sj.kind.' + x })));
      const date = dateInput(ctx, { id: P + '-date' });
      date.set(ctx.state.lastDate || fmt.todayIso());
      const godown = verify ? h('select', { id: 'sv-godown' }) : null;
      const narration = verify ? null : h('input', { id: 'sj-narration', type: 'text', autocomplete: 'off', maxLength: 500 });
      const thead = h('thead');
      const tbody = h('tbody', { id: P + '-rows' });
      const alert = h('div', { class: 'form-alert', id: P + '-alert', role: 'alert', hidden: true });
      const linesMsg = h('div', { class: 'field-msg lines-msg', id: P + '-lines-msg', role: 'alert', hidden: true });
      const done = h('div', { class: 'saved-banner', id: P + '-saved', role: 'status', hidden: true });
      const saveBtn = keyButton(ctx, P + '-save', 'form.save', 'Ctrl+Enter', 'btn-primary', () => save());
      const fld = (label, input) => h('div', { class: 'field' }, [h('label', { for: input.id, t: label }), input]);
      const headFields = verify ? [fld('voucher.date', date.input), fld('sv.godown', godown)]
        : [fld('sj.kind', kind), fld('voucher.date', date.input), h('div', { class: 'field grow' }, [h('label', { for: 'sj-narration', t: 'voucher.narration' }), narration])];
      const card = h('div', { class: 'card stock-card', id: P + '-form' }, [
        h('div', { class: 'v-head stock-head' }, headFields),
        h('table', { class: 'entry-grid', id: P + '-grid' }, [thead, tbody]),
        linesMsg,
        h('div', { class: 'form-actions' }, [saveBtn, h('span', { class: 'muted small', t: verify ? 'sv.hint' : 'sj.hint' })]),
      ]);
      root.replaceChildren(h('section', { class: 'screen' }, [
        h('div', { class: 'screen-head' }, [h('h1', { t: verify ? 'inv.verification' : 'inv.stockJournal' })]),
        invTabs(ctx, cid, verify ? 'verification' : 'stock-journal'), done, alert, card,
      ]));
      const k = () => (kind ? kind.value : 'verification');
      function heads() {
        const cols = [h('th', { class: 'c-no', text: '#' }), h('th', { class: 'c-item', t: 'voucher.item' })];
        if (verify) cols.push(h('th', { class: 'num', t: 'sv.book' }), h('th', { class: 'num', t: 'sv.counted' }));
        else {
          cols.push(h('th', { t: k() === 'production' ? 'sj.intoGodown' : 'sj.fromGodown' }));
          if (k() === 'transfer') cols.push(h('th', { t: 'sj.toGodown' }));
          cols.push(h('th', { class: 'num', t: 'voucher.qty' }));
          if (k() === 'production') cols.push(h('th', { class: 'num', t: 'voucher.rate' }));
          cols.push(h('th', { t: 'sj.batch' }), h('th', { t: 'sj.expiry' }));
        }
        thead.replaceChildren(h('tr', {}, cols));
      }

      const godownSelect = (id, withMain) => h('select', { id }, [
        ...(withMain ? [h('option', { value: '', t: 'voucher.mainGodown' })] : []),
        ...godowns.map((g) => h('option', { value: String(g.id), ...ctx.stdNameProps(g.name) }))]);

      function addRow() {
        const i = rows.length;
        const id = (x) => P + '-' + i + '-' + x;
        const r = {};
        r.stock = h('div', { class: 'stock-hint', id: id('stock') });
        r.item = itemPicker(ctx, cid, id('item'), (it) => {
          r.picked = it;
          ctx.setT(r.stock, 'voucher.inStock', { qty: fmt.formatQty(it.in_stock, it.unit) });
          if (r.book) r.book.textContent = fmt.formatQty(it.in_stock, it.unit);
        }, { onClear: () => { r.picked = null; r.stock.textContent = ''; } });
        r.qty = h('input', { id: id('qty'), type: 'text', class: 'num', inputmode: 'decimal', autocomplete: 'off' });
        const cells = [h('td', { class: 'c-no', text: String(i + 1) }), h('td', { class: 'c-item' }, [r.item.wrap, verify ? null : r.stock])];
        if (verify) {
          r.book = h('td', { class: 'num', id: id('book') });
          cells.push(r.book, h('td', {}, [r.qty]));
        } else {
          r.from = godownSelect(id('godown'), false);
          cells.push(h('td', {}, [r.from]));
          if (k() === 'transfer') {
            r.to = godownSelect(id('to'), false);
            if (godowns[1]) r.to.value = String(godowns[1].id);
            cells.push(h('td', {}, [r.to]));
          }
          cells.push(h('td', {}, [r.qty]));
          if (k() === 'production') { r.rate = moneyInput(ctx, { id: id('rate') }); cells.push(h('td', {}, [r.rate])); }
          r.batch = h('input', { id: id('batch'), type: 'text', autocomplete: 'off', maxLength: 40 });
          r.expiry = dateInput(ctx, { id: id('expiry') });
          cells.push(h('td', {}, [r.batch]), h('td', {}, [r.expiry.input]));
        }
        r.tr = h('tr', { class: 'entry-row', dataset: { row: String(i) } }, cells);
        r.fields = () => [r.item.input, r.from, r.to, r.qty, r.rate, r.batch, r.expiry && r.expiry.input].filter(Boolean);
        rows.push(r);
        tbody.append(r.tr);
        return r;
      }

      function resetRows() { tbody.replaceChildren(); rows = []; heads(); addRow(); }

      function blank(r) { return !r.picked && !r.item.input.value.trim() && !r.qty.value.trim(); }

      function order() {
        const list = verify ? [date.input, godown] : [kind, date.input, narration];
        for (const r of rows) list.push(...r.fields());
        list.push(saveBtn);
        return list;
      }

      let sentMap = [];
      function build() {
        const lines = [];
        sentMap = [];
        for (const r of rows) {
          if (blank(r)) continue;
          const x = { item_id: r.picked ? r.picked.id : null, qty: r.qty.value.trim() };
          if (!verify) {
            if (r.from.value) x.godown_id = Number(r.from.value);
            if (r.to && r.to.value) x.to_godown_id = Number(r.to.value);
            if (r.rate && wireMoney(ctx, r.rate.value)) x.rate = wireMoney(ctx, r.rate.value);
            if (r.batch.value.trim()) x.batch = r.batch.value.trim();
            if (r.expiry.input.value.trim()) x.expiry = r.expiry.iso() || r.expiry.input.value.trim();
          }
          lines.push(x);
          sentMap.push(r);
        }
        const iso = date.iso() || date.input.value.trim();
        if (verify) return { date: iso, godown_id: godown.value ? Number(godown.value) : null, counts: lines };
        const b = { kind: kind.value, date: iso, lines };
        if (narration.value.trim()) b.narration = narration.value.trim();
        return b;
      }

      /* Where an error on `field` goes: a line's input (lines[2].qty), the lines as a whole, the head. */
      function place(field) {
        const m = /^(?:lines|counts)\[(\d+)\]\.(\w+)$/.exec(field);
        if (m && sentMap[Number(m[1])]) {
          const r = sentMap[Number(m[1])];
          const map = { item_id: r.item.input, godown_id: r.from, to_godown_id: r.to, qty: r.qty, rate: r.rate, batch: r.batch, expiry: r.expiry && r.expiry.input };
          return { input: map[m[2]] || r.item.input };
        }
        if (field === 'lines' || field === 'counts') return { slot: linesMsg, focus: rows[0].item.input };
        const head = { date: date.input, godown_id: godown, kind }[field];
        return head ? { input: head } : null;
      }
      const ctl = formControl(ctx, { scope: card, alert, buttons: [saveBtn], busyEl: card, place, save: () => save() });

      async function save() {
        const body = build();
        const json = JSON.stringify(body);
        if (!idem || idem.json !== json) idem = { json, key: ctx.newKey() };
        await ctl.run(async () => {
          const res = await ctx.api('POST', '/companies/' + cid + (verify ? '/stock-verifications' : '/stock-journals'), { body, idem: idem.key, quiet429: true });
          idem = null;
          if (/^\d{4}-\d{2}-\d{2}$/.test(body.date)) ctx.state.lastDate = body.date;
          ctx.setT(done, verify ? 'sv.saved' : 'sj.saved', { id: res.data && res.data.id, kind: t(verify ? 'inv.verification' : 'sj.kind.' + body.kind) });
          done.hidden = false;
          ctx.toast(verify ? 'sv.saved' : 'sj.saved', { args: { id: res.data && res.data.id, kind: t(verify ? 'inv.verification' : 'sj.kind.' + body.kind) }, kind: 'ok' });
          if (narration) narration.value = '';
          resetRows();
          rows[0].item.input.focus();
        });
      }

      async function enter(el) {
        const r = rows.find((x) => x.tr.contains(el));
        if (r && el === r.item.input) {
          if (!(await r.item.enter())) return;
          if (blank(r) && rows.indexOf(r) > 0) { saveBtn.focus(); return; }
        }
        if (r) {
          const fs = r.fields();
          if (el === fs[fs.length - 1]) {
            if (rows.indexOf(r) === rows.length - 1) addRow();
            rows[rows.indexOf(r) + 1].item.input.focus();
            return;
          }
        }
        walk(order(), el, 1);
      }

      if (kind) kind.addEventListener('change', () => { const keep = rows.map((r) => ({ picked: r.picked, qty: r.qty.value })); resetRows(); keep.forEach((x, i) => { if (!x.picked && !x.qty) return; const r = rows[i] || addRow(); if (x.picked) { r.item.set(x.picked); r.picked = x.picked; } r.qty.value = x.qty; }); });

      ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ...INV_TAB_KEYS]);

      (async () => {
        godowns = (await ctl.load(() => fetchAll(ctx, '/companies/' + cid + '/godowns'))) || [];
        if (godown) godown.replaceChildren(...godowns.map((g) => h('option', { value: String(g.id), ...ctx.stdNameProps(g.name) })));
        resetRows();
        (verify ? date.input : kind).focus();
      })();

      return {
        onKey(e, key) {
          if (invTabKey(ctx, cid, e, key)) return;
          const el = e.target;
          const r = rows.find((x) => x.tr.contains(el));
          if (r && el === r.item.input && r.item.onKey(e, key)) return;
          if (ctl.onKey(e, key)) return;
          switch (key) {
            case 'Enter':
              if (el.tagName === 'BUTTON' || el.tagName === 'A' || !card.contains(el)) return;
              e.preventDefault();
              enter(el);
              return;
            case 'Shift+Enter': if (walk(order(), el, -1)) e.preventDefault(); return;
            default:
          }
        },
      };
    },
  };
}

export const stockJournalScreen = stockLinesScreen('journal');
export const verificationScreen = stockLinesScreen('verification');
