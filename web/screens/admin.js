// Admin: a company's people (role and status; disable or enable a user, remove one from this
// company) and the API tokens of its people (made, last used, expires; revoke one), for its
// admins. Keyboard first: ↑↓ pick a row, Alt+B disables or enables, Alt+X removes, Alt+R revokes,
// each after a notice that Enter confirms and Esc cancels; Alt+1 and Alt+2 switch the two lists.
// The rules (who may, the last admin, oneself) are the server's: its refusal is shown as it says.
import { notices, rowCursor, keyButton, tabs } from './ui.js';
import { alertError, toastError } from './form.js';
import { fetchPage } from './paging.js';

const PAGE = 100;

function adminTabs(ctx, cid, active) {
  const b = '#/c/' + cid + '/admin';
  return tabs(ctx, [[b, 'admin.people', 'Alt+1'], [b + '/tokens', 'admin.tokens', 'Alt+2']], b + (active ? '/' + active : ''));
}

/* Alt+1 and Alt+2 move between the two lists; true when the key was one of them. */
function adminTabKey(ctx, cid, e, k) {
  const b = '#/c/' + cid + '/admin';
  const map = { 'Alt+1': b, 'Alt+2': b + '/tokens' };
  if (!map[k]) return false;
  e.preventDefault();
  ctx.state.drill = [];
  ctx.go(map[k]);
  return true;
}

const TAB_KEYS = [['Alt+1', 'admin.people'], ['Alt+2', 'admin.tokens']];

/*
 * A list screen of this module: a table the cursor walks, "load more" by the server's next cursor,
 * a notice area for confirmations and a message box for refusals. opts: {id, path, params, heads:
 * [[key, cls]], row(item) -> [td], label}. Returns what the screens build on.
 */
function listView(ctx, opts) {
  const { h } = ctx;
  let items = [];
  let next = null;
  let seq = 0;
  const tbody = h('tbody');
  const table = h('table', { id: opts.id, class: 'grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': opts.label } }, [
    h('thead', {}, [h('tr', {}, opts.heads.map(([key, cls]) => h('th', { scope: 'col', class: cls || '', t: key })))]), tbody]);
  const cursor = rowCursor(table, { onOpen: (i) => opts.onOpen && opts.onOpen(items[i], i) });
  const more = keyButton(ctx, opts.id + '-more', 'list.loadMore', 'Alt+M', '', () => load(true));
  more.hidden = true;
  const count = h('span', { class: 'count', id: opts.id + '-count' });
  const area = h('div', { class: 'notice-area', id: opts.id + '-notice' });
  const alert = h('div', { class: 'form-alert', id: opts.id + '-alert', role: 'alert', hidden: true });

  function render(keep) {
    if (!items.length) {
      tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: opts.heads.length, t: opts.empty })]));
      cursor.reset();
    } else {
      tbody.replaceChildren(...items.map((x, i) => h('tr', { id: opts.id + '-row-' + x.id, role: 'row', 'aria-selected': 'false', dataset: { row: String(i), id: String(x.id) } }, opts.row(x))));
      cursor.reset();
      if (keep >= 0) cursor.set(Math.min(keep, items.length - 1), true);
    }
    ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
    more.hidden = !next;
  }

  async function load(append) {
    const my = ++seq;
    const keep = cursor.active;
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await fetchPage(ctx, opts.path, opts.params ? opts.params() : {}, { limit: PAGE, after: append ? next : null });
      if (my !== seq) return;
      items = append ? items.concat(page.items) : page.items;
      next = page.next;
      render(append ? keep : Math.max(0, keep));
    } catch (err) {
      if (my === seq) toastError(ctx, err);
    } finally {
      if (my === seq) table.removeAttribute('aria-busy');
    }
  }

  return {
    table, cursor, more, count, area, alert, notice: notices(ctx, area), load,
    get items() { return items; },
    current() { return cursor.active >= 0 ? items[cursor.active] : null; },
    /* Puts the server's answer for one row in its place, the cursor staying on it. */
    replace(x) {
      const i = items.findIndex((y) => y.id === x.id);
      if (i >= 0) items[i] = x;
      render(i);
      table.focus();
    },
    remove(id) {
      const i = items.findIndex((y) => y.id === id);
      if (i >= 0) items.splice(i, 1);
      render(Math.max(0, i));
      table.focus();
    },
    /* A refusal said in the message box, from its reason (form.js). */
    refuse(err) { alertError(ctx, alert, err); },
    clearAlert() { alert.hidden = true; alert.replaceChildren(); },
  };
}

