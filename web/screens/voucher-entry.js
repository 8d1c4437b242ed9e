// Voucher entry (new and alteration), typed the way a Tally user types it: F4..F9 and Ctrl+F8/F9
// pick the type, F2 goes to the date, Enter walks date → party → place of supply → reference →
// lines, a blank line ends the lines, Ctrl+Enter or Alt+A (Tally's accept) saves; Ctrl+A is the
// browser's (it selects a field's text). A date that is no date (31-02, 2026-13-01) is refused in
// its field as it is left; after a refused save the focus goes to the line and field the server
// names (lines[2].amount). The types, their keys, whether a type has item lines, which way its stock goes and
// the side of its first line come from GET /voucher-types. Every figure on screen (taxable, GST,
// round-off, totals, the balance verdict) comes from POST /vouchers/preview; the only thing done
// here is copying the difference the server names (error.difference, error.side) into the next line
// as a suggestion. An item that keeps batches gets a batch (and, coming in, an expiry) under its
// name; going out, the batches in stock in the line's godown are offered and the earliest to expire
// is filled in. The unit offers the item's unit and the units made of it.
import { STATES, notices, dateInput, moneyInput, wireMoney, picker, keyButton, carryOver, itemOption } from './ui.js';
import { errorNodes, formControl, alertError } from './form.js';
import { fetchPage, fetchAll } from './paging.js';
import { billPanel, partyInfo, warningNodes } from './bill-alloc.js';

