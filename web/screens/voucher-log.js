// The edit log of a voucher (GET /vouchers/{id}/versions): every version with who and when, and
// what changed from the version before it, field by field and line by line. ↑↓ choose a version.
import { rowCursor, keyButton, moneyCell } from './ui.js';
import { alertError } from './form.js';
import { fetchAll } from './paging.js';

const HEAD_FIELDS = [
  ['date', 'voucher.date', 'date'], ['party_name', 'voucher.party'], ['place_of_supply', 'voucher.pos'],
  ['reference', 'voucher.reference'], ['narration', 'voucher.narration'], ['taxable', 'voucher.taxable', 'money'],
  ['cgst', 'voucher.cgst', 'money'], ['sgst', 'voucher.sgst', 'money'], ['igst', 'voucher.igst', 'money'],
  ['round_off', 'voucher.roundOff', 'money'], ['total', 'voucher.total', 'money'], ['status', 'vlist.status', 'status'],
];
const ITEM_FIELDS = [
  ['description', 'voucher.item'], ['hsn', 'voucher.hsn'], ['qty', 'voucher.qty'], ['unit', 'voucher.unit'],
  ['rate', 'voucher.rate', 'money'], ['discount', 'voucher.discount', 'money'], ['gst_rate', 'voucher.gstRate'],
  ['taxable', 'voucher.taxable', 'money'],
];
const LINE_FIELDS = [['ledger', 'voucher.ledger'], ['debit', 'voucher.debit', 'money'], ['credit', 'voucher.credit', 'money'], ['bill_ref', 'vview.billRef']];

