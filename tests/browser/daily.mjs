// Browser tests of the everyday keys and words (run.mjs registers them before its closing check):
// Ctrl+A selects a field's text and Alt+A saves, with F1's help; the party form's address and
// GSTIN; voucher entry's F2, place of supply and reference by Enter, a date that is no date, and
// the focus on the field a refused save names; the names that ship with Daftar and items' Hindi
// names in Hindi; an alteration that changes nothing. Each is done by keyboard alone, in English
// and in Hindi, with screenshots (out/*.png) to look at.

export function register(t) {
  const { live, newPage, login, ensureLang, waitFocus, focusedId, shot, apiCall, createParty, toLines, typeEnter, closeAll,
    makeGstin, eq, assert, BASE, CID, RUN } = t;

  const fieldMsg = (page, id) => page.evaluate((x) => {
    const m = document.getElementById(x + '-msg');
    return m && !m.hidden ? m.textContent.trim() : '';
  }, id);
  const selection = (page) => page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.id, start: el.selectionStart, end: el.selectionEnd, len: el.value.length };
  });

  live('keys: Ctrl+A selects the text of a field (the app leaves it to the browser), Alt+A saves, F1 says so in English and Hindi', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'en');
    try {
      await page.keyboard.press('Alt+N');
      await waitFocus(page, 'f-name');
      await page.keyboard.type('Select All Stores ' + RUN);
      await page.keyboard.press('Control+A');
      let sel = await selection(page);
      eq(sel.id, 'f-name', 'still in the name');
      eq(JSON.stringify([sel.start, sel.end]), JSON.stringify([0, sel.len]), 'Ctrl+A selected the whole name');
      await page.keyboard.type('Accepted Traders ' + RUN);   // typing replaces the selection
      eq(await page.inputValue('#f-name'), 'Accepted Traders ' + RUN, 'the selection was replaced');
      const bar = await page.textContent('#keybar');
      assert(bar.includes('Ctrl+Enter') && bar.includes('Alt+A') && bar.includes('Accept') && bar.includes('F1'), 'shortcut bar: ' + bar);
      // F1: the help, with this screen's keys and every screen's
      await page.keyboard.press('F1');
      await page.waitForSelector('#help');
      const help = await page.textContent('#help');
      for (const w of ['Keyboard help', 'Ctrl+A', 'Select all the text', 'Alt+A', 'Accept: saves too', 'Ctrl+Enter', 'Shift+Enter']) {
        assert(help.includes(w), 'help says ' + w + ': ' + help);
      }
      await shot(page, 'help-en');
      await page.keyboard.press('Alt+L');
      await page.waitForFunction(() => document.documentElement.lang === 'hi');
      const hi = await page.textContent('#help');
      for (const w of ['कीबोर्ड सहायता', 'जिस खाने में हैं उसका पूरा पाठ चुनें', 'स्वीकार: यह भी सहेजता है', 'फ़ॉर्म सहेजें']) assert(hi.includes(w), 'help in Hindi says ' + w);
      await shot(page, 'help-hi');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.getElementById('help'));
      await waitFocus(page, 'f-name');
      assert((await page.textContent('#keybar')).includes('स्वीकार'), 'Alt+A in the Hindi shortcut bar');
      // Alt+A, Tally's accept, saves the form
      await page.keyboard.press('Alt+A');
      await page.waitForSelector('#parties-table tr.is-active');
      assert((await page.textContent('#parties-table tr.is-active')).includes('Accepted Traders ' + RUN), 'saved by Alt+A');
      // in a voucher too: Ctrl+A selects the narration's text; Alt+A saves (a journal of two
      // ledgers that ship with Daftar, said in Hindi)
      await page.keyboard.press('F7');
      await waitFocus(page, 'v-party');
      await toLines(page, 'ln-0-side');
      await typeEnter(page, '', 'ln-0-ledger');
      await page.keyboard.type('Capital');
      await page.waitForFunction(() => document.querySelector('#ln-0-ledger-list .picker-option.is-active')?.textContent.includes('पूँजी'));
      await typeEnter(page, '', 'ln-0-amt');
      eq(await page.inputValue('#ln-0-ledger'), 'पूँजी', 'the Capital ledger said in Hindi');
      await typeEnter(page, '500', 'ln-1-ledger');
      await page.keyboard.type('Cash');
      await page.waitForFunction(() => document.querySelector('#ln-1-ledger-list .picker-option.is-active')?.textContent.includes('नकद'));
      await typeEnter(page, '', 'ln-1-amt');
      eq(await page.inputValue('#ln-1-ledger'), 'नकद', 'the Cash ledger said in Hindi');
      await page.keyboard.press('Enter');
      await waitFocus(page, 'v-narration');
      await page.keyboard.type('पूँजी लाई गई');
      await page.keyboard.press('Control+A');
      sel = await selection(page);
      eq(JSON.stringify([sel.id, sel.start, sel.end]), JSON.stringify(['v-narration', 0, sel.len]), 'Ctrl+A in the narration selects it, does not save');
      assert(await page.isHidden('#v-saved'), 'nothing saved by Ctrl+A');
      await page.keyboard.type('Capital brought in ' + RUN);
      await page.keyboard.press('Alt+A');
      await page.waitForSelector('#v-saved:not([hidden])');
      await shot(page, 'voucher-alt-a-hi');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });

  live('party form: Enter leaves an address, Shift+Enter makes a new line; the GSTIN is checked as typed and fills in the PAN and state', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'hi');
    try {
      const { gstin, pan } = makeGstin();
      const wrong = gstin.slice(0, 14) + (gstin[14] === 'A' ? 'B' : 'A');
      await page.keyboard.press('Alt+N');
      await waitFocus(page, 'f-name');
      await typeEnter(page, 'GSTIN Check Co ' + RUN, 'f-kind');
      await typeEnter(page, '', 'f-gstin');
      // a state code that is none, said as soon as it is typed
      await page.keyboard.type('00');
      await page.waitForFunction(() => document.getElementById('f-gstin').getAttribute('aria-invalid') === 'true');
      eq(await fieldMsg(page, 'f-gstin'), 'GSTIN अपने राज्य कोड से शुरू होता है; 00 कोई राज्य कोड नहीं है।', 'bad state said in Hindi');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.waitForFunction(() => document.getElementById('f-gstin').getAttribute('aria-invalid') !== 'true');
      // a whole GSTIN with a wrong check character; the PAN and state are not taken from it
      await page.keyboard.type(wrong.toLowerCase());
      eq(await page.inputValue('#f-gstin'), wrong, 'capitals as typed');
      await page.waitForFunction(() => document.getElementById('f-gstin-msg').textContent.includes('जाँच'));
      eq(await fieldMsg(page, 'f-gstin'), `GSTIN का आख़िरी (जाँच) अक्षर मेल नहीं खाता: यह ${gstin[14]} होना चाहिए। नंबर में टाइपिंग की ग़लती देखें।`, 'check character in Hindi');
      eq(await page.inputValue('#f-pan'), '', 'no PAN from a wrong GSTIN');
      await shot(page, 'party-gstin-hi');
      await ensureLang(page, 'en');
      eq(await fieldMsg(page, 'f-gstin'), `The GSTIN's last character does not check out: it should be ${gstin[14]}. Check the number for a typing mistake.`, 'and in English');
      await shot(page, 'party-gstin-en');
      await ensureLang(page, 'hi');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(gstin[14]);
      await page.waitForFunction(() => document.getElementById('f-gstin').getAttribute('aria-invalid') !== 'true');
      eq(await page.inputValue('#f-pan'), pan, 'PAN from characters 3-12');
      eq(await page.inputValue('#f-state_code'), '27', 'state from the first two');
      await typeEnter(page, '', 'f-pan');
      await typeEnter(page, '', 'f-state_code');
      await typeEnter(page, '', 'f-phone');
      await typeEnter(page, '', 'f-email');
      await typeEnter(page, '', 'f-billing_address');
      assert((await page.textContent('#f-billing_address-hint')).includes('Shift+Enter'), 'the address says how');
      await page.keyboard.type('दुकान 4, स्टेशन रोड');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('पुणे 411001');
      await page.keyboard.press('Enter');
      await waitFocus(page, 'f-shipping_address');
      await page.keyboard.type('Godown 2');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('Bhosari MIDC');
      await typeEnter(page, '', 'f-credit_limit');
      await page.keyboard.press('Shift+Enter');
      await waitFocus(page, 'f-shipping_address');
      await shot(page, 'party-address-hi');
      await page.keyboard.press('Alt+A');
      await page.waitForSelector('#parties-table tr.is-active');
      const id = Number(await page.getAttribute('#parties-table tr.is-active', 'data-id'));
      const p = (await apiCall(page, 'GET', `/companies/${CID}/parties/${id}`)).body;
      eq(p.gstin, gstin, 'GSTIN saved');
      eq(p.pan, pan, 'PAN saved');
      eq(p.state_code, '27', 'state saved');
      eq(p.billing_address, 'दुकान 4, स्टेशन रोड\nपुणे 411001', 'Shift+Enter made the new line');
      eq(p.shipping_address, 'Godown 2\nBhosari MIDC', 'in the second address too');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });

  live('voucher entry: F2 to the date, Enter through place of supply and reference, a date that is no date refused as it is left, and a refused save puts the focus on its line', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'en');
    try {
      const party = await createParty(page, { kind: 'customer', name: 'F2 Buyer ' + RUN, state_code: '27' });
      await page.keyboard.press('F8');
      await waitFocus(page, 'v-party');
      await page.keyboard.type('F2 Buyer ' + RUN);
      await page.waitForSelector('#v-party-list .picker-option');
      await typeEnter(page, '', 'v-pos');
      await page.keyboard.type('07');          // Delhi, chosen by typing its code
      eq(await page.inputValue('#v-pos'), '07', 'place of supply chosen by keyboard');
      await typeEnter(page, '', 'v-ref');
      await typeEnter(page, 'PO-77/' + RUN, 'it-0-desc');
      // F2: the date, wherever the focus is; a date that is no date is refused as it is left
      await page.keyboard.press('F2');
      await waitFocus(page, 'v-date');
      eq(await page.evaluate(() => { const d = document.getElementById('v-date'); return d.selectionEnd - d.selectionStart; }), 10, 'the date is selected');
      await page.keyboard.type('31-02-2026');
      await page.keyboard.press('Enter');
      eq(await fieldMsg(page, 'v-date'), 'This is not a real date: type it as DD-MM-YYYY.', 'refused in the field');
      eq(await focusedId(page), 'v-date', 'Enter stays on a date that is no date');
      await shot(page, 'voucher-bad-date');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2026-13-01');
      await page.keyboard.press('Tab');
      eq(await fieldMsg(page, 'v-date'), 'This is not a real date: type it as DD-MM-YYYY.', 'a 13th month too, when the field is left by Tab');
      await page.keyboard.press('F2');
      await ensureLang(page, 'hi');
      eq(await fieldMsg(page, 'v-date'), 'यह सही तारीख़ नहीं है: इसे DD-MM-YYYY की तरह लिखें।', 'in Hindi');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('15-11-2026');
      eq(await fieldMsg(page, 'v-date'), '', 'typing takes the mark off');
      await typeEnter(page, '', 'v-party');
      await toLines(page, 'it-0-desc');
      // line 1 good, line 2 with no quantity: the server names items[1].qty and the focus goes there
      await typeEnter(page, 'Hinge ' + RUN, 'it-0-hsn');
      await typeEnter(page, '8302', 'it-0-qty');
      await typeEnter(page, '4', 'it-0-unit');
      await typeEnter(page, 'pcs', 'it-0-rate');
      await typeEnter(page, '25', 'it-0-disc');
      await typeEnter(page, '', 'it-0-gst');
      await typeEnter(page, '18', 'it-1-desc');
      await typeEnter(page, 'Screws ' + RUN, 'it-1-hsn');
      await typeEnter(page, '7318', 'it-1-qty');
      await typeEnter(page, '0', 'it-1-unit');
      await typeEnter(page, 'pcs', 'it-1-rate');
      await typeEnter(page, '10', 'it-1-disc');
      await typeEnter(page, '', 'it-1-gst');
      await page.keyboard.type('18');
      await page.keyboard.press('F2');          // away to the date, then save from there
      await waitFocus(page, 'v-date');
      await page.keyboard.press('Alt+A');
      await waitFocus(page, 'it-1-qty');
      eq(await page.getAttribute('#it-1-qty', 'aria-invalid'), 'true', 'the line at fault is marked');
      const msg = await page.evaluate(() => document.querySelector('#it-1-qty').closest('td').querySelector('.field-msg').textContent.trim());
      eq(msg, 'मात्रा शून्य से ज़्यादा होनी चाहिए।', 'what is wrong, in Hindi');
      await shot(page, 'voucher-line-fault-hi');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('6');
      await page.keyboard.press('Control+Enter');
      await page.waitForSelector('#v-saved:not([hidden])');
      const number = await page.textContent('#v-saved-number');
      const list = (await apiCall(page, 'GET', `/companies/${CID}/vouchers?party_id=${party.id}`)).body.items;
      const v = list.find((x) => x.number === number);
      assert(v, 'saved: ' + number);
      const full = (await apiCall(page, 'GET', `/companies/${CID}/vouchers/${v.id}`)).body;
      eq(full.date, '2026-11-15', 'the date typed after F2');
      eq(full.place_of_supply, '07', 'place of supply by Enter');
      eq(full.reference, 'PO-77/' + RUN, 'reference by Enter');
      assert(full.igst !== '0.00', 'inter-state: IGST');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });

  live('Hindi names: the groups and ledgers that ship with Daftar in the Trial Balance and pickers, an item\'s Hindi name in lists and pickers', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'hi');
    try {
      const units = (await apiCall(page, 'GET', `/companies/${CID}/units`)).body.items;
      const it = (await apiCall(page, 'POST', `/companies/${CID}/items`, { sku: 'HN' + RUN, name: 'Mustard Oil 1 L ' + RUN, name_hi: 'सरसों का तेल 1 ली ' + RUN,
        unit_id: units.find((u) => u.symbol === 'pcs').id, gst_rate: '5', opening: [{ godown_id: 1, qty: '24', rate: '150' }] })).body;
      await page.keyboard.press('Alt+G');
      await page.waitForSelector('#reports-menu tr.is-active');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#rp-tables tr.is-active');
      const tb = await page.textContent('#rp-tables');
      for (const w of ['पूँजी खाता', 'चालू देयताएँ', 'शुल्क एवं कर', 'विविध लेनदार', 'विविध देनदार', 'चालू परिसंपत्तियाँ', 'हाथ में नकद', 'नकद', 'बिक्री खाते', 'बिक्री', 'आउटपुट CGST', 'इनपुट CGST']) {
        assert(tb.includes(w), 'Trial Balance in Hindi has ' + w);
      }
      assert(!tb.includes('Sundry Debtors') && !tb.includes('Duties & Taxes'), 'no English group names in Hindi');
      assert(tb.includes('HDFC Bank Current A/c'), 'a ledger the user named stays as named');
      await shot(page, 'trial-balance-names-hi');
      await ensureLang(page, 'en');
      const en = await page.textContent('#rp-tables');
      assert(en.includes('Sundry Debtors') && en.includes('Duties & Taxes') && !en.includes('विविध देनदार'), 'English again after Alt+L');
      await ensureLang(page, 'hi');
      // the item: its Hindi name leads in the items list and in the voucher's item picker
      await page.keyboard.press('Alt+I');
      await page.waitForSelector('#items-table');
      await page.keyboard.press('/');             // the search (where the screen starts, or reached by /)
      await waitFocus(page, 'item-search');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('HN' + RUN);
      await page.waitForFunction((sku) => { const r = document.querySelector('#items-table tbody tr[data-row]'); return r && r.textContent.includes(sku); }, 'HN' + RUN);
      const row = await page.evaluate(() => {
        const td = document.querySelector('#items-table tbody tr[data-row] td.col-name');
        const hi = td.querySelector('.nm-hi').getBoundingClientRect();
        const en = td.querySelector('.nm-en').getBoundingClientRect();
        const col = document.querySelector('#items-table tbody tr[data-row] td.col-name_hi');
        return { hiFirst: hi.width > 0 && hi.left < en.left, hi: td.querySelector('.nm-hi').textContent, hindiColumn: col.offsetParent !== null };
      });
      assert(row.hiFirst, 'the Hindi name leads in the list');
      eq(row.hi, it.name_hi, 'the Hindi name shown');
      eq(row.hindiColumn, false, 'no second Hindi-name column in Hindi');
      await shot(page, 'items-hindi-names');
      await page.keyboard.press('F8');
      await waitFocus(page, 'v-party');
      await toLines(page, 'it-0-desc');
      await page.keyboard.type('Mustard Oil 1 L ' + RUN);
      await page.waitForFunction((n) => { const l = document.getElementById('it-0-desc-list'); return l && !l.hidden && l.textContent.includes(n); }, it.name_hi);
      const opt = await page.evaluate(() => document.querySelector('#it-0-desc-list .picker-option.is-active .opt-main').firstChild.textContent);
      eq(opt, it.name_hi, 'the picker leads with the Hindi name');
      await typeEnter(page, '', 'it-0-qty');
      eq(await page.textContent('#it-0-hi'), it.name_hi, 'the line shows the item\'s Hindi name');
      eq(await page.inputValue('#it-0-desc'), it.name, 'the line\'s description stays the item\'s own name');
      await shot(page, 'voucher-item-hindi-name');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#unsaved-notice');
      await page.keyboard.press('Escape');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });

  live('stock movement register: a day\'s rows in voucher-number order however they were keyed or altered, opened by keyboard (Alt+M), in English and Hindi', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'en');
    try {
      const units = (await apiCall(page, 'GET', `/companies/${CID}/units`)).body.items;
      const it = (await apiCall(page, 'POST', `/companies/${CID}/items`, { sku: 'MO' + RUN, name: 'Order Nails ' + RUN, name_hi: 'कीलें ' + RUN,
        unit_id: units.find((u) => u.symbol === 'pcs').id, gst_rate: '18', opening_date: '2026-04-01', opening: [{ godown_id: 1, qty: '100', rate: '5' }] })).body;
      const sale = async (qty) => (await apiCall(page, 'POST', `/companies/${CID}/vouchers`, { type: 'sales', date: '2026-11-20',
        items: [{ item_id: it.id, qty, rate: '9', gst_rate: '18' }] })).body;
      const a = await sale('1');
      const b = await sale('2');
      // the first one altered: its moves are posted again, after b's
      const alt = await apiCall(page, 'PATCH', `/companies/${CID}/vouchers/${a.id}`, { type: 'sales', date: '2026-11-20',
        items: [{ item_id: it.id, qty: '3', rate: '9', gst_rate: '18' }] }, { 'If-Match': `"${a.version}"` });
      eq(alt.status, 200, 'altered');
      await page.keyboard.press('Alt+I');
      await waitFocus(page, 'item-search');
      await page.keyboard.type('MO' + RUN);
      await page.keyboard.press('Enter');
      await page.waitForFunction((sku) => document.querySelector('#items-table tr.is-active')?.textContent.includes(sku), 'MO' + RUN);
      await page.keyboard.press('Alt+M');
      await page.waitForFunction(() => location.hash.includes('stock-movement') && document.querySelector('#rp-tables tr.k-opening'));
      const numbers = await page.$$eval('#rp-tables tbody tr[data-kind="data"] td.col-number', (l) => l.map((td) => td.textContent).filter(Boolean));
      eq(JSON.stringify(numbers), JSON.stringify([a.number, b.number]), 'same day: by number, not by when it was keyed or altered');
      await shot(page, 'stock-movement-order');
      await ensureLang(page, 'hi');
      assert((await page.textContent('#rp-tables thead')).includes('तारीख़'), 'register in Hindi');
      await shot(page, 'stock-movement-order-hi');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });

  live('an alteration that changes nothing makes no new version: Alt+E then Alt+A says so, in English and Hindi', async () => {
    const page = await newPage();
    await login(page);
    await ensureLang(page, 'hi');
    try {
      const party = await createParty(page, { kind: 'customer', name: 'No Change Co ' + RUN, state_code: '27' });
      const made = await apiCall(page, 'POST', `/companies/${CID}/vouchers`, { type: 'sales', date: '2026-11-12', party_id: party.id, reference: 'NC-1',
        items: [{ description: 'Nut ' + RUN, hsn: '7318', qty: '5', unit: 'pcs', rate: '3.20', gst_rate: '18' }] });
      eq(made.status, 201, 'voucher made');
      const audits0 = (await apiCall(page, 'GET', `/companies/${CID}/audit?limit=1`)).body;
      await page.goto(`${BASE}/#/c/${CID}/accounts/v/${made.body.id}`);
      await page.waitForSelector('#voucher-view .kv-grid');
      await page.keyboard.press('Alt+E');
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'v-date' && document.getElementById('it-0-qty').value === '5');
      await page.keyboard.press('Alt+A');
      await page.waitForFunction(() => /\/accounts\/v\/\d+$/.test(location.hash) && document.getElementById('vv-version'));
      await page.waitForFunction(() => [...document.querySelectorAll('.toast')].some((x) => x.textContent.includes('कुछ नहीं बदला')));
      await shot(page, 'alter-unchanged-hi');
      eq(await page.textContent('#vv-version'), '1', 'still version 1');
      const v = (await apiCall(page, 'GET', `/companies/${CID}/vouchers/${made.body.id}/versions`)).body;
      eq((v.items || v).length, 1, 'one version in the edit log');
      const audits1 = (await apiCall(page, 'GET', `/companies/${CID}/audit?limit=1`)).body;
      eq(JSON.stringify(audits1.items[0]), JSON.stringify(audits0.items[0]), 'no audit record');
    } finally {
      await ensureLang(page, 'en');
    }
    await closeAll();
  });
}