/* Runs a confirmed change of row x: the notice closes, the answer is shown, a refusal is said. */
async function change(ctx, view, fn) {
  view.notice.close();
  view.clearAlert();
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ctx.ApiError)) throw err;
    view.refuse(err);
    view.table.focus();
  }
}

/* ---------- people ---------- */

export const usersScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const base = '/companies/' + cid + '/users/';

    const view = listView(ctx, {
      id: 'users-table', path: '/companies/' + cid + '/users', label: 'admin.people', empty: 'admin.noPeople',
      heads: [['admin.username'], ['admin.name'], ['admin.role'], ['admin.status']],
      row: (u) => [
        h('td', { class: 'mono', text: u.username || '' }),
        h('td', { text: u.display_name || '' }),
        h('td', { t: 'role.' + u.role }),
        h('td', {}, [h('span', { class: 'badge ' + (u.disabled ? 'badge-danger' : 'badge-ok'), t: u.disabled ? 'admin.disabled' : 'admin.active' })]),
      ],
      // Enter: the API tokens of this person
      onOpen: (u) => { if (u) ctx.drill('#/c/' + cid + '/admin/tokens?user=' + u.id + '&name=' + encodeURIComponent(u.username)); },
    });
    const toggleBtn = keyButton(ctx, 'user-toggle', 'admin.disableEnable', 'Alt+B', '', () => askToggle());
    const removeBtn = keyButton(ctx, 'user-remove', 'admin.remove', 'Alt+X', 'btn-danger-ghost', () => askRemove());

    root.replaceChildren(h('section', { class: 'screen screen-list' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'admin.title' }), view.count, h('div', { class: 'spacer' }), toggleBtn, removeBtn]),
      adminTabs(ctx, cid, ''), view.alert, view.area,
      h('div', { class: 'grid-wrap' }, [view.table]),
      h('div', { class: 'list-foot' }, [view.more]),
    ]));

    function confirm(kind, id, title, text, label, fn) {
      const u = view.current();
      if (!u) return;
      const btns = view.notice.show(kind, id, [h('strong', { t: title, targs: { name: u.display_name || u.username } }), h('p', { t: text })], [
        [label, 'Enter', () => fn(u), true],
        ['archive.cancel', 'Esc', () => { view.notice.close(); view.table.focus(); }],
      ]);
      btns[0].focus();
    }

    function askToggle() {
      const u = view.current();
      if (!u) return;
      if (u.disabled) { setDisabled(u, false); return; }
      confirm('danger', 'disable-notice', 'admin.disableTitle', 'admin.disableText', 'admin.disable', (x) => setDisabled(x, true));
    }

    function askRemove() {
      confirm('danger', 'remove-notice', 'admin.removeTitle', 'admin.removeText', 'admin.remove', (x) => removeUser(x));
    }

    function setDisabled(u, on) {
      return change(ctx, view, async () => {
        const res = await ctx.api('POST', base + u.id + (on ? '/disable' : '/enable'), { idem: ctx.newKey() });
        view.replace(res.data);
        ctx.toast(on ? 'admin.disabledToast' : 'admin.enabledToast', { args: { name: u.username }, kind: 'ok' });
      });
    }

    function removeUser(u) {
      return change(ctx, view, async () => {
        await ctx.api('DELETE', base + u.id, { idem: ctx.newKey() });
        view.remove(u.id);
        ctx.toast('admin.removedToast', { args: { name: u.username }, kind: 'ok' });
      });
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'admin.theirTokens'], ['Alt+B', 'admin.disableEnable'], ['Alt+X', 'admin.remove'],
      ['Alt+M', 'keys.more'], ...TAB_KEYS]);
    view.load().then(() => view.table.focus());

    return {
      onKey(e, k) {
        if (view.notice.onKey(e, k)) return;
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+B') { e.preventDefault(); askToggle(); return; }
        if (k === 'Alt+X') { e.preventDefault(); askRemove(); return; }
        if (k === 'Alt+M') { e.preventDefault(); view.load(true); return; }
        view.cursor.onKey(e, k);
      },
    };
  },
};

