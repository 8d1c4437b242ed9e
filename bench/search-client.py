#!/usr/bin/env python3
"""bench/search-client.py - the client side of bench/search.sh.

  search-client.py parties URL TOKEN N        creates N parties with English and Hindi names
  search-client.py run URL TOKEN DB JOURNAL Q R PID  times Q different search queries

`run` draws Q queries from the books in DB (read-only) - a quarter each: amounts as people type
them (1,18,000 / 118000.00 / ₹ 2,332.58), beginnings of voucher numbers, parts of narrations, and
parts of party names in English and Hindi - no query twice, and asks each once, one after another on
one kept-alive connection, of GET /api/v1/companies/1/search. The same queries then go to two peers
in the same run: sqlite3 (Python's module, the same SQLite) running on the same database the
statements the server runs for that query (the floor: no HTTP, no JSON), and ripgrep (rg -F -i)
over the journal the books came from, for R of them. Prints p50/p90/p99/max per kind, and the
CPU time the server (process PID) spent per query, which other work on the machine stretches less
than it stretches wall time.
"""
import http.client
import json
import random
import sqlite3
import subprocess
import sys
import time
import urllib.parse

SURNAMES = [("Sharma", "शर्मा"), ("Gupta", "गुप्ता"), ("Verma", "वर्मा"), ("Agarwal", "अग्रवाल"), ("Jain", "जैन"),
            ("Patel", "पटेल"), ("Singh", "सिंह"), ("Yadav", "यादव"), ("Mehta", "मेहता"), ("Bansal", "बंसल"),
            ("Kulkarni", "कुलकर्णी"), ("Joshi", "जोशी"), ("Mishra", "मिश्रा"), ("Chopra", "चोपड़ा"), ("Saxena", "सक्सेना"),
            ("Goyal", "गोयल"), ("Tiwari", "तिवारी"), ("Pandey", "पांडे"), ("Reddy", "रेड्डी"), ("Nair", "नायर"),
            ("Iyer", "अय्यर"), ("Banerjee", "बनर्जी"), ("Desai", "देसाई"), ("Kapoor", "कपूर"), ("Malhotra", "मल्होत्रा"),
            ("Bhatia", "भाटिया"), ("Khanna", "खन्ना"), ("Sinha", "सिन्हा"), ("Chauhan", "चौहान"), ("Rathore", "राठौड़")]
TRADES = [("Traders", "ट्रेडर्स"), ("Electricals", "इलेक्ट्रिकल्स"), ("Steel", "स्टील"), ("Textiles", "टेक्सटाइल्स"),
          ("Pharma", "फ़ार्मा"), ("Agro Industries", "एग्रो इंडस्ट्रीज़"), ("Kirana Store", "किराना स्टोर"),
          ("Hardware", "हार्डवेयर"), ("Printers", "प्रिंटर्स"), ("Transport", "ट्रांसपोर्ट"), ("Sweets", "स्वीट्स"),
          ("Motors", "मोटर्स"), ("Furnishings", "फ़र्निशिंग्स"), ("Chemicals", "केमिकल्स"), ("Paper Mart", "पेपर मार्ट")]
PLACES = [("Pune", "पुणे"), ("Nagpur", "नागपुर"), ("Indore", "इंदौर"), ("Jaipur", "जयपुर"), ("Lucknow", "लखनऊ"),
          ("Surat", "सूरत"), ("Kanpur", "कानपुर"), ("Patna", "पटना"), ("Bhopal", "भोपाल"), ("Nashik", "नासिक")]


