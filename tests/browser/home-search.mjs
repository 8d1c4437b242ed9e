// Browser tests of the home screen (the landing screen after login: its figures drill down by
// keyboard, in English and Hindi, and a role without the reports' permission sees no money), the
// one search box (Ctrl+K or /, results while typing, stale answers dropped, ↑↓ and Enter) and the
// voucher list's number / amount / narration filters. Registered by run.mjs, whose helpers they use;
// they need the real server on `init --demo` data (skipped with --mock).

export function registerHomeSearch(t) {
  const { live, newPage, login, ensureLang, waitFocus, focusedId, apiCall, shot, closeAll, eq, assert, CID, USER, PASSWORD, env } = t;

  /* Presses key until the focused element's id is `id` (at most n times). */
  async function pressTo(page, key, id, n = 40) {
    for (let i = 0; i < n; i++) {
      if ((await focusedId(page)) === id) return;
      await page.keyboard.press(key);
    }
    eq(await focusedId(page), id, `focus reached by ${key}`);
  }
  async function backHome(page, id) {
    await page.keyboard.press('Escape');
    await page.waitForSelector('#home-grid:not([aria-busy])');
    await waitFocus(page, id);
  }
  /* A figure as the screen shows it: ₹ and the Indian grouping of format.js. */
  const money = async (page, v) => '₹' + (await t.formatJs()).formatMoney(v);

  live('home: login lands on home; each figure is the books\' and drills down by keyboard (ledger, ageing, sales vouchers, stock, voucher), Esc comes back to it; in English and Hindi', async () => {
    const page = await newPage();
    await login(page, USER, PASSWORD, 'home');
    await ensureLang(page, 'en');
    await page.waitForSelector('#home-grid:not([aria-busy]) #home-cash');
    const d = (await apiCall(page, 'GET', `/companies/${CID}/home`)).body;
    eq(await page.textContent('.home-cash-total'), await money(page, d.cash.total), 'cash and bank total as the server has it');
    eq(await page.textContent('#home-receivables .home-overdue'), await money(page, d.receivables.overdue), 'receivables overdue');
    eq(await page.textContent('#home-payables .home-week'), await money(page, d.payables.due_this_week), 'payables due this week');
    eq(await page.textContent('.home-gst-total'), await money(page, d.gst.payable), 'GST payable');
    eq(await page.textContent('.home-sales-now'), await money(page, d.sales.this_month.amount), 'sales this month');
    eq(await page.$$eval('#home-sales .spark-bar', (l) => l.length), d.sales.days.length, 'a bar a day');
    eq(await page.textContent('#home-reorder .home-count'), String(d.reorder.count), 'items to reorder');
    eq(await page.$$eval('#home-recent li', (l) => l.length), d.recent.length, 'recent vouchers');
    eq(await focusedId(page), 'home-cash-book', 'focus on the first figure');
    await shot(page, 'home');

    // a bank ledger's balance -> its ledger statement to today, which closes on the same figure
    const bank = d.cash.ledgers.find((l) => l.kind === 'bank');
    await pressTo(page, 'ArrowDown', 'home-ledger-' + bank.ledger_id);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /\/reports\/ledger\?/.test(location.hash) && document.querySelector('#rp-tables tr'));
    assert(page.url().includes('ledger_id=' + bank.ledger_id) && page.url().includes('to=' + d.today), 'ledger to today: ' + page.url());
    assert((await page.textContent('#rp-summary')).includes((await t.formatJs()).formatMoney(bank.balance)), 'the statement closes on the home figure');
    await backHome(page, 'home-ledger-' + bank.ledger_id);

    // → the next card: receivables, to the bills report as at today
    await page.keyboard.press('ArrowRight');
    eq(await focusedId(page), 'home-receivables-link', '→ goes to the next card');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /\/reports\/receivables\?/.test(location.hash) && document.querySelector('#rp-tables tr'));
    await backHome(page, 'home-receivables-link');

    // sales this month -> the voucher list of this month's sales
    await pressTo(page, 'ArrowRight', 'home-sales-link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#vouchers-table:not([aria-busy]) tbody tr');
    eq(await page.inputValue('#vl-type'), 'sales', 'filtered to sales');
    eq(await page.inputValue('#vl-from'), (await t.formatJs()).formatDate(d.sales.this_month.from), 'from the first of the month');
    const types = await page.$$eval('#vouchers-table tbody tr[role="row"] .vtype', (l) => [...new Set(l.map((x) => x.className))]);
    assert(types.length <= 1 && (!types.length || types[0].includes('vtype-sales')), 'only sales: ' + types);
    await waitFocus(page, 'vouchers-table');
    await backHome(page, 'home-sales-link');

    // an item below its reorder level -> its movement register
    if (d.reorder.items.length) {
      const it = d.reorder.items[0];
      await pressTo(page, 'ArrowDown', 'home-item-' + it.item_id);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /\/inventory\/reports\/stock-movement\?item_id=/.test(location.hash));
      await backHome(page, 'home-item-' + it.item_id);
    }
    // the newest voucher -> the voucher
    await pressTo(page, 'ArrowDown', 'home-v-' + d.recent[0].id, 80);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash.endsWith('/accounts/v/' + id), d.recent[0].id);
    await page.waitForFunction((n) => document.body.textContent.includes(n), d.recent[0].number);
    await backHome(page, 'home-v-' + d.recent[0].id);

    // Hindi: every label, the items by their Hindi names; a drill in Hindi and back
    await ensureLang(page, 'hi');
    eq(await page.textContent('.screen-head h1'), 'होम', 'title in Hindi');
    eq(await page.textContent('#home-cash-h'), 'नकद और बैंक', 'card title in Hindi');
    assert((await page.textContent('#home-receivables')).includes('देय तिथि निकल चुकी'), 'overdue in Hindi');
    if (d.reorder.items.some((x) => x.name_hi)) {
      const it = d.reorder.items.find((x) => x.name_hi);
      assert(await page.isVisible(`#home-item-${it.item_id} .name-hi`), 'the Hindi name is shown');
      assert(!(await page.isVisible(`#home-item-${it.item_id} .name-en`)), 'the English name is not');
    }
    await shot(page, 'home-hi');
    await page.focus('#home-gst-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /\/reports\/gstr3b\?/.test(location.hash) && document.querySelector('#rp-tables tr'));
    assert((await page.textContent('#rp-title')).length > 0, 'GSTR-3B opened');
    await backHome(page, 'home-gst-link');
    await ensureLang(page, 'en');
    await closeAll();
  });

  live('home per role: an assistant lands on home with stock and vouchers, no money (the server sends none)', async () => {
    if (!env.assistant) return;
    const page = await newPage();
    await login(page, env.assistant, env.assistantPassword, 'home');
    await ensureLang(page, 'en');
    await page.waitForSelector('#home-grid:not([aria-busy]) #home-recent');
    const d = (await apiCall(page, 'GET', `/companies/${CID}/home`)).body;
    eq(d.money, false, 'no money from the server');
    assert(!('cash' in d) && !('sales' in d) && !('gst' in d), 'no money members');
    for (const id of ['home-cash', 'home-receivables', 'home-payables', 'home-gst', 'home-sales']) assert(!(await page.$('#' + id)), 'no ' + id);
    assert(await page.$('#home-nomoney'), 'the screen says why');
    assert(await page.$('#home-reorder'), 'stock to reorder');
    eq(await page.$$eval('#home-recent .money', (l) => l.length), 0, 'recent vouchers without amounts');
    assert(!/₹/.test(await page.textContent('#home-grid')), 'no rupee figure anywhere');
    await shot(page, 'home-assistant');
    await closeAll();
  });

  live('search: Ctrl+K and / open it from any screen (not / typed into a field); an amount typed 1,18,000-style finds the voucher while typing; ↓ Enter opens it; a Hindi name finds the party; Esc puts focus back', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'en');
    // a voucher of the demo books and its amount as a person types it
    const list = (await apiCall(page, 'GET', `/companies/${CID}/vouchers?type=purchase&limit=5`)).body.items;
    const v = list.find((x) => Number(x.total) >= 1000) || list[0];
    const typed = (await t.formatJs()).formatMoney(v.total).replace(/\.00$/, '');
    // Ctrl+K from the voucher list
    await page.keyboard.press('Alt+V');
    await page.waitForSelector('#vouchers-table:not([aria-busy]) tbody tr');
    await waitFocus(page, 'vouchers-table');
    await page.keyboard.press('Control+k');
    await waitFocus(page, 'gs-input');
    eq((await page.textContent('#gs-status')).length > 0, true, 'a hint before typing');
    await page.keyboard.type(typed, { delay: 30 });
    await page.waitForSelector('#gs-vouchers-' + v.id);
    const rows = await page.$$eval('#gs-results .gs-row', (l) => l.map((r) => r.id));
    const at = rows.indexOf('gs-vouchers-' + v.id);
    eq(rows[0].startsWith('gs-vouchers-'), true, 'vouchers first');
    assert((await page.textContent('#gs-vouchers-' + v.id)).includes(v.number), 'the voucher\'s number shown');
    await shot(page, 'search-amount');
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    eq(await page.getAttribute('#gs-vouchers-' + v.id, 'aria-selected'), 'true', '↓ moves the highlight');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash.endsWith('/accounts/v/' + id), v.id);
    assert(!(await page.$('#gs')), 'the box closed');

    // / from home opens it; a Hindi name finds the party (and its ledger is not listed apart). On the
    // voucher's screen Alt+W is its e-way bill (the key its shortcut bar shows): home from the list.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#vouchers-table:not([aria-busy]) tbody tr');
    await page.keyboard.press('Alt+W');
    await page.waitForSelector('#home-grid:not([aria-busy]) #home-cash');
    const before = await focusedId(page);
    await page.keyboard.press('/');
    await waitFocus(page, 'gs-input');
    await page.keyboard.type('शर्मा');
    await page.waitForFunction(() => [...document.querySelectorAll('#gs-results .gs-row')].some((r) => r.textContent.includes('Sharma Traders')));
    const parties = await page.$$eval('#gs-results .gs-row[data-kind="parties"]', (l) => l.map((r) => r.textContent));
    assert(parties.some((x) => x.includes('Sharma Traders') && x.includes('शर्मा ट्रेडर्स')), 'found by its Hindi name: ' + parties);
    assert(parties.some((x) => x.includes('शर्मा एंड संस')), 'and the party named in Devanagari');
    // Alt+L with the box open: its labels switch in place, the results stay
    await ensureLang(page, 'hi');
    const groups = await page.$$eval('#gs-results .gs-group', (l) => l.map((x) => x.textContent));
    assert(groups.includes('पार्टियाँ'), 'group labels in Hindi: ' + groups);
    eq(await focusedId(page), 'gs-input', 'focus stays in the box');
    await shot(page, 'search-hindi');
    await ensureLang(page, 'en');
    // Esc closes and puts the focus back where it was
    await page.keyboard.press('Escape');
    assert(!(await page.$('#gs')), 'closed');
    eq(await focusedId(page), before, 'focus back');
    // open it again and take the party by keyboard
    await page.keyboard.press('Control+k');
    await waitFocus(page, 'gs-input');
    await page.keyboard.type('sharma traders');
    await page.waitForSelector('#gs-results .gs-row[data-kind="parties"]');
    const ids = await page.$$eval('#gs-results .gs-row', (l) => l.map((r) => r.dataset.kind));
    for (let i = 0; i < ids.indexOf('parties'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('f-name') && document.getElementById('f-name').value === 'Sharma Traders');
    eq(await page.inputValue('#f-name_hi'), 'शर्मा ट्रेडर्स', 'the party form shows the Hindi name');

    // "/" typed into a text field stays there
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+V');
    await page.waitForSelector('#vouchers-table:not([aria-busy]) tbody tr');
    await page.keyboard.press('F3');
    await waitFocus(page, 'vl-number');
    await page.keyboard.type('PUR/');
    assert(!(await page.$('#gs')), '/ in a field does not open the search');
    eq(await page.inputValue('#vl-number'), 'PUR/', 'the / was typed');
    await closeAll();

  });

  live('search: results arrive while typing, debounced; an answer that comes after a newer one is dropped', async () => {
    const page = await newPage();
    await login(page, USER, PASSWORD, 'home');
    await ensureLang(page, 'en');
    const asked = [];
    await page.route('**/api/v1/companies/*/search?*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q');
      asked.push(q);
      if (q === 'sharma') await new Promise((r) => setTimeout(r, 1200)); // the slow answer
      await route.continue();
    });
    await page.waitForSelector('#home-grid:not([aria-busy])');
    await page.keyboard.press('Control+k');
    await waitFocus(page, 'gs-input');
    await page.keyboard.type('sharma', { delay: 20 });
    await page.waitForTimeout(300);   // its question is on its way, its answer held back
    eq(JSON.stringify(asked), '["sharma"]', 'one question for six keys typed quickly');
    await page.fill('#gs-input', 'hdfc');
    await page.waitForSelector('#gs-results .gs-row[data-kind="ledgers"]');
    await page.waitForTimeout(1300); // the answer for "sharma" has come by now
    const shown = await page.$$eval('#gs-results .gs-row', (l) => l.map((r) => r.textContent));
    assert(shown.length && shown.every((x) => /HDFC/i.test(x)), 'still the answer for hdfc: ' + shown);
    await page.unroute('**/api/v1/companies/*/search?*');
    await closeAll();
  });

  live('voucher list: number, amount range and narration filters by keyboard (F3, Enter walks them); a filter the server refuses is said beside them', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'en');
    const rec = (await apiCall(page, 'GET', `/companies/${CID}/vouchers?type=receipt&limit=1`)).body.items[0];
    await page.keyboard.press('Alt+V');
    await page.waitForSelector('#vouchers-table:not([aria-busy]) tbody tr');
    await page.keyboard.press('F3');
    await waitFocus(page, 'vl-number');
    await page.keyboard.type('rct/');
    await page.keyboard.press('Enter');
    await waitFocus(page, 'vl-amin');
    await page.keyboard.type((await t.formatJs()).formatMoney(rec.total));
    await page.keyboard.press('Enter');
    await waitFocus(page, 'vl-amax');
    await page.keyboard.type(rec.total);
    await page.keyboard.press('Enter');
    await waitFocus(page, 'vl-text');
    await page.keyboard.type('neft');
    await page.keyboard.press('Enter');
    await waitFocus(page, 'vouchers-table');
    await page.waitForFunction((id) => document.getElementById('vrow-' + id) && !document.querySelector('#vouchers-table[aria-busy]'), rec.id);
    const rows = await page.$$eval('#vouchers-table tbody tr[role="row"]', (l) => l.map((r) => [r.querySelector('.col-number').textContent, r.querySelector('.col-money').textContent, r.querySelector('.col-narr').textContent]));
    for (const [n, amt, narr] of rows) {
      assert(n.startsWith('RCT/'), 'number filter: ' + n);
      eq(amt, (await t.formatJs()).formatMoney(rec.total), 'amount filter');
      assert(/neft/i.test(narr), 'narration filter: ' + narr);
    }
    await shot(page, 'voucher-filters');
    // two letters of a narration: the server's refusal in the user's words, beside the filters
    await page.keyboard.press('F3');
    await page.fill('#vl-number', '');
    await page.fill('#vl-amin', '');
    await page.fill('#vl-amax', '');
    await page.focus('#vl-text');
    await page.fill('#vl-text', 'ne');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#vl-alert:not([hidden])');
    eq((await page.textContent('#vl-alert')).trim(), 'Type at least 3 characters.', 'too short, said from its reason');
    await waitFocus(page, 'vl-text');
    await ensureLang(page, 'hi');
    eq((await page.textContent('#vl-alert')).trim(), 'कम से कम 3 अक्षर लिखें।', 'and in Hindi');
    await shot(page, 'voucher-filters-hi');
    await ensureLang(page, 'en');
    await closeAll();
  });
}