export default {
  nav: 'accounts',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const id = params.id;
    const viewHash = '#/c/' + cid + '/accounts/v/' + id;
    let versions = [];
    let ledgerNames = {};

    const title = h('h1', { t: 'vlog.title' });
    const number = h('span', { class: 'v-number mono', id: 'vlog-number' });
    const alert = h('div', { class: 'form-alert', role: 'alert', hidden: true });
    const tbody = h('tbody');
    const table = h('table', { id: 'vlog-table', class: 'grid grid-dense', tabIndex: 0, role: 'grid', tattr: { 'aria-label': 'vlog.title' } }, [
      h('thead', {}, [h('tr', {}, [
        h('th', { class: 'num', t: 'vlog.version' }), h('th', { t: 'vlog.action' }), h('th', { t: 'vlog.user' }),
        h('th', { t: 'vlog.when' }), h('th', { class: 'num', t: 'voucher.total' }),
        h('th', { class: 'num', t: 'vlog.changes' }),
      ])]),
      tbody,
    ]);
    const detail = h('div', { class: 'card vlog-detail', id: 'vlog-detail' });
    const cursor = rowCursor(table, { onMove: (i) => showDetail(i) });

    root.replaceChildren(h('section', { class: 'screen screen-vlog' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: '#/c/' + cid + '/accounts', t: 'vlist.title' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        h('a', { class: 'crumb', href: viewHash, id: 'vlog-voucher-link', t: 'vlog.voucher' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, number, h('div', { class: 'spacer' }),
        keyButton(ctx, 'vlog-back', 'form.back', 'Esc', 'btn-ghost', () => ctx.back(viewHash)),
      ]),
      alert,
      h('div', { class: 'vlog-layout' }, [h('div', { class: 'grid-wrap' }, [table]), detail]),
    ]));

    function show(field, x) {
      const v = x == null ? '' : String(x);
      if (v === '') return '';
      if (field[2] === 'money') return fmt.formatMoney(v);
      if (field[2] === 'date') return fmt.formatDate(v);
      if (field[2] === 'status') return t('vstatus.' + v);
      return v;
    }

    function lineName(l) { return l.ledger || ledgerNames[l.ledger_id] || ('#' + l.ledger_id); }

    /* What changed from a to b, as [labelNodes, old, new] rows. Display only: strings compared. */
    function diff(a, b) {
      const out = [];
      for (const f of HEAD_FIELDS) {
        const o = show(f, a[f[0]]);
        const n = show(f, b[f[0]]);
        if (o !== n) out.push([[h('span', { t: f[1] })], o, n]);
      }
      const listDiff = (la, lb, fields, labelKey, norm) => {
        const len = Math.max(la.length, lb.length);
        for (let i = 0; i < len; i++) {
          const x = la[i] ? norm(la[i]) : null;
          const y = lb[i] ? norm(lb[i]) : null;
          const tag = [h('span', { t: labelKey, targs: { n: i + 1 } })];
          if (!x) { out.push([[...tag, ' ', h('em', { t: 'vlog.added' })], '', fields.map((f) => show(f, y[f[0]])).filter(Boolean).join(' · ')]); continue; }
          if (!y) { out.push([[...tag, ' ', h('em', { t: 'vlog.removed' })], fields.map((f) => show(f, x[f[0]])).filter(Boolean).join(' · '), '']); continue; }
          for (const f of fields) {
            const o = show(f, x[f[0]]);
            const n = show(f, y[f[0]]);
            if (o !== n) out.push([[...tag, ' · ', h('span', { t: f[1] })], o, n]);
          }
        }
      };
      listDiff(a.items || [], b.items || [], ITEM_FIELDS, 'vlog.itemN', (x) => x);
      listDiff(a.lines || [], b.lines || [], LINE_FIELDS, 'vlog.lineN', (x) => ({ ...x, ledger: lineName(x) }));
      return out;
    }

    function render() {
      tbody.replaceChildren(...versions.map((ver, i) => {
        const d = ver.data || {};
        const changes = i > 0 ? diff(versions[i - 1].data || {}, d).length : null;
        return h('tr', { id: 'vlog-row-' + ver.version, role: 'row', dataset: { row: String(i), version: String(ver.version) } }, [
          h('td', { class: 'num', text: String(ver.version) }),
          h('td', {}, [h('span', { class: 'badge badge-action action-' + ver.action, t: 'vlog.action.' + ver.action })]),
          h('td', { class: 'vlog-user', text: ver.user || '' }),
          h('td', { class: 'mono', text: fmt.formatDateTime(ver.at) }),
          moneyCell(ctx, d.total),
          h('td', { class: 'num', text: changes === null ? '' : String(changes) }),
        ]);
      }));
    }

    function showDetail(i) {
      const ver = versions[i];
      if (!ver) return;
      const d = ver.data || {};
      const parts = [h('h2', { class: 'sub-head' }, [
        h('span', { t: 'vlog.versionOf', targs: { v: ver.version } }), ' · ',
        h('span', { t: 'vlog.action.' + ver.action }), ' · ', h('span', { text: ver.user || '' }), ' · ',
        h('span', { class: 'mono', text: fmt.formatDateTime(ver.at) }),
      ])];
      if (i > 0) {
        const ch = diff(versions[i - 1].data || {}, d);
        parts.push(h('h3', { class: 'mini-head', t: 'vlog.changedFrom', targs: { v: versions[i - 1].version } }));
        parts.push(ch.length ? h('table', { class: 'grid grid-dense changes', id: 'vlog-changes' }, [
          h('thead', {}, [h('tr', {}, [h('th', { t: 'vlog.field' }), h('th', { t: 'vlog.before' }), h('th', { t: 'vlog.after' })])]),
          h('tbody', {}, ch.map(([label, o, n]) => h('tr', {}, [
            h('td', { class: 'change-label' }, label), h('td', { class: 'was', text: o }), h('td', { class: 'now', text: n })]))),
        ]) : h('p', { class: 'muted', t: 'vlog.noChanges' }));
      } else {
        parts.push(h('p', { class: 'muted', t: 'vlog.first' }));
      }
      parts.push(h('h3', { class: 'mini-head', t: 'vlog.asItWas' }));
      const snap = [];
      for (const it of d.items || []) snap.push(h('tr', {}, [h('td', { text: it.description || '' }), h('td', { class: 'num', text: fmt.formatQty(it.qty, it.unit) }), moneyCell(ctx, it.rate), moneyCell(ctx, it.taxable)]));
      for (const l of d.lines || []) snap.push(h('tr', {}, [h('td', { text: lineName(l) }), h('td', {}), moneyCell(ctx, l.debit), moneyCell(ctx, l.credit)]));
      parts.push(h('table', { class: 'grid grid-dense snapshot' }, [h('tbody', {}, snap)]));
      detail.replaceChildren(...parts);
    }

    ctx.setKeys([['↑↓', 'vlog.choose'], ['Esc', 'keys.back']]);

    (async () => {
      try {
        const [vr, ledgers] = await Promise.all([
          ctx.api('GET', '/companies/' + cid + '/vouchers/' + id + '/versions'),
          fetchAll(ctx, '/companies/' + cid + '/ledgers').catch(() => []),
        ]);
        for (const l of ledgers) ledgerNames[l.id] = l.name;
        versions = (vr.data.items || []).slice().sort((a, b) => a.version - b.version);
        const last = versions[versions.length - 1];
        number.textContent = last && last.data ? last.data.number || '' : '';
        render();
        table.focus();
        cursor.set(versions.length - 1);
      } catch (err) {
        alertError(ctx, alert, err);
      }
    })();

    return {
      onKey(e, k) {
        if (cursor.onKey(e, k)) return;
        if (k === 'Escape') { e.preventDefault(); ctx.back(viewHash); }
      },
    };
  },
};