/* ---------- API tokens ---------- */

export const tokensScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const userId = /^\d+$/.test(params.query.get('user') || '') ? params.query.get('user') : null;
    const userName = userId ? params.query.get('name') || '#' + userId : null;
    const when = (iso) => h('td', { class: 'col-date' + (iso ? '' : ' muted'), text: iso ? fmt.formatDateTime(iso) : '—' });
    const STATUS = { active: 'badge-ok', expired: 'badge-muted', revoked: 'badge-danger', user_disabled: 'badge-muted' };

    const view = listView(ctx, {
      id: 'tokens-table', path: '/companies/' + cid + '/tokens', label: 'admin.tokens', empty: 'admin.noTokens',
      params: () => (userId ? { user_id: userId } : {}),
      heads: [['admin.tokenName'], ['admin.username'], ['admin.created', 'col-date'], ['admin.lastUsed', 'col-date'],
        ['admin.expires', 'col-date'], ['admin.status']],
      row: (x) => [
        h('td', { text: x.name || '' }),
        h('td', { class: 'mono', text: x.username || '' }),
        when(x.created_at), when(x.last_used_at), when(x.expires_at),
        h('td', {}, [h('span', { class: 'badge ' + (STATUS[x.status] || 'badge-muted'), t: 'admin.token.' + x.status })]),
      ],
    });
    const revokeBtn = keyButton(ctx, 'token-revoke', 'admin.revoke', 'Alt+R', 'btn-danger-ghost', () => askRevoke());
    const allBtn = userId ? keyButton(ctx, 'tokens-all', 'admin.allTokens', 'Alt+A', '', () => showAll()) : null;

    root.replaceChildren(h('section', { class: 'screen screen-list' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'admin.tokens' }),
        userName ? h('span', { class: 'badge badge-muted', id: 'tokens-of', t: 'admin.tokensOf', targs: { name: userName } }) : null,
        view.count, h('div', { class: 'spacer' }), allBtn, revokeBtn]),
      adminTabs(ctx, cid, 'tokens'), view.alert, view.area,
      h('div', { class: 'grid-wrap' }, [view.table]),
      h('div', { class: 'list-foot' }, [view.more]),
    ]));

    function showAll() { ctx.state.drill = []; ctx.go('#/c/' + cid + '/admin/tokens'); }

    function askRevoke() {
      const x = view.current();
      if (!x) return;
      if (x.status === 'revoked') { ctx.toast('admin.alreadyRevoked', { kind: 'info' }); return; }
      const btns = view.notice.show('danger', 'revoke-notice', [
        h('strong', { t: 'admin.revokeTitle', targs: { name: x.name || '#' + x.id, user: x.username } }), h('p', { t: 'admin.revokeText' }),
      ], [
        ['admin.revoke', 'Enter', () => revoke(x), true],
        ['archive.cancel', 'Esc', () => { view.notice.close(); view.table.focus(); }],
      ]);
      btns[0].focus();
    }

    function revoke(x) {
      return change(ctx, view, async () => {
        const res = await ctx.api('DELETE', '/companies/' + cid + '/tokens/' + x.id, { idem: ctx.newKey() });
        view.replace(res.data);
        ctx.toast('admin.revokedToast', { args: { name: x.name || '#' + x.id }, kind: 'ok' });
      });
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['Alt+R', 'admin.revoke'], ...(userId ? [['Alt+A', 'admin.allTokens'], ['Esc', 'keys.back']] : []),
      ['Alt+M', 'keys.more'], ...TAB_KEYS]);
    view.load().then(() => view.table.focus());

    return {
      onKey(e, k) {
        if (view.notice.onKey(e, k)) return;
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+R') { e.preventDefault(); askRevoke(); return; }
        if (k === 'Alt+A' && userId) { e.preventDefault(); showAll(); return; }
        if (k === 'Alt+M') { e.preventDefault(); view.load(true); return; }
        if (k === 'Escape' && userId) { e.preventDefault(); ctx.back('#/c/' + cid + '/admin'); return; }
        view.cursor.onKey(e, k);
      },
    };
  },
};