export default {
  nav: 'accounts',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const altering = params.id !== null && params.id !== undefined;
    const listHash = '#/c/' + cid + '/accounts';
    let type = params.type || 'sales';
    let types = null;         // GET /voucher-types, once read
    let original = null;      // the voucher being altered, as read
    let version = null;
    let rows = [];
    let godowns = [];
    let units = [];
    let seq = 0;
    let previewTimer = null;
    let sentMap = [];         // index in the body sent -> row object
    let lastKey = null;       // {json, key} for an unanswered create retried
    let dirtyNotice = false;

    const vt = () => (types && types.find((x) => x.type === type)) || {};
    // The one voucher rule still here: a contra (cash and bank only) names no party. GET
    // /voucher-types does not say which types take a party; when it does, read it from there.
    const noParty = () => type === 'contra';
    const isItems = () => !!vt().has_items;
    const outward = () => vt().stock === 'out';     // lines that take stock out (of a named batch)
    const tracks = (r) => !!(r.item && r.item.tracks_batches);
    const mainGodown = () => (godowns[0] ? godowns[0].id : null);
    const lineGodown = (r) => (r.godown && r.godown.value ? Number(r.godown.value) : mainGodown());

    /* ----- header ----- */
    const title = h('h1', { id: 'v-title' });
    const numberBadge = h('span', { class: 'v-number mono', id: 'v-number' });
    const typeBar = h('div', { class: 'type-bar', id: 'type-bar', role: 'toolbar', tattr: { 'aria-label': 'voucher.types' } });
    const date = dateInput(ctx, { id: 'v-date', name: 'date' });
    const party = picker(ctx, {
      id: 'v-party',
      search: async (q) => (await fetchPage(ctx, '/companies/' + cid + '/parties', { q: q }, { limit: 8 })).items,
      label: (p) => p.name || '',
      option: (p) => [h('span', { class: 'opt-main', text: p.name || '' }),
        h('span', { class: 'opt-meta' }, [p.kind ? h('span', { t: 'kind.' + p.kind }) : '', p.gstin ? ' · ' + p.gstin : ''])],
      onPick: (p) => partyPicked(p),
      onClear: () => { partyInfo(ctx, partyInfoEl, null); schedulePreview(); },
      props: { tattr: { placeholder: 'voucher.partyPlaceholder' } },
    });
    const pos = h('select', { id: 'v-pos', name: 'place_of_supply' }, [
      h('option', { value: '', t: 'voucher.posFromParty' }),
      ...STATES.map((c) => h('option', { value: c, t: 'state.' + c, tprefix: c + ' · ' })),
    ]);
    const reference = h('input', { id: 'v-ref', type: 'text', autocomplete: 'off', spellcheck: 'false', maxLength: 100 });
    /* The GST kind of an item voucher: a sale's zero-rated supply (export or SEZ, with or without
     * IGST), or a purchase under reverse charge; its options follow the type (renderType). */
    const gstKind = h('select', { id: 'v-gstkind', name: 'gst_kind' });
    const KINDS_OUT = ['', 'export_wpay', 'export_wopay', 'sez_wpay', 'sez_wopay'];
    const KINDS_IN = ['', 'reverse_charge'];
    /* An export's port and shipping bill (GSTR-1 table 6A; the portal takes them later too). */
    const portCode = h('input', { id: 'v-port', type: 'text', class: 'mono upper', autocomplete: 'off', spellcheck: 'false', maxLength: 6 });
    const billNo = h('input', { id: 'v-sbno', type: 'text', class: 'mono', autocomplete: 'off', spellcheck: 'false', maxLength: 20 });
    const billDate = dateInput(ctx, { id: 'v-sbdate', name: 'shipping_bill_date' });
    const isExport = () => isItems() && /^export_/.test(gstKind.value);
    const narration = h('input', { id: 'v-narration', type: 'text', autocomplete: 'off', maxLength: 500, tattr: { placeholder: 'voucher.narrationPlaceholder' } });

    const headMsgs = {};
    function field(name, labelKey, input, cls, control) {
      const msg = h('div', { class: 'field-msg', id: input.id + '-msg', role: 'alert', hidden: true });
      headMsgs[name] = { input, msg };
      return h('div', { class: 'field ' + (cls || ''), dataset: { field: name } }, [h('label', { for: input.id, t: labelKey }), control || input, msg]);
    }
    const partyField = field('party_id', 'voucher.party', party.input, 'v-party-field', party.wrap);
    const posField = field('place_of_supply', 'voucher.pos', pos);
    const kindField = field('supply_type', 'voucher.gstKind', gstKind);
    const exportFields = [field('port_code', 'voucher.portCode', portCode), field('shipping_bill_no', 'voucher.shippingBillNo', billNo),
      field('shipping_bill_date', 'voucher.shippingBillDate', billDate.input)];
    const showExport = () => { for (const f of exportFields) f.hidden = !isExport(); };
    gstKind.addEventListener('change', showExport);
    const partyInfoEl = h('div', { class: 'party-info small', id: 'v-party-info', 'aria-live': 'polite', hidden: true });
    const head = h('div', { class: 'v-head' }, [
      field('date', 'voucher.date', date.input, 'v-date-field'),
      partyField,
      posField,
      field('reference', 'voucher.reference', reference),
      kindField,
      ...exportFields,
      partyInfoEl,
    ]);
    const warnBox = h('ul', { class: 'warn-list', id: 'v-warnings', 'aria-live': 'polite', hidden: true });
    let warnings = [];        // the last preview's, as the server said them

    /* ----- lines ----- */
    const thead = h('thead');
    const tbody = h('tbody', { id: 'v-rows' });
    const table = h('table', { class: 'entry-grid', id: 'v-grid' }, [thead, tbody]);
    const linesMsg = h('div', { class: 'field-msg lines-msg', id: 'v-lines-msg', role: 'alert', hidden: true });

    /* ----- totals ----- */
    const totals = {};
    const totalRow = (key, label, cls) => {
      totals[key] = h('span', { class: 'num', id: 'v-' + key });
      return h('div', { class: 'tot-row ' + (cls || ''), dataset: { key } }, [h('span', { class: 'tot-label', t: label }), totals[key]]);
    };
    const verdict = h('div', { class: 'verdict', id: 'v-verdict', 'aria-live': 'polite' });
    const totalsBox = h('div', { class: 'totals', id: 'v-totals' }, [
      totalRow('taxable', 'voucher.taxable', 'only-items'),
      totalRow('cgst', 'voucher.cgst', 'only-items'),
      totalRow('sgst', 'voucher.sgst', 'only-items'),
      totalRow('igst', 'voucher.igst', 'only-items'),
      totalRow('cess', 'voucher.cess', 'only-items'),
      totalRow('round_off', 'voucher.roundOff', 'only-items'),
      totalRow('total', 'voucher.total', 'tot-grand'),
      verdict,
      warnBox,
    ]);

    const saved = h('div', { class: 'saved-banner', id: 'v-saved', role: 'status', hidden: true });
    const formAlert = h('div', { class: 'form-alert', id: 'v-alert', role: 'alert', hidden: true });
    const noticeArea = h('div', { class: 'notice-area', id: 'notice-area' });
    const note = notices(ctx, noticeArea);
    const saveBtn = keyButton(ctx, 'v-save', 'voucher.save', 'Ctrl+Enter', 'btn-primary', () => save());
    const backBtn = keyButton(ctx, 'v-back', 'form.back', 'Esc', 'btn-ghost', () => leave());
    const card = h('div', { class: 'card voucher-card', id: 'voucher-form' }, [
      head,
      h('div', { class: 'grid-scroll' }, [table]),
      linesMsg,
      h('div', { class: 'v-foot' }, [
        h('div', { class: 'v-narr' }, [field('narration', 'voucher.narration', narration)]),
        totalsBox,
      ]),
      h('div', { class: 'form-actions' }, [saveBtn, backBtn, h('div', { class: 'spacer' }),
        h('span', { class: 'muted small', t: altering ? 'voucher.alterHint' : 'voucher.entryHint' })]),
    ]);

    root.replaceChildren(h('section', { class: 'screen screen-voucher' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: listHash, t: 'vlist.title' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, numberBadge, h('div', { class: 'spacer' }), typeBar,
      ]),
      saved, noticeArea, formAlert, card,
    ]));

    /* ----- type ----- */
    function renderType() {
      // the type as a key of its own, so the title follows a language switch whole
      ctx.setT(title, altering ? 'voucher.alterTitle' : 'voucher.newTitle', { type: { t: 'vtype.' + type } });
      title.dataset.type = type;
      card.classList.toggle('is-items', isItems());
      card.classList.toggle('is-lines', !isItems());
      partyField.hidden = noParty();
      posField.hidden = !isItems();
      kindField.hidden = !isItems();
      const kinds = type === 'purchase' || type === 'debit_note' ? KINDS_IN : KINDS_OUT;
      const keep = gstKind.value;
      gstKind.replaceChildren(...(isItems() ? kinds : ['']).map((k) => h('option', { value: k, t: 'voucher.gstKind.' + (k || 'regular') })));
      gstKind.value = kinds.includes(keep) ? keep : '';
      showExport();
      typeBar.hidden = altering;
      typeBar.replaceChildren(...(types || []).map((x) => h('button', {
        type: 'button', class: 'type-chip' + (x.type === type ? ' is-current' : ''), tabIndex: -1, disabled: altering && x.type !== type,
        dataset: { type: x.type }, 'aria-pressed': x.type === type ? 'true' : 'false',
        on: { click: () => switchType(x.type) },
      }, [h('kbd', { text: x.hotkey }), h('span', { t: 'vtype.' + x.type })])));
      thead.replaceChildren(isItems() ? h('tr', {}, [
        h('th', { class: 'c-no', text: '#' }),
        h('th', { class: 'c-item', t: 'voucher.item' }),
        h('th', { class: 'c-hsn', t: 'voucher.hsn' }),
        h('th', { class: 'c-qty num', t: 'voucher.qty' }),
        h('th', { class: 'c-unit', t: 'voucher.unit' }),
        h('th', { class: 'c-rate num', t: 'voucher.rate' }),
        h('th', { class: 'c-disc num', t: 'voucher.discount' }),
        h('th', { class: 'c-gst num', t: 'voucher.gstRate' }),
        h('th', { class: 'c-cess num', t: 'voucher.cessRate' }),
        godowns.length > 1 ? h('th', { class: 'c-godown', t: 'voucher.godown' }) : null,
        h('th', { class: 'c-taxable num', t: 'voucher.taxable' }),
      ]) : h('tr', {}, [
        h('th', { class: 'c-no', text: '#' }),
        h('th', { class: 'c-side', t: 'voucher.drcr' }),
        h('th', { class: 'c-ledger', t: 'voucher.ledger' }),
        h('th', { class: 'c-amt num', t: 'voucher.debit' }),
        h('th', { class: 'c-amt num', t: 'voucher.credit' }),
      ]));
      for (const r of rows) if (r.kind === 'item') syncBatch(r);
      setKeys();
    }

    function switchType(ty) {
      if (!types || altering || ty === type || !types.some((x) => x.type === ty)) return;
      const wasItems = isItems();
      type = ty;
      if (wasItems !== isItems()) { tbody.replaceChildren(); rows = []; addRow(); }
      renderType();
      if (noParty()) party.clear();
      ctl.clear();
      resetTotals();
      schedulePreview();
      const hashNow = '#/c/' + cid + '/accounts/new/' + type;
      if (location.hash !== hashNow) history.replaceState(null, '', hashNow);
      focusStart();
    }

    /* ----- rows ----- */
    function addRow(data) {
      const i = rows.length;
      const r = isItems() ? itemRow(i, data) : ledgerRow(i, data);
      rows.push(r);
      tbody.append(r.tr);
      if (r.bills) tbody.append(r.bills.tr);
      return r;
    }

    function cell(cls, ...kids) { return h('td', { class: cls }, kids); }

    function itemRow(i, d = {}) {
      const r = { kind: 'item', item: null, extra: {}, details: null, loading: null, batchAuto: false };
      const id = (f) => 'it-' + i + '-' + f;
      r.stock = h('div', { class: 'stock-hint', id: id('stock'), 'aria-live': 'polite' });
      r.hiName = h('div', { class: 'line-hi', lang: 'hi', id: id('hi') });   // the item's Hindi name, shown in Hindi
      r.desc = picker(ctx, {
        id: id('desc'), free: true, inputClass: 'in-desc',
        search: async (q) => (q ? (await fetchPage(ctx, '/companies/' + cid + '/items', { q: q }, { limit: 8 })).items : []),
        label: (it) => it.name || '',
        option: (it) => [
          ...itemOption(ctx, it),
          h('span', { class: 'opt-meta' }, [h('span', { class: 'mono', text: it.sku || '' }), ' · ',
            h('span', { class: 'opt-stock', t: 'voucher.inStock', targs: { qty: fmt.formatQty(it.in_stock, it.unit) } })]),
        ],
        onPick: (it) => itemPicked(r, it),
        onClear: () => itemCleared(r),
        emptyKey: 'pick.freeText',
        props: { tattr: { placeholder: 'voucher.itemPlaceholder', 'aria-label': 'voucher.item' } },
      });
      const txt = (f, cls, props = {}) => h('input', { id: id(f), type: 'text', class: cls || '', autocomplete: 'off', spellcheck: 'false', ...props });
      r.hsn = txt('hsn', 'mono', { maxLength: 8, tattr: { 'aria-label': 'voucher.hsn' } });
      r.qty = txt('qty', 'num', { inputmode: 'decimal', tattr: { 'aria-label': 'voucher.qty' } });
      r.units = h('datalist', { id: id('units') });
      r.unit = txt('unit', '', { maxLength: 10, list: id('units'), tattr: { 'aria-label': 'voucher.unit' } });
      r.unitChoices = 0;
      r.rate = moneyInput(ctx, { id: id('rate'), tattr: { 'aria-label': 'voucher.rate' } });
      r.disc = moneyInput(ctx, { id: id('disc'), tattr: { 'aria-label': 'voucher.discount' } });
      r.gst = txt('gst', 'num', { inputmode: 'decimal', maxLength: 5, tattr: { 'aria-label': 'voucher.gstRate' } });
      // the cess rate of a line (tobacco, coal, cars): rare, so Enter passes it and Tab reaches it
      r.cess = txt('cess', 'num', { inputmode: 'decimal', maxLength: 6, tattr: { 'aria-label': 'voucher.cessRate' } });
      r.godown = godowns.length > 1 ? h('select', { id: id('godown'), tattr: { 'aria-label': 'voucher.godown' } }, [
        h('option', { value: '', t: 'voucher.mainGodown' }), ...godowns.map((g) => h('option', { value: String(g.id), ...ctx.stdNameProps(g.name) }))]) : null;
      // The batch: going out, a pick among the batches in stock in the line's godown; coming in, typed
      // (an existing batch is offered but not forced, so a new number is kept as typed).
      r.batch = picker(ctx, {
        id: id('batch'), free: true, inputClass: 'in-batch mono',
        search: async (q) => batchChoices(r, q),
        label: (b) => b.batch || '',
        option: (b) => [h('span', { class: 'opt-main mono', text: b.batch }), h('span', { class: 'opt-meta', ...batchMeta(b, !outward()) })],
        pickFirst: (q, items) => outward() || items[0].batch.toLowerCase() === q.toLowerCase(),
        onPick: (b) => batchPicked(r, b),
        onClear: () => { r.batchAuto = false; batchHint(r); },
        get emptyKey() { return outward() ? 'voucher.noBatchHere' : 'voucher.newBatch'; },
        get openOnFocus() { return outward(); },
        props: { maxLength: 40, tattr: { 'aria-label': 'voucher.batch' } },
      });
      r.expiry = dateInput(ctx, { id: id('expiry'), tattr: { 'aria-label': 'voucher.expiry' } });
      r.batchNote = h('span', { class: 'batch-hint', id: id('batch-hint') });
      r.expiryPart = h('span', { class: 'sub-part' }, [
        h('label', { class: 'sub-label', for: id('expiry'), t: 'voucher.expiry' }),
        h('span', { class: 'sub-field expiry-field' }, [r.expiry.input])]);
      r.batchLine = h('div', { class: 'batch-line', id: id('batch-line'), hidden: true }, [
        h('span', { class: 'sub-part' }, [
          h('label', { class: 'sub-label', for: id('batch'), t: 'voucher.batch' }),
          h('span', { class: 'sub-field batch-field' }, [r.batch.wrap])]),
        r.expiryPart, r.batchNote,
      ]);
      r.batch.input.addEventListener('input', () => { r.batchAuto = false; });
      r.taxable = h('td', { class: 'num c-taxable money', id: id('taxable') });
      r.tr = h('tr', { class: 'entry-row', dataset: { row: String(i) } }, [
        h('td', { class: 'c-no', text: String(i + 1) }),
        cell('c-item', r.desc.wrap, r.hiName, r.batchLine, r.stock),
        cell('c-hsn', r.hsn), cell('c-qty', r.qty), cell('c-unit', r.unit, r.units), cell('c-rate', r.rate), cell('c-disc', r.disc),
        cell('c-gst', r.gst), cell('c-cess', r.cess), r.godown ? cell('c-godown', r.godown) : null, r.taxable,
      ]);
      if (r.godown) r.godown.addEventListener('change', () => refreshBatch(r));
      r.inputs = () => ({ desc: r.desc.input, hsn: r.hsn, qty: r.qty, unit: r.unit, rate: r.rate, disc: r.disc, gst: r.gst, cess: r.cess, godown: r.godown, batch: r.batch.input, expiry: r.expiry.input });
      if (d.description || d.item_id) {
        r.desc.set({ name: d.description || '' });
        // tracks_batches is known for sure once the item is read; a saved batch says so meanwhile.
        if (d.item_id) { r.item = { id: d.item_id, name: d.description, tracks_batches: !!d.batch }; }
        r.hsn.value = d.hsn || '';
        r.qty.value = d.qty || '';
        r.unit.value = d.unit || '';
        r.rate.value = d.rate ? fmt.formatMoney(d.rate) : '';
        r.disc.value = d.discount && !fmt.isZeroAmount(d.discount) ? fmt.formatMoney(d.discount) : '';
        r.gst.value = d.gst_rate || '';
        r.cess.value = d.cess_rate && Number(d.cess_rate) !== 0 ? d.cess_rate : '';
        if (r.godown && d.godown_id) r.godown.value = String(d.godown_id);
        r.extra.ledger_id = d.ledger_id || null;
        if (d.batch) {
          r.batch.set({ batch: d.batch, expiry: d.expiry || null });
          r.expiry.set(d.expiry || null);
          r.extra.batch = d.batch;
          r.extra.expiry = d.expiry || null;
        }
        syncBatch(r);
        if (d.item_id) loadItem(r, d.item_id);
      }
      return r;
    }

    /* The units a line of this item may be in: its own, those made of it, and the one it is made of. */
    function unitChoices(it) {
      const own = units.find((u) => u.id === it.unit_id);
      if (!own) return it.unit ? [{ symbol: it.unit, name: '' }] : [];
      const list = [own, ...units.filter((u) => u.base_unit_id && u.base_unit_id === own.id)];
      const base = own.base_unit_id && units.find((u) => u.id === own.base_unit_id);
      if (base) list.push(base);
      return list;
    }

    function fillUnits(r) {
      const list = r.item && r.item.unit_id ? unitChoices(r.item) : [];
      r.unitChoices = list.length;
      r.units.replaceChildren(...list.map((u) => {
        const base = u.base_unit_id && units.find((x) => x.id === u.base_unit_id);
        return h('option', { value: u.symbol, label: base ? t('voucher.unitEquals', { name: u.name, factor: u.factor, base: base.symbol }) : (u.name || u.symbol) });
      }));
    }

    /* The batch options for a line: going out, those with stock in its godown (earliest expiry
     * first, as the server sends them); coming in, every batch of the item once. */
    function batchChoices(r, q) {
      const all = (r.details && r.details.batches) || [];
      let list;
      if (outward()) {
        const g = lineGodown(r);
        list = all.filter((b) => g === null || b.godown_id === g);
      } else {
        const seen = new Set();
        list = all.filter((b) => !seen.has(b.batch) && seen.add(b.batch));
      }
      const cur = r.batch.value;
      const s = (q || '').toLowerCase();
      if (!s || (cur && cur.batch.toLowerCase() === s)) return list;
      const hits = list.filter((b) => b.batch.toLowerCase().includes(s));
      return hits.sort((a, b) => (b.batch.toLowerCase() === s) - (a.batch.toLowerCase() === s));
    }

    /* {t, targs} for "exp 31-03-2026 · 10 pcs" (or without the quantity). */
    function batchMeta(b, noQty) {
      const expiry = b.expiry ? fmt.formatDate(b.expiry) : null;
      if (noQty) return expiry ? { t: 'voucher.batchExp', targs: { expiry } } : { t: 'voucher.batchNoExp' };
      const qty = fmt.formatQty(b.qty, b.unit);
      return expiry ? { t: 'voucher.batchExpQty', targs: { expiry, qty } } : { t: 'voucher.batchNoExpQty', targs: { qty } };
    }

    /* The note beside the batch: what the chosen batch holds here, or that nothing is in stock. */
    function batchHint(r) {
      const note = r.batchNote;
      note.classList.remove('is-warn');
      delete note.dataset.i18n;
      note.textContent = '';
      if (!tracks(r) || !outward() || !r.details) return;
      const name = r.batch.input.value.trim().toLowerCase();
      const here = batchChoices(r, '');
      if (!here.length) {
        note.classList.add('is-warn');
        ctx.setT(note, 'voucher.noBatchHere');
        return;
      }
      const b = name && here.find((x) => x.batch.toLowerCase() === name);
      if (b) { const m = batchMeta(b, false); ctx.setT(note, m.t, m.targs); }
    }

    function batchPicked(r, b) {
      r.batchAuto = false;
      if (!outward() && b.expiry && !r.expiry.input.value.trim()) r.expiry.set(b.expiry);
      batchHint(r);
      schedulePreview();
    }

    /* Going out, fills in the earliest-expiring batch in stock, unless the user chose one. */
    function refreshBatch(r) {
      if (!tracks(r)) return;
      const typed = r.batch.input.value.trim();
      if (outward() && r.details && (!typed || r.batchAuto)) {
        const first = batchChoices(r, '')[0];
        if (first) { r.batch.set(first); r.batchAuto = true; } else if (r.batchAuto) { r.batch.clear(); r.batchAuto = false; }
      } else if (!outward() && r.batchAuto) {
        r.batch.clear();
        r.batchAuto = false;
      }
      batchHint(r);
    }

    /* Shows or hides the batch (and expiry) fields as the item and the voucher type say. */
    function syncBatch(r) {
      const on = tracks(r);
      r.batchLine.hidden = !on;
      r.expiryPart.hidden = outward();
      if (on) refreshBatch(r);
      else batchHint(r);
    }

    /* Reads the item (its batches and stock per godown); resolves when the line is up to date. */
    function loadItem(r, itemId) {
      const p = (async () => {
        try {
          const res = await ctx.api('GET', '/companies/' + cid + '/items/' + itemId);
          const it = res.data || {};
          if (!r.item || r.item.id !== itemId) return;
          for (const b of it.batches || []) b.unit = it.unit;
          r.details = it;
          r.item = { ...it, name: r.item.name };
          r.hiName.textContent = it.name_hi || '';
          fillUnits(r);
          if (!r.stock.textContent) ctx.setT(r.stock, 'voucher.inStock', { qty: fmt.formatQty(it.in_stock, it.unit) });
          syncBatch(r);
        } catch (_) { /* the line is typed by hand; the server still checks it */ }
      })();
      r.loading = p;
      p.then(() => { if (r.loading === p) r.loading = null; });
      return p;
    }

    function itemPicked(r, it) {
      r.item = it;
      r.details = null;
      r.hiName.textContent = it.name_hi || '';
      if (it.hsn) r.hsn.value = it.hsn;
      if (it.unit) r.unit.value = it.unit;
      if (it.gst_rate) r.gst.value = it.gst_rate;
      ctx.setT(r.stock, 'voucher.inStock', { qty: fmt.formatQty(it.in_stock, it.unit) });
      fillUnits(r);
      r.batch.clear();
      r.batchAuto = false;
      r.expiry.set(null);
      delete r.extra.batch;
      delete r.extra.expiry;
      syncBatch(r);
      if (it.tracks_batches) loadItem(r, it.id);
      schedulePreview();
    }

    function itemCleared(r) {
      r.item = null;
      r.details = null;
      r.hiName.textContent = '';
      r.stock.textContent = '';
      delete r.stock.dataset.i18n;
      fillUnits(r);
      syncBatch(r);
    }

    function ledgerRow(i, d = {}) {
      const r = { kind: 'line', suggested: false, extra: {} };
      const id = (f) => 'ln-' + i + '-' + f;
      r.side = h('select', { id: id('side'), class: 'side-select', tattr: { 'aria-label': 'voucher.drcr' } }, [
        h('option', { value: 'debit', t: 'voucher.dr' }), h('option', { value: 'credit', t: 'voucher.cr' })]);
      r.side.value = d.credit ? 'credit' : (d.debit ? 'debit' : (d.side || sideForNew(i)));
      r.ledger = picker(ctx, {
        id: id('ledger'), inputClass: 'in-ledger',
        search: async (q) => (await fetchPage(ctx, '/companies/' + cid + '/ledgers', { q: q }, { limit: 8 })).items,
        label: (l) => ctx.stdName(l.name),
        option: (l) => [h('span', { class: 'opt-main', ...ctx.stdNameProps(l.name) }), h('span', { class: 'opt-meta', ...ctx.stdNameProps(l.group) })],
        onPick: () => { r.suggestedLedger = false; schedulePreview(); },
        onClear: () => schedulePreview(),
        props: { tattr: { placeholder: 'voucher.ledgerPlaceholder', 'aria-label': 'voucher.ledger' } },
      });
      r.amt = moneyInput(ctx, { id: id('amt'), tattr: { 'aria-label': 'voucher.amount' } });
      r.dr = h('td', { class: 'c-amt' });
      r.cr = h('td', { class: 'c-amt' });
      r.tr = h('tr', { class: 'entry-row', dataset: { row: String(i) } }, [
        h('td', { class: 'c-no', text: String(i + 1) }),
        cell('c-side', r.side), cell('c-ledger', r.ledger.wrap), r.dr, r.cr,
      ]);
      r.inputs = () => ({ side: r.side, ledger: r.ledger.input, amt: r.amt });
      r.bills = billPanel(ctx, { cid, colspan: 5, id: id('bills') });
      r.savedAllocs = d.allocations && d.allocations.length ? d.allocations : null;
      const place = () => { (r.side.value === 'credit' ? r.cr : r.dr).append(r.amt); };
      place();
      r.side.addEventListener('change', () => { place(); schedulePreview(); });
      r.amt.addEventListener('input', () => { r.suggested = false; r.amt.classList.remove('is-suggested'); });
      if (d.ledger_id) r.ledger.set({ id: d.ledger_id, name: d.ledger || ('#' + d.ledger_id) });
      const amount = d.debit || d.credit;
      if (amount) r.amt.value = fmt.formatMoney(amount);
      return r;
    }

    function sideForNew(i) {
      if (i === 0) return vt().default_side || 'debit';
      const prev = rows[i - 1];
      return prev && prev.side.value === 'debit' ? 'credit' : 'debit';
    }

    function rowBlank(r) {
      if (r.kind === 'item') return !r.desc.input.value.trim() && !r.item && !r.qty.value.trim() && !r.rate.value.trim();
      return !r.ledger.value && !r.ledger.input.value.trim() && (!r.amt.value.trim() || r.suggested);
    }

    async function partyPicked(p) {
      schedulePreview();
      ctx.api('GET', '/companies/' + cid + '/parties/' + p.id + '/bills')
        .then((res) => { if (party.value && party.value.id === p.id) partyInfo(ctx, partyInfoEl, res.data.party); })
        .catch(() => partyInfo(ctx, partyInfoEl, null));
      if (isItems() || noParty()) return;
      // Receipts and payments usually start with the party's own ledger.
      const first = rows[0];
      if (!first || !rowBlank(first)) return;
      try {
        const got = await fetchPage(ctx, '/companies/' + cid + '/ledgers', { q: p.name }, { limit: 20 });
        const l = got.items.find((x) => x.party_id === p.id);
        if (l && rowBlank(first)) { first.ledger.set(l); first.suggestedLedger = true; }
      } catch (_) { /* the user picks it by hand */ }
    }

    /* ----- body ----- */
    function header(forPreview) {
      const iso = date.iso();
      const body = { type, date: iso || (forPreview ? (ctx.state.lastDate || fmt.todayIso()) : date.input.value.trim()) };
      if (!noParty() && party.value) body.party_id = party.value.id;
      else if (!noParty() && party.input.value.trim() && !forPreview) body.party_id = party.input.value.trim();
      if (isItems() && pos.value) body.place_of_supply = pos.value;
      if (isItems() && gstKind.value === 'reverse_charge') body.reverse_charge = true;
      else if (isItems() && gstKind.value) body.supply_type = gstKind.value;
      if (isExport()) {
        if (portCode.value.trim()) body.port_code = portCode.value.trim().toUpperCase();
        if (billNo.value.trim()) body.shipping_bill_no = billNo.value.trim();
        if (billDate.input.value.trim()) body.shipping_bill_date = billDate.iso() || billDate.input.value.trim();
      }
      if (reference.value.trim()) body.reference = reference.value.trim();
      if (narration.value.trim()) body.narration = narration.value.trim();
      return body;
    }

    function itemBody(r) {
      const x = {};
      const desc = r.desc.input.value.trim();
      if (desc) x.description = desc;
      if (r.item && r.item.id) x.item_id = r.item.id;
      if (r.hsn.value.trim()) x.hsn = r.hsn.value.trim();
      x.qty = r.qty.value.trim();
      if (r.unit.value.trim()) x.unit = r.unit.value.trim();
      x.rate = wireMoney(ctx, r.rate.value);
      const disc = wireMoney(ctx, r.disc.value);
      if (disc) x.discount = disc;
      if (r.gst.value.trim()) x.gst_rate = r.gst.value.trim().replace(/%$/, '');
      if (r.cess.value.trim()) x.cess_rate = r.cess.value.trim().replace(/%$/, '');
      if (r.godown && r.godown.value) x.godown_id = Number(r.godown.value);
      if (r.extra.ledger_id) x.ledger_id = r.extra.ledger_id;
      if (tracks(r)) {
        const batch = r.batch.input.value.trim();
        if (batch) x.batch = batch;
        const exp = r.expiry.input.value.trim();
        if (!outward() && exp) x.expiry = r.expiry.iso() || exp;
        else if (outward() && r.extra.expiry && batch === r.extra.batch) x.expiry = r.extra.expiry;  // as saved
      }
      return x;
    }

    function lineBody(r) {
      const x = { ledger_id: r.ledger.value ? r.ledger.value.id : null };
      x[r.side.value] = wireMoney(ctx, r.amt.value);
      if (r.bills.active) x.allocations = r.bills.body();
      else if (r.savedAllocs) x.allocations = r.savedAllocs;
      return x;
    }

    function build(forPreview) {
      const body = header(forPreview);
      const map = [];
      const list = [];
      for (const r of rows) {
        if (rowBlank(r)) continue;
        if (forPreview) {
          if (r.kind === 'item' && (!r.qty.value.trim() || !r.rate.value.trim() || !(r.desc.input.value.trim() || r.item))) continue;
          if (r.kind === 'line' && (!r.ledger.value || !r.amt.value.trim())) continue;
        }
        list.push(r.kind === 'item' ? itemBody(r) : lineBody(r));
        map.push(r);
      }
      if (isItems()) body.items = list; else body.lines = list;
      return { body, map };
    }

    /* ----- preview ----- */
    function resetTotals() {
      for (const k of Object.keys(totals)) totals[k].textContent = '';
      verdict.replaceChildren();
      verdict.className = 'verdict';
      for (const r of rows) if (r.taxable) r.taxable.textContent = '';
    }

    function schedulePreview() {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => { preview(); }, 300);
    }

    /* Asks the server for the figures; resolves {ok, diff} for the Enter logic. */
    async function preview() {
      clearTimeout(previewTimer);
      const { body, map } = build(true);
      const list = isItems() ? body.items : body.lines;
      const my = ++seq;
      if (!list.length) {
        resetTotals();
        return { ok: false, empty: true };
      }
      card.classList.add('is-previewing');
      try {
        const res = await ctx.api('POST', '/companies/' + cid + '/vouchers/preview' + (altering ? '?voucher_id=' + params.id : ''), { body, quiet429: true });
        if (my !== seq) return { stale: true };
        const v = res.data || {};
        for (const k of Object.keys(totals)) totals[k].textContent = fmt.formatMoney(v[k]);
        for (const r of rows) if (r.taxable) r.taxable.textContent = '';
        (v.items || []).forEach((it, i) => { if (map[i] && map[i].taxable) map[i].taxable.textContent = fmt.formatMoney(it.taxable); });
        verdict.className = 'verdict is-ok';
        verdict.replaceChildren(h('span', { t: isItems() ? 'voucher.previewOk' : 'voucher.balanced' }));
        showWarnings(v.warnings || []);
        return { ok: true, voucher: v, count: list.length };
      } catch (err) {
        if (my !== seq) return { stale: true };
        showWarnings([]);
        for (const k of Object.keys(totals)) totals[k].textContent = '';
        // The server names the difference and the larger side; nothing is read out of its message.
        const d = err.details || {};
        const diff = err.reason === 'unbalanced' && d.difference && (d.side === 'debit' || d.side === 'credit')
          ? { more: d.side, amount: String(d.difference) } : null;
        verdict.className = 'verdict is-bad';
        if (diff) {
          verdict.replaceChildren(h('span', {
            t: diff.more === 'debit' ? 'voucher.diffDr' : 'voucher.diffCr', targs: { amount: fmt.formatMoney(diff.amount) },
          }));
        } else {
          verdict.replaceChildren(...errorNodes(ctx, err));
        }
        return { ok: false, diff, err, count: list.length, only: list.length === 1 ? map[0] : null };
      } finally {
        if (my === seq) card.classList.remove('is-previewing');
      }
    }

    /* The server's warnings under the totals, as the operator types. */
    function showWarnings(list) {
      warnings = list;
      warnBox.replaceChildren(...warningNodes(ctx, list));
      warnBox.hidden = !list.length;
    }

    /* ----- errors ----- */
    const ITEM_KEYS = { description: 'desc', item_id: 'desc', hsn: 'hsn', qty: 'qty', unit: 'unit', rate: 'rate', discount: 'disc', gst_rate: 'gst', cess_rate: 'cess', godown_id: 'godown', batch: 'batch', expiry: 'expiry' };
    const LINE_KEYS = { ledger_id: 'ledger', debit: 'amt', credit: 'amt', amount: 'amt', bill_ref: 'ledger', bill_type: 'ledger' };
    const HEAD = { date: date.input, party_id: party.input, place_of_supply: pos, reference, narration, supply_type: gstKind, reverse_charge: gstKind,
      port_code: portCode, shipping_bill_no: billNo, shipping_bill_date: billDate.input };

    /* Where an error on `field` goes: a line's input (items[2].qty), the lines as a whole, a head field. */
    function place(f) {
      const a = /^(?:lines\[(\d+)\]\.)?allocations(?:\[(\d+)\]\.(\w+))?$/.exec(f || '');
      if (a) {
        const r = a[1] !== undefined ? sentMap[Number(a[1])] : null;
        const input = r && r.bills ? r.bills.input(a[2] === undefined ? undefined : Number(a[2]), a[3]) : null;
        if (input) return { input };
        if (r) return { input: r.amt };
        return { slot: linesMsg, focus: null };
      }
      const m = /^(items|lines)\[(\d+)\](?:\.(\w+))?$/.exec(f);
      if (m && sentMap[Number(m[2])]) {
        const ins = sentMap[Number(m[2])].inputs();
        const main = m[1] === 'items' ? 'desc' : 'ledger';
        return { input: ins[(m[1] === 'items' ? ITEM_KEYS : LINE_KEYS)[m[3]] || main] || ins[main] };
      }
      if (f === 'items' || f === 'lines') {
        const r = rows.find((x) => !rowBlank(x)) || rows[0];
        return { slot: linesMsg, focus: r ? Object.values(r.inputs())[0] : null };
      }
      return HEAD[f] ? { input: HEAD[f] } : null;
    }

    const ctl = formControl(ctx, {
      scope: card, alert: formAlert, buttons: [saveBtn], busyEl: card, place, first: () => date.input,
      save: () => save(), stale: () => { stale(); },
    });

    /* ----- save ----- */
    async function save(opts = {}) {
      if (!types || ctl.busy) return;
      clearTimeout(previewTimer);
      if (!opts.confirmed) {
        // The warnings are the server's: asked again now, said, and confirmed with one key.
        const res = await preview();
        if (res.ok && warnings.length) { askConfirm(warnings); return; }
      }
      const { body, map } = build(false);
      body.confirm = opts.confirmed || [];
      sentMap = map;
      if (!opts.keepNotice) note.close();
      await ctl.run(async () => {
        let res;
        if (altering) {
          res = await ctx.api('PATCH', '/companies/' + cid + '/vouchers/' + params.id, { body, ifMatch: version, quiet429: true });
        } else {
          const json = JSON.stringify(body);
          const key = lastKey && lastKey.json === json ? lastKey.key : ctx.newKey();
          lastKey = { json, key };
          try {
            res = await ctx.api('POST', '/companies/' + cid + '/vouchers', { body, idem: key, quiet429: true });
          } catch (err) {
            if (err.status) lastKey = null;      // answered: the next attempt is a new voucher
            throw err;
          }
          lastKey = null;
        }
        const v = res.data || {};
        if (v.date) ctx.state.lastDate = v.date;
        if (v.unchanged) ctx.toast('toast.unchanged', { kind: 'info' });
        else ctx.toast('voucher.savedToast', { args: { number: v.number || '', total: fmt.formatMoney(v.total) }, kind: 'ok' });
        if (altering) {
          if (!v.unchanged) ctx.putFlash('savedVoucher', v.id);
          ctx.back('#/c/' + cid + '/accounts/v/' + params.id);
          return;
        }
        showSaved(v);
        fresh();
      });
    }

    function askConfirm(list) {
      const codes = list.map((w) => w.code);
      const btns = note.show('warn', 'warn-notice', [h('strong', { t: 'warn.title' }), h('ul', { class: 'warn-list' }, warningNodes(ctx, list))], [
        ['warn.saveAnyway', 'Enter', () => { note.close(); save({ confirmed: codes, keepNotice: true }); }, true],
        ['warn.goBack', 'Esc', () => { note.close(); focusStart(); }],
      ]);
      btns[0].focus();
    }

    function showSaved(v) {
      saved.replaceChildren(
        h('span', { class: 'saved-label', t: 'voucher.savedAs', targs: { type: { t: 'vtype.' + v.type } } }),
        h('a', { class: 'saved-number mono', id: 'v-saved-number', href: '#/c/' + cid + '/accounts/v/' + v.id, text: v.number || '' }),
        h('span', { class: 'saved-total' }, [h('span', { t: 'voucher.total' }), ' ₹ ', h('span', { id: 'v-saved-total', text: fmt.formatMoney(v.total) })]),
        ...(v.party_name ? [h('span', { class: 'saved-party', text: v.party_name })] : []),   // replaceChildren would write "null"
      );
      saved.hidden = false;
    }

    /* Someone altered the voucher since it was read: show theirs, keep mine until asked. */
    async function stale() {
      let cur = null;
      try { cur = (await ctx.api('GET', '/companies/' + cid + '/vouchers/' + params.id)).data; } catch (_) { /* shown without detail */ }
      const body = [h('strong', { t: 'vconflict.title' })];
      if (cur) body.push(h('p', { t: 'vconflict.text', targs: { v: cur.version, user: '', total: fmt.formatMoney(cur.total) } }));
      const btns = note.show('warn', 'conflict-notice', body, [
        ['conflict.reload', 'Alt+R', () => { if (cur) load(cur); note.close(); ctx.toast('conflict.reloaded'); focusStart(); }, true],
        ['conflict.overwrite', 'Alt+O', () => { if (cur) version = cur.version; save(); }],
      ]);
      btns[0].focus();
    }

    /* ----- new / load ----- */
    function fresh() {
      ctl.clear();
      party.clear();
      pos.value = '';
      reference.value = '';
      gstKind.value = '';
      portCode.value = billNo.value = '';
      billDate.set('');
      showExport();
      narration.value = '';
      tbody.replaceChildren();
      rows = [];
      addRow();
      date.set(ctx.state.lastDate || fmt.todayIso());
      date.base = ctx.state.lastDate;
      resetTotals();
      numberBadge.textContent = '';
      focusStart();
    }

    function load(v) {
      original = v;
      version = v.version;
      type = v.type;
      renderType();
      date.set(v.date);
      if (v.party_id) party.set({ id: v.party_id, name: v.party_name || '' }); else party.clear();
      pos.value = v.place_of_supply && isItems() ? v.place_of_supply : '';
      reference.value = v.reference || '';
      gstKind.value = v.reverse_charge ? 'reverse_charge' : (v.supply_type || '');
      portCode.value = v.port_code || '';
      billNo.value = v.shipping_bill_no || '';
      billDate.set(v.shipping_bill_date || '');
      showExport();
      narration.value = v.narration || '';
      tbody.replaceChildren();
      rows = [];
      if (isItems()) for (const it of v.items || []) addRow(it);
      else for (const l of v.lines || []) addRow(l);
      addRow();
      numberBadge.textContent = v.number || '';
      schedulePreview();
    }

    function focusStart() {
      if (noParty() || altering) { date.input.focus(); date.input.select(); return; }
      party.input.focus();
    }

    function isDirty() {
      if (altering) return false;
      return !!party.value || rows.some((r) => !rowBlank(r)) || !!narration.value.trim();
    }

    function leave() {
      if (isDirty() && !dirtyNotice) {
        dirtyNotice = true;
        const btns = note.show('info', 'unsaved-notice', [h('strong', { t: 'voucher.unsavedTitle' }), h('p', { t: 'voucher.unsavedText' })], [
          ['unsaved.discard', 'Esc', () => { note.close(); dirtyNotice = false; ctx.back(listHash); }],
          ['unsaved.keep', 'Alt+K', () => { note.close(); dirtyNotice = false; focusStart(); }, true],
        ]);
        btns[1].focus();
        return;
      }
      note.close();
      ctx.back(altering ? '#/c/' + cid + '/accounts/v/' + params.id : listHash);
    }

    /* ----- Enter order ----- */
    function rowFields(r) {
      if (r.kind === 'line') return [r.side, r.ledger.input, r.amt, ...r.bills.fields()];
      const f = [r.desc.input];
      if (tracks(r)) {
        f.push(r.batch.input);
        if (!outward()) f.push(r.expiry.input);
      }
      if (!r.item) f.push(r.hsn);
      f.push(r.qty);
      if (!r.item || r.unitChoices > 1) f.push(r.unit);    // an item stops at the unit only when it has a choice
      f.push(r.rate, r.disc, r.gst);
      return f;       // the godown (when there are several) is reached with Tab
    }

    function order() {
      const list = [date.input];
      if (!noParty()) list.push(party.input);
      if (isItems()) list.push(pos);
      list.push(reference);
      if (isExport()) list.push(portCode, billNo, billDate.input);
      for (const r of rows) list.push(...rowFields(r));
      list.push(narration, saveBtn);
      return list;
    }

    function rowOf(el) { return rows.find((r) => r.tr.contains(el)); }

    function focus(el) {
      if (!el) return;
      el.focus();
      if (el.select && el.tagName === 'INPUT') el.select();
    }

    function next(el) {
      const list = order();
      const i = list.indexOf(el);
      if (i >= 0 && i + 1 < list.length) focus(list[i + 1]);
    }

    function prev(el) {
      const list = order();
      const i = list.indexOf(el);
      if (i > 0) focus(list[i - 1]);
    }

    let entering = false;
    async function enter(el) {
      if (entering) return;
      entering = true;
      try { await enterStep(el); } finally { entering = false; }
    }

    async function enterStep(el) {
      const br = rows.find((x) => x.bills && x.bills.contains(el));
      if (br) {
        if (br.bills.enter(el)) await afterAmount(br);
        schedulePreview();
        return;
      }
      if (el === date.input) {
        if (!date.check()) return;          // no date: said in the field, the focus stays
        const iso = date.iso();
        if (iso) date.set(iso);
        next(el);
        return;
      }
      if (el === party.input) {
        if (await party.enter()) { next(el); carryOver(party); }
        return;
      }
      if (el === narration) { focus(saveBtn); return; }
      const r = rowOf(el);
      if (!r) { next(el); return; }
      const idx = rows.indexOf(r);
      if (r.kind === 'item') {
        if (el === r.desc.input) {
          const ok = await r.desc.enter();
          if (!ok) return;
          if (rowBlank(r)) {
            if (idx > 0) { focus(narration); return; }
          }
          next(el);
          carryOver(r.desc);
          return;
        }
        if (el === r.batch.input) {
          if (r.loading) await r.loading;     // the batches in stock, to fill in or pick from
          if (!(await r.batch.enter())) return;
          batchHint(r);
          next(el);
          carryOver(r.batch);
          return;
        }
        if (el === r.expiry.input) {
          if (!r.expiry.check()) return;
          const iso = r.expiry.iso();
          if (iso) r.expiry.set(iso);
        }
        const fields = rowFields(r);
        if (el === fields[fields.length - 1]) {
          schedulePreview();
          if (idx === rows.length - 1) addRow();
          focus(rows[idx + 1].desc.input);
          return;
        }
        next(el);
        return;
      }
      // ledger lines
      if (el === r.ledger.input) {
        const ok = await r.ledger.enter();
        if (!ok) return;
        if (!r.ledger.value && rowBlank(r) && idx > 0) { focus(narration); return; }
        if (!r.ledger.value) return;
        next(el);
        carryOver(r.ledger);
        return;
      }
      if (el === r.amt) {
        const lv = r.ledger.value;
        const amount = wireMoney(ctx, r.amt.value);
        if (lv && lv.party_id && amount && (!r.bills.active || r.bills.amount !== Math.round(Number(amount) * 100))) {
          const first = await r.bills.open(lv.id, amount, r.savedAllocs);
          r.savedAllocs = null;
          if (first) { first.focus(); first.select(); return; }
        }
        await afterAmount(r);
        return;
      }
      next(el);
    }

    /* After a line's amount (and its bills): the next line, with the difference suggested. */
    async function afterAmount(r) {
      const idx = rows.indexOf(r);
      const res = await preview();
      if (res.ok && idx === rows.length - 1) { focus(narration); return; }
      let nr = rows[idx + 1];
      if (!nr) nr = addRow();
      if (rowBlank(nr)) {
        let suggest = null;
        if (res.diff) suggest = { side: res.diff.more === 'debit' ? 'credit' : 'debit', amount: res.diff.amount };
        else if (res.only === r && r.amt.value.trim()) suggest = { side: r.side.value === 'debit' ? 'credit' : 'debit', amount: wireMoney(ctx, r.amt.value) };
        if (suggest) {
          nr.side.value = suggest.side;
          nr.side.dispatchEvent(new Event('change'));
          nr.amt.value = fmt.formatMoney(suggest.amount);
          nr.suggested = true;
          nr.amt.classList.add('is-suggested');
        }
      }
      if (res.ok) { focus(narration); return; }
      focus(nr.ledger.input);
    }

    function deleteRow(el) {
      const r = rowOf(el);
      if (!r) return;
      const idx = rows.indexOf(r);
      // Rebuild the rows without this one (ids follow positions).
      const keep = rows.filter((x) => x !== r).map((x) => snapshot(x));
      tbody.replaceChildren();
      rows = [];
      for (const d of keep) restore(addRow(), d);
      if (!rows.length) addRow();
      schedulePreview();
      const target = rows[Math.min(idx, rows.length - 1)];
      focus(Object.values(target.inputs())[0]);
    }

    function snapshot(r) {
      if (r.kind === 'item') {
        return {
          item: r.item, desc: r.desc.input.value, hsn: r.hsn.value, qty: r.qty.value, unit: r.unit.value, rate: r.rate.value, disc: r.disc.value, gst: r.gst.value, godown: r.godown ? r.godown.value : '', extra: r.extra, stock: r.stock.textContent, stockI18n: { key: r.stock.dataset.i18n, args: r.stock.dataset.i18nArgs },
          details: r.details, batch: r.batch.value, batchText: r.batch.input.value, batchAuto: r.batchAuto, expiry: r.expiry.input.value,
        };
      }
      return { side: r.side.value, ledger: r.ledger.value, text: r.ledger.input.value, amt: r.amt.value, suggested: r.suggested };
    }

    function restore(r, d) {
      if (r.kind === 'item') {
        if (d.item) r.desc.set(d.item); else r.desc.input.value = d.desc;
        r.item = d.item;
        Object.assign(r.extra, d.extra);
        r.hsn.value = d.hsn; r.qty.value = d.qty; r.unit.value = d.unit; r.rate.value = d.rate; r.disc.value = d.disc; r.gst.value = d.gst;
        if (r.godown) r.godown.value = d.godown;
        if (d.stockI18n.key) ctx.setT(r.stock, d.stockI18n.key, d.stockI18n.args ? JSON.parse(d.stockI18n.args) : undefined);
        r.details = d.details;
        fillUnits(r);
        if (d.batch) r.batch.set(d.batch); else r.batch.input.value = d.batchText;
        r.batchAuto = d.batchAuto;
        r.expiry.input.value = d.expiry;
        syncBatch(r);
        if (r.item && r.item.id && !r.details && (r.item.tracks_batches || !r.item.unit_id)) loadItem(r, r.item.id);
      } else {
        r.side.value = d.side;
        r.side.dispatchEvent(new Event('change'));
        if (d.ledger) r.ledger.set(d.ledger); else r.ledger.input.value = d.text;
        r.amt.value = d.amt;
        r.suggested = d.suggested;
        if (d.suggested) r.amt.classList.add('is-suggested');
      }
    }

    /* ----- events ----- */
    card.addEventListener('input', (e) => {
      if (e.target === reference || e.target === narration) return;
      if (e.target !== party.input && !e.target.classList.contains('in-ledger')) schedulePreview();
    });
    card.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') schedulePreview(); });
    date.input.addEventListener('change', () => schedulePreview());

    function setKeys() {
      const keys = (types || []).map((x) => [x.hotkey, 'vtype.' + x.type]);
      ctx.setKeys([
        ['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ['F2', 'keys.date'], ['Ctrl+D', 'keys.deleteLine'],
        ['Esc', 'keys.back'], ...(altering ? [] : keys),
      ]);
    }

    /* ----- start ----- */
    date.set(ctx.state.lastDate || fmt.todayIso());
    date.base = ctx.state.lastDate;
    setKeys();
    (async () => {
      const [vts, g, u] = await ctl.load(() => Promise.all([
        ctx.voucherTypes().catch((err) => err),
        fetchAll(ctx, '/companies/' + cid + '/godowns').catch(() => []),
        fetchAll(ctx, '/companies/' + cid + '/units').catch(() => []),
      ]));
      godowns = g;
      units = u;
      // No copy of the types here to fall back on: without the server's list nothing can be entered.
      if (!Array.isArray(vts)) {
        alertError(ctx, formAlert, vts, 'voucher.typesUnavailable');
        return;
      }
      types = vts;
      if (!altering && !types.some((x) => x.type === type)) {
        ctl.alertText('voucher.unknownType', { type });
        return;
      }
      if (altering) {
        await ctl.load(async () => {
          const res = await ctx.api('GET', '/companies/' + cid + '/vouchers/' + params.id);
          if (res.data.status === 'cancelled') ctl.alertText('voucher.cancelledNoAlter');
          load(res.data);
        });
        focusStart();
      } else {
        renderType();
        addRow();
        focusStart();
      }
    })();

    return {
      onVoucherKey(ty) {
        if (altering) { ctx.toast('voucher.typeFixed'); return; }
        note.close();
        saved.hidden = true;
        switchType(ty);
      },
      onKey(e, k) {
        if (note.onKey(e, k)) return;
        const el = e.target;
        const r = rowOf(el);
        let pk = null;
        if (el === party.input) pk = party;
        else if (r && r.kind === 'item') pk = el === r.desc.input ? r.desc : (el === r.batch.input ? r.batch : null);
        else if (r && r.kind === 'line' && el === r.ledger.input) pk = r.ledger;
        if (pk && pk.onKey(e, k)) return;
        switch (k) {
          case 'Ctrl+Enter': case 'Alt+A': e.preventDefault(); save(); return;
          case 'F2': e.preventDefault(); date.input.focus(); date.input.select(); return;
          case 'Ctrl+D': case 'Ctrl+Delete': if (r) { e.preventDefault(); deleteRow(el); } return;
          case 'Escape': e.preventDefault(); leave(); return;
          case 'Enter':
            if (el.tagName === 'BUTTON' || el.tagName === 'A') return;
            if (!card.contains(el)) return;
            e.preventDefault();
            enter(el);
            return;
          case 'Shift+Enter':
            if (!card.contains(el)) return;
            e.preventDefault();
            prev(el);
            return;
          default:
        }
      },
      destroy() { clearTimeout(previewTimer); seq++; },
    };
  },
};
