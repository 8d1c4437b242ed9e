// One voucher as the server keeps it: header, item lines, totals and postings. Alt+E alters it,
// Alt+D cancels it (after a confirmation, with If-Match), Alt+H opens its edit log, Enter on a
// posting opens that ledger's statement, Esc goes back to where it was opened from. A sale or note
// to a registered buyer downloads its e-invoice (Alt+J) and takes the IRN the portal gave back
// (Alt+N), shown once entered; goods vouchers download their e-way bill (Alt+W: vehicle, distance).
import { notices, rowCursor, keyButton, moneyCell } from './ui.js';
import { alertError, walk } from './form.js';
import { downloadFile } from './gst-files.js';

const EINVOICE_TYPES = new Set(['sales', 'credit_note', 'debit_note']);
const EWB_TYPES = new Set(['sales', 'purchase', 'credit_note', 'debit_note']);

export default {
  nav: 'accounts',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const id = params.id;
    const base = '#/c/' + cid + '/accounts';
    const myHash = base + '/v/' + id;
    let v = null;
    let busy = false;

    const title = h('h1', { id: 'vv-title' });
    const number = h('span', { class: 'v-number mono', id: 'vv-number' });
    const status = h('span', { class: 'badge badge-muted', id: 'vv-status', hidden: true });
    const noticeArea = h('div', { class: 'notice-area' });
    const note = notices(ctx, noticeArea);
    const alert = h('div', { class: 'form-alert', id: 'vv-alert', role: 'alert', hidden: true });
    const body = h('div', { class: 'card voucher-view', id: 'voucher-view' });
    const alterBtn = keyButton(ctx, 'vv-alter', 'vview.alter', 'Alt+E', 'btn-primary', () => alter());
    const cancelBtn = keyButton(ctx, 'vv-cancel', 'vview.cancel', 'Alt+D', 'btn-danger-ghost', () => confirmCancel());
    const logBtn = keyButton(ctx, 'vv-log', 'vview.log', 'Alt+H', '', () => openLog());
    const backBtn = keyButton(ctx, 'vv-back', 'form.back', 'Esc', 'btn-ghost', () => ctx.back(base));
    const einvBtn = keyButton(ctx, 'vv-einvoice', 'vview.einvoice', 'Alt+J', 'btn-ghost', () => einvoice());
    const ewbBtn = keyButton(ctx, 'vv-ewb', 'vview.ewaybill', 'Alt+W', 'btn-ghost', () => openEwb());
    const irnBtn = keyButton(ctx, 'vv-irn-enter', 'vview.irnEnter', 'Alt+N', 'btn-ghost', () => openIrn());
    let irn = null;
    const irnBox = h('div', { class: 'card vv-irn', id: 'vv-irn', hidden: true });
    const field = (id2, label, props = {}) => {
      const input = h('input', { id: id2, type: 'text', class: 'mono', autocomplete: 'off', spellcheck: 'false', ...props });
      return { input, node: h('div', { class: 'field' }, [h('label', { for: id2, t: label }), input]) };
    };
    const ewbF = { vehicle: field('ewb-vehicle', 'vview.vehicleNo', { maxLength: 15 }), distance: field('ewb-distance', 'vview.distance', { maxLength: 4, inputMode: 'numeric' }) };
    const ewbPanel = h('div', { class: 'card gst-panel', id: 'ewb-panel', hidden: true }, [
      h('h2', { class: 'sub-head', t: 'vview.ewaybill' }), h('p', { class: 'muted', t: 'vview.ewbHint' }),
      h('div', { class: 'gst-fields' }, [ewbF.vehicle.node, ewbF.distance.node]),
      h('div', { class: 'gst-actions' }, [keyButton(ctx, 'ewb-go', 'vview.download', 'Enter', 'btn-primary', () => downloadEwb()),
        keyButton(ctx, 'ewb-close', 'form.back', 'Esc', 'btn-ghost', () => closePanels())]),
    ]);
    const irnF = { irn: field('irn-irn', 'vview.irn', { maxLength: 64 }), ack_no: field('irn-ack-no', 'vview.ackNo', { maxLength: 20, inputMode: 'numeric' }),
      ack_date: field('irn-ack-date', 'vview.ackDate', { maxLength: 19, placeholder: 'YYYY-MM-DD HH:MM:SS' }), signed_qr: field('irn-qr', 'vview.signedQr', { maxLength: 4096 }) };
    const irnAlert = h('div', { class: 'form-alert', id: 'irn-alert', role: 'alert', hidden: true });
    const irnPanel = h('div', { class: 'card gst-panel', id: 'irn-panel', hidden: true }, [
      h('h2', { class: 'sub-head', t: 'vview.irnEnter' }), h('p', { class: 'muted', t: 'vview.irnHint' }), irnAlert,
      h('div', { class: 'gst-fields' }, Object.values(irnF).map((f) => f.node)),
      h('div', { class: 'gst-actions' }, [keyButton(ctx, 'irn-save', 'vview.irnSave', 'Ctrl+Enter', 'btn-primary', () => saveIrn()),
        keyButton(ctx, 'irn-close', 'form.back', 'Esc', 'btn-ghost', () => closePanels())]),
    ]);

    root.replaceChildren(h('section', { class: 'screen screen-vview' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: base, t: 'vlist.title' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, number, status, h('div', { class: 'spacer' }), einvBtn, ewbBtn, irnBtn, alterBtn, logBtn, cancelBtn, backBtn,
      ]),
      noticeArea, alert, ewbPanel, irnPanel, irnBox, body,
    ]));

    let cursor = null;

    function kv(label, value, id2, cls) {
      return h('div', { class: 'kv ' + (cls || '') }, [h('span', { class: 'kv-k', t: label }), h('span', { class: 'kv-v', id: id2, text: value || '—' })]);
    }

    function show(x) {
      v = x;
      ctx.setT(title, 'vview.title', { type: t('vtype.' + x.type) });
      number.textContent = x.number || '';
      status.hidden = x.status !== 'cancelled';
      if (x.status === 'cancelled') ctx.setT(status, 'vstatus.cancelled');
      alterBtn.disabled = x.status === 'cancelled';
      cancelBtn.disabled = x.status === 'cancelled';
      einvBtn.hidden = !takesEinvoice(x);
      irnBtn.hidden = !takesEinvoice(x) || !!irn;
      ewbBtn.hidden = !(EWB_TYPES.has(x.type) && x.status !== 'cancelled' && x.items && x.items.length);
      const parts = [];
      parts.push(h('div', { class: 'kv-grid' }, [
        kv('voucher.date', fmt.formatDate(x.date), 'vv-date'),
        x.party_name ? kv('voucher.party', x.party_name + (x.party_gstin ? ' · ' + x.party_gstin : ''), 'vv-party', 'kv-wide') : null,
        x.place_of_supply && x.items && x.items.length ? kv('voucher.pos', x.place_of_supply + ' · ' + t('state.' + x.place_of_supply), 'vv-pos') : null,
        x.reference ? kv('voucher.reference', x.reference, 'vv-ref') : null,
        kv('vview.version', String(x.version), 'vv-version'),
        kv('vview.changed', fmt.formatDateTime(x.updated_at || x.created_at), 'vv-updated'),
      ]));
      if (x.items && x.items.length) {
        parts.push(h('h2', { class: 'sub-head', t: 'vview.items' }));
        parts.push(h('div', { class: 'grid-wrap' }, [h('table', { class: 'grid grid-dense', id: 'vv-items' }, [
          h('thead', {}, [h('tr', {}, [
            h('th', { text: '#' }), h('th', { t: 'voucher.item' }), h('th', { t: 'voucher.hsn' }), h('th', { class: 'num', t: 'voucher.qty' }),
            h('th', { class: 'num', t: 'voucher.rate' }), h('th', { class: 'num', t: 'voucher.discount' }), h('th', { class: 'num', t: 'voucher.taxable' }),
            h('th', { class: 'num', t: 'voucher.gstRate' }), h('th', { class: 'num', t: 'voucher.cgst' }), h('th', { class: 'num', t: 'voucher.sgst' }),
            h('th', { class: 'num', t: 'voucher.igst' }),
          ])]),
          h('tbody', {}, x.items.map((it, i) => h('tr', {}, [
            h('td', { class: 'c-no', text: String(i + 1) }),
            h('td', { text: it.description || '' }),
            h('td', { class: 'mono', text: it.hsn || '' }),
            h('td', { class: 'num', text: fmt.formatQty(it.qty, it.unit) }),
            moneyCell(ctx, it.rate), moneyCell(ctx, it.discount), moneyCell(ctx, it.taxable),
            h('td', { class: 'num', text: it.gst_rate != null ? it.gst_rate + '%' : '' }),
            moneyCell(ctx, it.cgst), moneyCell(ctx, it.sgst), moneyCell(ctx, it.igst),
          ]))),
        ])]));
      }
      const totalsList = x.items && x.items.length
        ? [['taxable', 'voucher.taxable'], ['cgst', 'voucher.cgst'], ['sgst', 'voucher.sgst'], ['igst', 'voucher.igst'], ['round_off', 'voucher.roundOff'], ['total', 'voucher.total']]
        : [['total', 'voucher.total']];
      const postings = h('table', { class: 'grid grid-dense', id: 'vv-lines', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'vview.postings' } }, [
        h('thead', {}, [h('tr', {}, [
          h('th', { t: 'voucher.ledger' }), h('th', { class: 'num', t: 'voucher.debit' }), h('th', { class: 'num', t: 'voucher.credit' }),
          h('th', { t: 'vview.billRef' }), h('th', { t: 'vview.due' }),
        ])]),
        h('tbody', {}, (x.lines || []).map((l, i) => h('tr', { id: 'vl-line-' + i, role: 'row', dataset: { row: String(i) } }, [
          h('td', l.ledger ? ctx.stdNameProps(l.ledger) : { text: '#' + l.ledger_id }),
          moneyCell(ctx, l.debit), moneyCell(ctx, l.credit),
          h('td', { class: 'mono', text: l.bill_ref ? l.bill_ref + (l.bill_type ? ' (' + t('billtype.' + l.bill_type) + ')' : '') : '' }),
          h('td', { class: 'mono', text: fmt.formatDate(l.due_date) }),
        ]))),
      ]);
      parts.push(h('div', { class: 'vv-bottom' }, [
        h('div', { class: 'vv-postings' }, [h('h2', { class: 'sub-head', t: 'vview.postings' }), h('div', { class: 'grid-wrap' }, [postings])]),
        h('div', { class: 'vv-side' }, [
          h('div', { class: 'totals' }, totalsList.map(([k, label]) => h('div', { class: 'tot-row' + (k === 'total' ? ' tot-grand' : '') }, [
            h('span', { class: 'tot-label', t: label }), h('span', { class: 'num', id: 'vv-' + k, text: fmt.formatMoney(x[k]) })]))),
          x.narration ? h('div', { class: 'vv-narr' }, [h('span', { class: 'kv-k', t: 'voucher.narration' }), h('p', { id: 'vv-narration', text: x.narration })]) : null,
        ]),
      ]));
      body.replaceChildren(...parts.filter(Boolean));
      cursor = rowCursor(postings, {
        onOpen: (i) => {
          const l = v.lines[i];
          if (l && l.ledger_id) ctx.drill('#/c/' + cid + '/reports/ledger?ledger_id=' + l.ledger_id + ledgerDates(), { active: i });
        },
      });
    }

    /* The statement opened from a voucher covers that voucher's financial year. */
    function ledgerDates() {
      const fy = fmt.financialYear(v.date);
      return '&from=' + fy.from + '&to=' + fy.to;
    }

    function takesEinvoice(x) { return EINVOICE_TYPES.has(x.type) && x.status !== 'cancelled' && !!x.party_gstin; }

    /* The IRN entered for the voucher, shown above it; none is no box. */
    function showIrn(x) {
      irn = x;
      irnBox.hidden = !x;
      if (v) irnBtn.hidden = !takesEinvoice(v) || !!x;
      if (!x) { irnBox.replaceChildren(); return; }
      const qr = x.signed_qr ? x.signed_qr.slice(0, 32) + (x.signed_qr.length > 32 ? '…' : '') : '—';
      irnBox.replaceChildren(h('h2', { class: 'sub-head', t: 'vview.irnTitle' }), h('div', { class: 'kv-grid' }, [
        h('div', { class: 'kv kv-wide' }, [h('span', { class: 'kv-k', t: 'vview.irn' }), h('span', { class: 'kv-v mono irn-text', id: 'vv-irn-value', text: x.irn })]),
        kv('vview.ackNo', x.ack_no, 'vv-ack-no'),
        kv('vview.ackDate', x.ack_date, 'vv-ack-date'),
        h('div', { class: 'kv kv-wide' }, [h('span', { class: 'kv-k', t: 'vview.signedQr' }), h('span', { class: 'kv-v mono', id: 'vv-qr', text: qr })]),
      ]));
    }

    async function loadIrn() {
      if (!v || !EINVOICE_TYPES.has(v.type) || !v.party_gstin) { showIrn(null); return; }
      try {
        showIrn((await ctx.api('GET', '/companies/' + cid + '/vouchers/' + id + '/irn')).data);
      } catch (err) {
        if (err.status !== 404) alertError(ctx, alert, err);
        showIrn(null);
      }
    }

    function einvoice() {
      if (!v || einvBtn.hidden) return;
      downloadFile(ctx, alert, '/companies/' + cid + '/vouchers/' + id + '/e-invoice', 'einvoice_' + (v.number || id).replace(/[^A-Za-z0-9-]/g, '-') + '.json');
    }

    function closePanels() {
      ewbPanel.hidden = true;
      irnPanel.hidden = true;
      focusMain();
    }

    function openEwb() {
      if (!v || ewbBtn.hidden) return;
      irnPanel.hidden = true;
      ewbPanel.hidden = false;
      ewbF.vehicle.input.focus();
      ewbF.vehicle.input.select();
    }

    async function downloadEwb() {
      const q = new URLSearchParams();
      const veh = ewbF.vehicle.input.value.trim();
      const dist = ewbF.distance.input.value.trim();
      if (veh) q.set('vehicle_no', veh);
      if (dist) q.set('distance', dist);
      const qs = q.toString();
      const ok = await downloadFile(ctx, alert, '/companies/' + cid + '/vouchers/' + id + '/e-way-bill' + (qs ? '?' + qs : ''),
        'ewaybill_' + (v.number || id).replace(/[^A-Za-z0-9-]/g, '-') + '.json');
      if (ok) closePanels();
      else ewbF.vehicle.input.focus();
    }

    function openIrn() {
      if (!v || irnBtn.hidden) return;
      ewbPanel.hidden = true;
      irnPanel.hidden = false;
      irnAlert.hidden = true;
      irnF.irn.input.focus();
    }

    async function saveIrn() {
      if (busy) return;
      busy = true;
      irnAlert.hidden = true;
      const body = {};
      for (const [k, f] of Object.entries(irnF)) body[k] = f.input.value.trim();
      try {
        const res = await ctx.api('POST', '/companies/' + cid + '/vouchers/' + id + '/irn', { body, idem: 'irn-' + id + '-' + body.irn });
        showIrn(res.data);
        irnPanel.hidden = true;
        ctx.toast('vview.irnSaved', { kind: 'ok' });
        focusMain();
      } catch (err) {
        alertError(ctx, irnAlert, err);
        const f = irnF[err.field];
        if (f) { f.input.focus(); f.input.select(); }
      } finally {
        busy = false;
      }
    }

    /* Enter walks a panel's fields and does its work on the last; Esc closes it. */
    function panelKey(e, k) {
      const el = e.target;
      const inEwb = !ewbPanel.hidden && ewbPanel.contains(el);
      const inIrn = !irnPanel.hidden && irnPanel.contains(el);
      if (!inEwb && !inIrn) return false;
      if (k === 'Escape') { e.preventDefault(); closePanels(); return true; }
      if (inIrn && k === 'Ctrl+Enter') { e.preventDefault(); saveIrn(); return true; }
      if (k !== 'Enter' || el.tagName === 'BUTTON') return false;
      e.preventDefault();
      const list = inEwb ? [ewbF.vehicle.input, ewbF.distance.input] : Object.values(irnF).map((f) => f.input);
      if (el === list[list.length - 1]) { if (inEwb) downloadEwb(); else saveIrn(); } else walk(list, el, 1);
      return true;
    }

    async function load() {
      try {
        const res = await ctx.api('GET', '/companies/' + cid + '/vouchers/' + id);
        show(res.data);
        await loadIrn();
        const kept = ctx.takeView(myHash);
        const table = document.getElementById('vv-lines');
        if (kept && cursor) { cursor.set(kept.active || 0, true); }
        if (table) table.focus();
      } catch (err) {
        alertError(ctx, alert, err);
      }
    }

    function alter() {
      if (!v || v.status === 'cancelled') return;
      ctx.drill('#/c/' + cid + '/accounts/v/' + id + '/edit');
    }

    function openLog() {
      ctx.drill('#/c/' + cid + '/accounts/v/' + id + '/log');
    }

    function confirmCancel() {
      if (!v || v.status === 'cancelled') return;
      const btns = note.show('danger', 'cancel-notice', [
        h('strong', { t: 'vview.cancelTitle', targs: { number: v.number || '' } }),
        h('p', { t: 'vview.cancelText' }),
      ], [
        ['vview.cancelConfirm', 'Enter', doCancel, true],
        ['vview.cancelKeep', 'Esc', () => { note.close(); focusMain(); }],
      ]);
      btns[0].focus();
    }

    async function doCancel() {
      if (busy) return;
      busy = true;
      note.close();
      try {
        const res = await ctx.api('DELETE', '/companies/' + cid + '/vouchers/' + id, { ifMatch: v.version, quiet429: true });
        ctx.toast('vview.cancelled', { args: { number: v.number || '' }, kind: 'ok' });
        show(res.data && res.data.id ? res.data : { ...v, status: 'cancelled' });
        await load();
      } catch (err) {
        if (err.status === 409 && err.code === 'stale') {
          const btns = note.show('warn', 'conflict-notice', [h('strong', { t: 'vconflict.title' }), h('p', { t: 'vconflict.reloadText' })], [
            ['conflict.reload', 'Alt+R', () => { note.close(); load(); }, true],
          ]);
          btns[0].focus();
        } else alertError(ctx, alert, err);
      } finally {
        busy = false;
      }
    }

    function focusMain() { const tb = document.getElementById('vv-lines'); if (tb) tb.focus(); }

    ctx.setKeys([
      ['Alt+E', 'vview.alter'], ['Alt+D', 'vview.cancel'], ['Alt+H', 'vview.log'], ['Alt+J', 'vview.einvoice'], ['Alt+W', 'vview.ewaybill'],
      ['Alt+N', 'vview.irnEnter'], ['↑↓', 'keys.move'], ['Enter', 'vview.openLedger'], ['Esc', 'keys.back'],
    ]);
    if (ctx.takeFlash('savedVoucher') === id) ctx.toast('vview.altered', { kind: 'ok' });
    load();

    return {
      onKey(e, k) {
        if (note.onKey(e, k)) return;
        if (panelKey(e, k)) return;
        if (note.open && k === 'Escape') { e.preventDefault(); note.close(); focusMain(); return; }
        if (cursor && cursor.onKey(e, k)) return;
        switch (k) {
          case 'Alt+E': e.preventDefault(); alter(); return;
          case 'Alt+D': e.preventDefault(); confirmCancel(); return;
          case 'Alt+H': e.preventDefault(); openLog(); return;
          case 'Alt+J': e.preventDefault(); einvoice(); return;
          case 'Alt+W': e.preventDefault(); openEwb(); return;
          case 'Alt+N': e.preventDefault(); openIrn(); return;
          case 'Escape': e.preventDefault(); ctx.back(base); return;
          default:
        }
      },
    };
  },
};
