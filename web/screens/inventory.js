// Inventory: items (search by SKU, English or Hindi name, with stock in hand; the highlighted item's
// stock per godown and batches under the list), the item form with opening stock per godown, godowns, stock journals (transfer, consumption, production) and
// physical verification. Stock figures are the server's; forms send what is typed and show the
// server's verdict beside the field it names.
import { notices, errorNodes, dateInput, moneyInput, wireMoney, picker, rowCursor, keyButton, moneyCell, tabs, typing } from './ui.js';

/* ---------- shared ---------- */

function invTabs(ctx, cid, active) {
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
    search: async (q) => (q ? (await ctx.api('GET', '/companies/' + cid + '/items?limit=8&q=' + encodeURIComponent(q))).data.items || [] : []),
    label: (it) => it.name || '',
    option: (it) => [
      h('span', { class: 'opt-main' }, [it.name || '', it.name_hi ? h('span', { class: 'opt-hi', text: it.name_hi }) : '']),
      h('span', { class: 'opt-meta' }, [h('span', { class: 'mono', text: it.sku || '' }), ' · ',
        h('span', { class: 'opt-stock', t: 'voucher.inStock', targs: { qty: fmt.formatQty(it.in_stock, it.unit) } })]),
    ],
    onPick,
    props: { tattr: { placeholder: 'voucher.itemPlaceholder', 'aria-label': 'voucher.item' } },
    ...extra,
  });
}

/* Marks the input for a server error with the message under it; returns the input. */
function markField(ctx, input, err) {
  if (!input) return null;
  input.setAttribute('aria-invalid', 'true');
  const holder = input.closest('td, .field') || input.parentElement;
  holder.classList.add('has-error');
  holder.append(ctx.h('div', { class: 'field-msg dyn', id: input.id + '-msg', role: 'alert' }, errorNodes(ctx, err)));
  return input;
}