def party_name(i):
    s, t, p = SURNAMES[i % 30], TRADES[(i // 30) % 15], PLACES[(i // 450) % 10]
    return f"{s[0]} {t[0]} {p[0]}", f"{s[1]} {t[1]} {p[1]}"


def create_parties(url, token, n):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port)
    h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    for i in range(n):
        en, hi = party_name(i)
        body = {"kind": "customer" if i % 3 else "vendor", "name": en, "name_hi": hi, "allow_duplicate": True}
        c.request("POST", "/api/v1/companies/1/parties", json.dumps(body), h)
        r = c.getresponse()
        r.read()
        if r.status != 201:
            sys.exit(f"party {i}: HTTP {r.status}")


def indian(rupees):
    s = str(rupees)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


def draw_queries(db, n, rnd):
    """n distinct queries, a quarter of each kind: [(kind, q)]."""
    maxid = db.execute("SELECT max(id) FROM vouchers").fetchone()[0]
    out, seen = [], set()

    def add(kind, q):
        if q and q not in seen:
            seen.add(q)
            out.append((kind, q))
            return True
        return False

    per = n // 4
    while sum(1 for k, _ in out if k == "amount") < per:
        (total,) = db.execute("SELECT total FROM vouchers WHERE id = ?", (rnd.randint(1, maxid),)).fetchone()
        r, p = divmod(total, 100)
        style = rnd.randrange(4)
        add("amount", [f"{indian(r)}.{p:02d}", f"{r}.{p:02d}", f"₹ {indian(r)}.{p:02d}", f"Rs. {r}.{p:02d}"][style])
    while sum(1 for k, _ in out if k == "number") < per:
        (num,) = db.execute("SELECT number FROM vouchers WHERE id = ?", (rnd.randint(1, maxid),)).fetchone()
        cut = num[: len(num) - rnd.randrange(0, 3)]
        add("number", cut.lower() if rnd.randrange(2) else cut)
    while sum(1 for k, _ in out if k == "text") < per:
        (narr,) = db.execute("SELECT narration FROM vouchers WHERE id = ?", (rnd.randint(1, maxid),)).fetchone()
        word = rnd.choice(narr.split())
        if len(word) > 6:   # a document number: its first 7 to 9 characters ("INV00123")
            word = word[: rnd.randint(7, min(9, len(word)))]
        elif rnd.randrange(2):   # two words: "invoice INV0012"
            words = narr.split()
            i = rnd.randrange(len(words) - 1)
            word = words[i] + " " + words[i + 1][:7]
        add("text", word.lower() if rnd.randrange(2) else word)
    names = [r[0] for r in db.execute("SELECT name FROM parties WHERE company_id = 1")]
    names_hi = [r[0] for r in db.execute("SELECT name_hi FROM parties WHERE company_id = 1 AND name_hi IS NOT NULL")]
    tries = 0
    while sum(1 for k, _ in out if k == "party") < n - 3 * per and tries < 100000:
        tries += 1
        src = rnd.choice(names_hi if rnd.randrange(2) and names_hi else names)
        words = src.split()
        q = " ".join(words[: rnd.randint(1, len(words))])
        if rnd.randrange(2) and len(words) > 1:
            q = words[0] + " " + words[1][: rnd.randint(2, len(words[1]))]
        add("party", q.lower() if rnd.randrange(2) else q)
    rnd.shuffle(out)
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(label, times):
    kinds = ["amount", "number", "text", "party"]
    lines = []
    allt = [t for k in kinds for t in times.get(k, [])]
    for k in kinds + ["all"]:
        xs = allt if k == "all" else times.get(k, [])
        if not xs:
            continue
        lines.append(f"  {label:<26} {k:<7} n={len(xs):<5} p50 {pct(xs, 50):7.2f} ms  p90 {pct(xs, 90):7.2f} ms  "
                     f"p99 {pct(xs, 99):7.2f} ms  max {max(xs):7.2f} ms")
    return lines


# ---- the peer: the statements the server runs for one query, straight on SQLite ----

def amount_of(q):
    s = q.strip()
    for pre in ("₹", "Rs.", "rs.", "Rs", "rs"):
        if s.startswith(pre):
            s = s[len(pre):].strip()
            break
    s = s.replace(",", "")
    if not s or s[0] == "." or any(c not in "0123456789." for c in s) or s.count(".") > 1:
        return None
    r, _, p = s.partition(".")
    if len(p) > 2:
        return None
    v = int(r or "0") * 100 + int((p + "00")[:2])
    return v if v > 0 else None


def peer_query(db, q, limit=8):
    rows = []
    cols = "v.id, v.type, v.number, v.date, p.name, v.total, v.status, v.narration"
    frm = "FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id"
    a = amount_of(q)
    if a is not None:
        rows += db.execute(f"SELECT {cols} {frm} WHERE v.company_id = 1 AND v.total = ? ORDER BY v.id DESC LIMIT ?", (a, limit + 1)).fetchall()
    if q.isdigit():
        rows += db.execute(f"SELECT {cols} FROM voucher_series s CROSS JOIN vouchers v LEFT JOIN parties p ON p.id = v.party_id "
                           "WHERE v.company_id = s.company_id AND v.type = s.type AND v.fy = s.fy AND v.seq = ? AND s.company_id = 1 "
                           "ORDER BY v.id DESC LIMIT ?", (int(q), limit + 1)).fetchall()
    if not q.isdigit() and " " not in q:
        up = q.upper()
        rows += db.execute(f"SELECT {cols} {frm} WHERE v.company_id = 1 AND v.id IN (SELECT id FROM vouchers WHERE company_id = 1 "
                           "AND number >= ? AND number < ? ORDER BY id DESC LIMIT ?) ORDER BY v.id DESC LIMIT ?",
                           (up, up + "\U0010ffff", limit + 1, limit + 1)).fetchall()
    if len(q) >= 3:
        rows += db.execute(f"SELECT {cols} FROM voucher_text f JOIN vouchers v ON v.id = f.rowid LEFT JOIN parties p ON p.id = v.party_id "
                           "WHERE v.company_id = 1 AND f.voucher_text MATCH ? ORDER BY f.rowid DESC LIMIT ?",
                           ('"' + q.replace('"', '""') + '"', limit + 1)).fetchall()
    like = "%" + q.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    rows += db.execute("SELECT id, name, name_hi, kind, gstin, phone, state_code FROM parties WHERE company_id = 1 AND archived = 0 "
                       "AND search LIKE ? ESCAPE '!' ORDER BY name, id LIMIT ?", (like, limit)).fetchall()
    rows += db.execute("SELECT l.id, l.name, g.name FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.company_id = 1 "
                       "AND l.party_id IS NULL AND l.archived = 0 AND (lower(l.name) LIKE ? ESCAPE '!' OR lower(coalesce(l.gstin, '')) LIKE ? ESCAPE '!') "
                       "ORDER BY l.name, l.id LIMIT ?", (like, like, limit)).fetchall()
    rows += db.execute("SELECT i.id, i.sku, i.name FROM items i WHERE i.company_id = 1 AND i.archived = 0 AND i.search LIKE ? ESCAPE '!' "
                       "ORDER BY i.name, i.id LIMIT ?", (like, limit)).fetchall()
    return rows


def cpu_ms(pid):
    """User + system CPU time of process pid so far, in milliseconds (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        import os
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0


def run(url, token, dbpath, journal, nq, nrg, pid):
    rnd = random.Random(20261207)
    db = sqlite3.connect(f"file:{dbpath}?mode=ro", uri=True)
    queries = draw_queries(db, nq, rnd)
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    hdr = {"Authorization": "Bearer " + token}
    daftar, peer, rg = {}, {}, {}
    found = {}
    # one warm-up query of each kind not in the list, so the first timed one is not the connection's
    for q in ("warm up", "9,99,99,999.99", "ZZZ/", "zzz"):
        conn.request("GET", "/api/v1/companies/1/search?q=" + urllib.parse.quote(q), headers=hdr)
        conn.getresponse().read()
    cpu0, wall0 = cpu_ms(pid), time.perf_counter()
    for kind, q in queries:
        t0 = time.perf_counter()
        conn.request("GET", "/api/v1/companies/1/search?q=" + urllib.parse.quote(q), headers=hdr)
        r = conn.getresponse()
        body = r.read()
        dt = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            sys.exit(f"q={q!r}: HTTP {r.status} {body[:200]!r}")
        d = json.loads(body)
        found[kind] = found.get(kind, 0) + (1 if any(d[g] for g in ("vouchers", "parties", "ledgers", "items")) else 0)
        daftar.setdefault(kind, []).append(dt)
    server_cpu, wall = cpu_ms(pid) - cpu0, (time.perf_counter() - wall0) * 1000
    for kind, q in queries:
        t0 = time.perf_counter()
        peer_query(db, q)
        peer.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    for kind, q in queries[:nrg]:
        # the journal writes amounts as 2332.58 and has no parties: each query as plain text there
        a = amount_of(q) if kind == "amount" else None
        text = f"{a // 100}.{a % 100:02d}" if a is not None else q
        t0 = time.perf_counter()
        subprocess.run(["rg", "-F", "-i", "-m", "9", "--", text, journal], stdout=subprocess.DEVNULL, check=False)
        rg.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    n = len(queries)
    print(f"queries: {n} distinct ({', '.join(f'{k} {len(v)}' for k, v in daftar.items())}); "
          f"answered with something: {', '.join(f'{k} {found.get(k, 0)}' for k in daftar)}")
    print(f"examples: {', '.join(repr(q) for _, q in queries[:8])}")
    for line in summary("daftar GET /search (HTTP)", daftar):
        print(line)
    for line in summary("sqlite3, same statements", peer):
        print(line)
    for line in summary(f"rg -F -i journal ({nrg})", rg):
        print(line)
    if server_cpu:
        print(f"  daftar server CPU (user+sys): {server_cpu / n:.2f} ms a query on average "
              f"({server_cpu / 1000:.1f} s for {n} queries in {wall / 1000:.1f} s of wall time)")
    p99 = pct([t for v in daftar.values() for t in v], 99)
    print(f"target p99 <= 30 ms over HTTP: {'met' if p99 <= 30 else 'MISSED'} ({p99:.2f} ms)")


if __name__ == "__main__":
    if sys.argv[1] == "parties":
        create_parties(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]),
            int(sys.argv[8]) if len(sys.argv) > 8 else 0)
