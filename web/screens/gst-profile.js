// The company's GST details (Admin, Alt+4): what its e-invoices and e-way bills print as the seller
// (legal and trade name, address, place, PIN code, phone, email) and its own units' codes for the
// portal (UQC: a ream goes as PAC). Enter walks the fields, Alt+N adds a unit row, Ctrl+Enter saves
// the whole profile; every rule is the server's, its refusal shown beside the field it names.
import { keyButton } from './ui.js';
import { formControl, walk } from './form.js';
import { adminTabs, adminTabKey, TAB_KEYS } from './admin.js';

const TEXT = [['legal_name', 'legalName', 100, 6], ['trade_name', 'tradeName', 100, 6], ['address1', 'address1', 100, 6],
  ['address2', 'address2', 100, 6], ['location', 'location', 50, 4], ['pincode', 'pincode', 6, 2], ['phone', 'phone', 12, 3],
  ['email', 'email', 100, 3]];

export const gstProfileScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const inputs = {};
    for (const [key, , max] of TEXT) {
      inputs[key] = h('input', { id: 'gp-' + key.replace('_', '-'), type: key === 'email' ? 'email' : 'text', autocomplete: 'off', maxLength: max,
        class: key === 'pincode' || key === 'phone' ? 'mono' : '', inputMode: key === 'pincode' || key === 'phone' ? 'numeric' : undefined });
    }
    // blank names print as the company's own name: it is shown as their placeholder
    const company = (ctx.state.companies || []).find((c) => String(c.id) === String(cid));
    if (company) inputs.legal_name.placeholder = inputs.trade_name.placeholder = company.name;
    const rowsBody = h('tbody', { id: 'gp-units' });
    let rows = [];        // [{unit, uqc, tr}]
    let sent = [];        // the rows sent, in the order of the array (errors name its index)
    const alert = h('div', { class: 'form-alert', id: 'gp-alert', role: 'alert', hidden: true });
    const saveBtn = keyButton(ctx, 'gp-save', 'form.save', 'Ctrl+Enter', 'btn-primary', () => save());
    const addBtn = keyButton(ctx, 'gp-add', 'company.gstProfile.addUnit', 'Alt+N', 'btn-ghost', () => addRow('', '', true));
    const updated = h('span', { class: 'muted small', id: 'gp-updated' });
    const field = (label, input, span) => h('div', { class: 'field span-' + span }, [h('label', { for: input.id, t: label }), input]);
    const card = h('div', { class: 'card company-form', id: 'gp-form' }, [
      h('p', { class: 'field-hint', t: 'company.gstProfile.hint' }),
      h('div', { class: 'form-grid' }, TEXT.map(([key, label, , span]) => field('company.gstProfile.' + label, inputs[key], span))),
      h('h2', { class: 'sub-head', t: 'company.gstProfile.units' }),
      h('p', { class: 'field-hint', t: 'company.gstProfile.unitsHint' }),
      h('table', { class: 'grid grid-dense units-grid' }, [
        h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', t: 'company.gstProfile.unit' }), h('th', { scope: 'col', t: 'company.gstProfile.uqc' })])]),
        rowsBody,
      ]),
      h('div', { class: 'form-actions' }, [saveBtn, addBtn, updated]),
    ]);

    root.replaceChildren(h('section', { class: 'screen' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'company.gstProfile' })]),
      adminTabs(ctx, cid, 'gst'), alert, card,
    ]));

    function addRow(unit, uqc, focus) {
      const n = rows.length;
      const r = {
        unit: h('input', { id: 'gp-unit-' + n, type: 'text', class: 'mono', autocomplete: 'off', maxLength: 20, tattr: { 'aria-label': 'company.gstProfile.unit' } }),
        uqc: h('input', { id: 'gp-uqc-' + n, type: 'text', class: 'mono upper', autocomplete: 'off', spellcheck: 'false', maxLength: 3, tattr: { 'aria-label': 'company.gstProfile.uqc' } }),
      };
      r.unit.value = unit;
      r.uqc.value = uqc;
      r.tr = h('tr', {}, [h('td', {}, [r.unit]), h('td', {}, [r.uqc])]);
      rows.push(r);
      rowsBody.append(r.tr);
      if (focus) r.unit.focus();
    }

    function order() {
      return [...TEXT.map(([key]) => inputs[key]), ...rows.flatMap((r) => [r.unit, r.uqc])];
    }

    const ctl = formControl(ctx, {
      scope: card, alert, buttons: [saveBtn], busyEl: card, save: () => save(),
      place: (f) => {
        const m = /^units\[(\d+)\]\.(unit|uqc)$/.exec(f || '');
        if (m && sent[Number(m[1])]) return { input: sent[Number(m[1])][m[2]] };
        return inputs[f] ? { input: inputs[f] } : null;
      },
      first: () => inputs.legal_name,
    });

    function show(p) {
      for (const [key] of TEXT) inputs[key].value = p[key] || '';
      rows = [];
      rowsBody.replaceChildren();
      for (const u of p.units || []) addRow(u.unit, u.uqc, false);
      for (let i = 0; i < 2; i++) addRow('', '', false);
      if (p.updated_at) ctx.setT(updated, 'company.gstProfile.updated', { date: fmt.formatDate(p.updated_at.slice(0, 10)) });
    }

    async function load() {
      const r = await ctx.api('GET', '/companies/' + cid + '/gst-profile');
      show(r.data);
      return r.data;
    }

    function body() {
      const b = {};
      for (const [key] of TEXT) b[key] = inputs[key].value.trim();
      sent = rows.filter((r) => r.unit.value.trim() || r.uqc.value.trim());
      b.units = sent.map((r) => ({ unit: r.unit.value.trim(), uqc: r.uqc.value.trim().toUpperCase() }));
      return b;
    }

    async function save() {
      await ctl.run(async () => {
        const r = await ctx.api('PUT', '/companies/' + cid + '/gst-profile', { body: body(), idem: ctx.newKey() });
        show(r.data);
        ctx.toast('company.gstProfile.saved', { kind: 'ok' });
        inputs.legal_name.focus();
      });
    }

    ctx.setKeys([['Enter', 'keys.nextField'], ['Ctrl+Enter', 'keys.save'], ['Alt+N', 'company.gstProfile.addUnit'], ...TAB_KEYS]);
    ctl.load(load).then(() => inputs.legal_name.focus());

    return {
      onKey(e, k) {
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+N') { e.preventDefault(); addRow('', '', true); return; }
        if (ctl.onKey(e, k)) return;
        const list = order();
        if (k === 'Enter' && list.includes(e.target)) {
          e.preventDefault();
          if (e.target === list[list.length - 1]) save();
          else walk(list, e.target, 1);
        }
      },
      destroy() { ctl.destroy(); },
    };
  },
};