function clearMarks(scope) {
  for (const m of scope.querySelectorAll('.field-msg.dyn')) m.remove();
  for (const el of scope.querySelectorAll('.has-error')) el.classList.remove('has-error');
  for (const el of scope.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

function clearMarkOnInput(scope) {
  scope.addEventListener('input', (e) => {
    const holder = e.target.closest('.has-error');
    if (!holder) return;
    holder.classList.remove('has-error');
    e.target.removeAttribute('aria-invalid');
    for (const m of holder.querySelectorAll('.field-msg.dyn')) m.remove();
  });
}

function showAlert(ctx, alert, err) {
  if (err.status === 429) alert.replaceChildren(ctx.h('span', { class: 'msg-main', t: 'toast.throttled', targs: { s: err.retryAfter || '?' } }));
  else if (err.status === 0) alert.replaceChildren(ctx.h('span', { class: 'msg-main', t: 'toast.serverUnreachable' }));
  else alert.replaceChildren(...errorNodes(ctx, err));
  alert.hidden = false;
}

/* Enter moves to the next element of order(); the last one gets the focus of `end`. */
function walk(list, el, delta) {
  const i = list.indexOf(el);
  if (i < 0) return false;
  const j = i + delta;
  if (j < 0 || j >= list.length) return true;
  list[j].focus();
  if (list[j].select && list[j].tagName === 'INPUT') list[j].select();
  return true;
}

/* ---------- items list ---------- */

export const itemsScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const key = 'items:' + cid;
    const ls = ctx.state.listState[key] || (ctx.state.listState[key] = { q: '' });
    const savedItem = ctx.takeFlash('savedItem');
    if (savedItem) ls.q = savedItem.sku || savedItem.name || '';
    const kept = ctx.takeView();
    let items = [];
    let groups = {};
    let seq = 0;
    let timer = null;
    let detailSeq = 0;
    let detailTimer = null;

    const search = h('input', { id: 'item-search', type: 'search', class: 'search', autocomplete: 'off', spellcheck: 'false', value: ls.q, tattr: { placeholder: 'inv.searchPlaceholder', 'aria-label': 'inv.search' } });
    const count = h('span', { class: 'count', id: 'items-count' });
    const tbody = h('tbody');
    const table = h('table', { id: 'items-table', class: 'grid grid-dense', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'inv.items' } }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { class: 'col-sku', t: 'item.sku' }), h('th', { t: 'item.name' }), h('th', { t: 'item.nameHi' }), h('th', { t: 'item.group' }),
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
      h('div', { class: 'toolbar' }, [h('div', { class: 'search-box' }, [search, h('kbd', { class: 'search-key', text: '/' })])]),
      h('div', { class: 'grid-wrap items-wrap' }, [table]),
      detail,
    ]));

    async function load() {
      const my = ++seq;
      table.setAttribute('aria-busy', 'true');
      try {
        const res = await ctx.api('GET', '/companies/' + cid + '/items?limit=200' + (ls.q ? '&q=' + encodeURIComponent(ls.q) : ''));
        if (my !== seq) return;
        items = res.data.items || [];
        render();
      } catch (err) {
        if (my === seq && err.status !== 401) ctx.toast(err.serverMessage || 'toast.loadFailed', { raw: !!err.serverMessage, kind: 'error' });
      } finally {
        if (my === seq) table.removeAttribute('aria-busy');
      }
    }

    function render() {
      cursor.reset();
      clearTimeout(detailTimer);
      detailSeq++;
      detail.hidden = true;
      if (!items.length) {
        tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: 9, t: ls.q ? 'inv.noMatch' : 'inv.empty', targs: { q: ls.q } })]));
      } else {
        tbody.replaceChildren(...items.map((it, i) => h('tr', { id: 'item-row-' + it.id, role: 'row', dataset: { row: String(i), id: String(it.id) } }, [
          h('td', { class: 'col-sku mono', text: it.sku || '' }),
          h('td', { class: 'col-name' }, [it.name || '', it.tracks_batches ? h('span', { class: 'badge badge-muted', t: 'item.batchesBadge' }) : null]),
          h('td', { lang: 'hi', text: it.name_hi || '' }),
          h('td', { class: 'muted', text: groups[it.group_id] || '' }),
          h('td', { class: 'mono', text: it.hsn || '' }),
          h('td', { class: 'num', text: it.gst_rate != null ? it.gst_rate + '%' : '' }),
          h('td', { class: 'num col-stock' + (fmt.isZeroAmount(it.in_stock) ? ' is-zero' : ''), text: fmt.formatQty(it.in_stock, it.unit) }),
          moneyCell(ctx, it.stock_value),
          h('td', { class: 'num', text: it.reorder_level && !fmt.isZeroAmount(it.reorder_level) ? fmt.formatQty(it.reorder_level, it.unit) : '' }),
        ])));
      }
      ctx.setT(count, 'list.count', { n: items.length });
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
      detail.replaceChildren(
        h('div', { class: 'detail-head' }, [
          h('strong', { t: 'item.detailTitle', targs: { name: d.name || '' } }),
          h('span', { class: 'mono muted', text: d.sku || '' }),
          h('span', { class: 'badge ' + (d.tracks_batches ? 'badge-ok' : 'badge-muted'), id: 'item-detail-batches', t: d.tracks_batches ? 'item.keepsBatches' : 'item.noBatches' }),
        ]),
        h('div', { class: 'detail-body' }, parts),
      );
      detail.hidden = false;
      // The list just got shorter: keep the highlighted row in sight.
      const active = tbody.querySelector('tr.is-active');
      if (active) active.scrollIntoView({ block: 'nearest' });
    }

    function open(i) {
      const it = items[i];
      if (it) ctx.drill('#/c/' + cid + '/inventory/reports/stock-movement?item_id=' + it.id, { active: i });
    }

    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { ls.q = search.value.trim(); load(); }, 200);
    });

    ctx.setKeys([['/', 'keys.search'], ['↑↓', 'keys.move'], ['Enter', 'inv.openMovement'], ['Alt+N', 'inv.newItem'], ...INV_TAB_KEYS]);

    (async () => {
      try { const g = await ctx.api('GET', '/companies/' + cid + '/item-groups'); for (const x of g.data.items || []) groups[x.id] = x.name; } catch (_) { /* names only */ }
      await load();
      if (savedItem) {
        const i = items.findIndex((x) => x.id === savedItem.id);
        table.focus();
        cursor.set(i >= 0 ? i : 0);
      } else if (kept && items.length) {
        table.focus();
        cursor.set(kept.active || 0);
      } else search.focus();
    })();

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        if (cursor.onKey(e, k)) return;
        const el = e.target;
        switch (k) {
          case '/': if (!typing(el)) { e.preventDefault(); search.focus(); search.select(); } return;
          case 'Alt+N': e.preventDefault(); ctx.go('#/c/' + cid + '/inventory/items/new'); return;
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
    let busy = false;
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
            h('thead', {}, [h('tr', {}, [h('th', { t: 'item.godown' }), h('th', { class: 'num', t: 'item.qty' }), h('th', { class: 'num', t: 'item.rate' })])]),
            openTbody,
          ]),
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
    clearMarkOnInput(form);

    let openRows = [];
    function order() {
      const list = [f.sku, f.name, f.name_hi, f.unit_id, f.group_id, f.new_group, f.hsn, f.gst_rate, f.reorder_level, f.reorder_qty, f.tracks_batches, openingDate.input];
      for (const r of openRows) list.push(r.qty, r.rate);
      list.push(saveBtn);
      return list;
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
        if (!r.qty.value.trim() && !r.rate.value.trim()) continue;
        const o = { godown_id: r.godown.id, qty: r.qty.value.trim() };
        const rate = wireMoney(ctx, r.rate.value);
        if (rate) o.rate = rate;
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

    async function save() {
      if (busy) return;
      clearMarks(form);
      alert.hidden = true;
      const { b, map } = body();
      busy = true;
      saveBtn.disabled = true;
      try {
        if (f.new_group.value.trim() && !f.group_id.value) {
          const g = await ctx.api('POST', '/companies/' + cid + '/item-groups', { body: { name: f.new_group.value.trim() } });
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
      } catch (err) {
        if (err.status === 401) return;
        let input = null;
        const m = /^opening\[(\d+)\]\.(\w+)$/.exec(err.field || '');
        if (m && map[Number(m[1])]) input = markField(ctx, map[Number(m[1])][m[2] === 'rate' ? 'rate' : 'qty'], err);
        else if (err.field === 'opening_date') input = markField(ctx, openingDate.input, err);
        else if (err.field && f[err.field]) input = markField(ctx, f[err.field], err);
        else if (err.field === 'group' || err.field === 'name' && f.new_group.value) input = markField(ctx, f.new_group, err);
        if (input) input.focus(); else { showAlert(ctx, alert, err); f.sku.focus(); }
      } finally {
        busy = false;
        saveBtn.disabled = false;
      }
    }

    function leave() { ctx.go(listHash); }

    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
    f.sku.addEventListener('blur', () => { f.sku.value = f.sku.value.trim().toUpperCase(); });

    ctx.setKeys([['Enter', 'keys.nextField'], ['Shift+Enter', 'keys.prevField'], ['Ctrl+Enter', 'keys.save'], ['Esc', 'keys.back'], ...INV_TAB_KEYS]);

    (async () => {
      try {
        const [u, g, gd] = await Promise.all([
          ctx.api('GET', '/companies/' + cid + '/units'),
          ctx.api('GET', '/companies/' + cid + '/item-groups'),
          ctx.api('GET', '/companies/' + cid + '/godowns'),
        ]);
        f.unit_id.replaceChildren(h('option', { value: '', t: 'item.chooseUnit' }), ...(u.data.items || []).map((x) => h('option', { value: String(x.id), text: x.symbol + ' · ' + x.name })));
        f.group_id.replaceChildren(h('option', { value: '', t: 'item.noGroup' }), ...(g.data.items || []).map((x) => h('option', { value: String(x.id), text: x.name })));
        godowns = gd.data.items || [];
        openRows = godowns.map((g2, i) => {
          const r = { godown: g2 };
          r.qty = h('input', { id: 'op-' + i + '-qty', type: 'text', class: 'num', inputmode: 'decimal', autocomplete: 'off', tattr: { 'aria-label': 'item.qty' } });
          r.rate = moneyInput(ctx, { id: 'op-' + i + '-rate', tattr: { 'aria-label': 'item.rate' } });
          openTbody.append(h('tr', { dataset: { godown: String(g2.id) } }, [h('td', { text: g2.name }), h('td', {}, [r.qty]), h('td', {}, [r.rate])]));
          return r;
        });
      } catch (err) {
        if (err.status !== 401) showAlert(ctx, alert, err);
      }
      f.sku.focus();
    })();

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        const el = e.target;
        switch (k) {
          case 'Ctrl+Enter': e.preventDefault(); save(); return;
          case 'Escape': e.preventDefault(); leave(); return;
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

/* ---------- godowns ---------- */

export const godownsScreen = {
  nav: 'inventory',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    let list = [];
    let busy = false;
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
    clearMarkOnInput(form);

    async function load() {
      const res = await ctx.api('GET', '/companies/' + cid + '/godowns');
      list = res.data.items || [];
      tbody.replaceChildren(...list.map((g, i) => h('tr', { id: 'gd-row-' + g.id, role: 'row', dataset: { row: String(i) } }, [
        h('td', { text: g.name || '' }), h('td', { class: 'muted', text: g.address || '' })])));
    }

    async function save() {
      if (busy) return;
      clearMarks(form);
      alert.hidden = true;
      busy = true;
      try {
        const body = { name: name.value.trim() };
        if (address.value.trim()) body.address = address.value.trim();
        await ctx.api('POST', '/companies/' + cid + '/godowns', { body, quiet429: true });
        ctx.toast('toast.saved', { args: { name: body.name }, kind: 'ok' });
        name.value = '';
        address.value = '';
        await load();
        name.focus();
      } catch (err) {
        if (err.status === 401) return;
        const input = err.field === 'address' ? address : (err.field === 'name' ? name : null);
        if (input) { markField(ctx, input, err); input.focus(); } else showAlert(ctx, alert, err);
      } finally {
        busy = false;
      }
    }

    ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ['↑↓', 'keys.move'], ['Enter', 'inv.openSummary'], ...INV_TAB_KEYS]);
    load().catch((err) => { if (err.status !== 401) showAlert(ctx, alert, err); }).then(() => name.focus());

    return {
      onKey(e, k) {
        if (invTabKey(ctx, cid, e, k)) return;
        if (cursor.onKey(e, k)) return;
        const el = e.target;
        if (k === 'Ctrl+Enter') { e.preventDefault(); save(); return; }
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
      let busy = false;
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
      clearMarkOnInput(card);

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
        ...godowns.map((g) => h('option', { value: String(g.id), text: g.name }))]);

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

      async function save() {
        if (busy) return;
        clearMarks(card);
        alert.hidden = true;
        linesMsg.hidden = true;
        const body = build();
        const json = JSON.stringify(body);
        if (!idem || idem.json !== json) idem = { json, key: ctx.newKey() };
        busy = true;
        saveBtn.disabled = true;
        try {
          const res = await ctx.api('POST', '/companies/' + cid + (verify ? '/stock-verifications' : '/stock-journals'), { body, idem: idem.key, quiet429: true });
          idem = null;
          if (/^\d{4}-\d{2}-\d{2}$/.test(body.date)) ctx.state.lastDate = body.date;
          ctx.setT(done, verify ? 'sv.saved' : 'sj.saved', { id: res.data && res.data.id, kind: t(verify ? 'inv.verification' : 'sj.kind.' + body.kind) });
          done.hidden = false;
          ctx.toast(verify ? 'sv.saved' : 'sj.saved', { args: { id: res.data && res.data.id, kind: t(verify ? 'inv.verification' : 'sj.kind.' + body.kind) }, kind: 'ok' });
          if (narration) narration.value = '';
          resetRows();
          rows[0].item.input.focus();
        } catch (err) {
          if (err.status === 401) return;
          const m = /^(?:lines|counts)\[(\d+)\]\.(\w+)$/.exec(err.field || '');
          let input = null;
          if (m && sentMap[Number(m[1])]) {
            const r = sentMap[Number(m[1])];
            const map = { item_id: r.item.input, godown_id: r.from, to_godown_id: r.to, qty: r.qty, rate: r.rate, batch: r.batch, expiry: r.expiry && r.expiry.input };
            input = markField(ctx, map[m[2]] || r.item.input, err);
          } else if (err.field === 'lines' || err.field === 'counts') {
            linesMsg.replaceChildren(...errorNodes(ctx, err));
            linesMsg.hidden = false;
            input = rows[0].item.input;
          } else if (err.field === 'date') input = markField(ctx, date.input, err);
          else if (err.field === 'godown_id' && godown) input = markField(ctx, godown, err);
          else if (err.field === 'kind' && kind) input = markField(ctx, kind, err);
          if (input) input.focus(); else showAlert(ctx, alert, err);
        } finally {
          busy = false;
          saveBtn.disabled = false;
        }
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
        try { godowns = (await ctx.api('GET', '/companies/' + cid + '/godowns')).data.items || []; } catch (err) { if (err.status !== 401) showAlert(ctx, alert, err); }
        if (godown) godown.replaceChildren(...godowns.map((g) => h('option', { value: String(g.id), text: g.name })));
        resetRows();
        (verify ? date.input : kind).focus();
      })();

      return {
        onKey(e, key) {
          if (invTabKey(ctx, cid, e, key)) return;
          const el = e.target;
          const r = rows.find((x) => x.tr.contains(el));
          if (r && el === r.item.input && r.item.onKey(e, key)) return;
          switch (key) {
            case 'Ctrl+Enter': e.preventDefault(); save(); return;
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
