#!/usr/bin/env python3
"""Builds watchlist.yaml, the watch-list test list, from two gazetteers that
may ship (../shared/corpora/gazetteers: s-and-p-500, ODC-PDDL-1.0, and
congress-legislators, CC0) plus hand-written entries.

    python3 mklist.py ../../../../../../../shared/corpora/gazetteers > watchlist.yaml
"""
import csv
import re
import sys

import yaml

gaz = sys.argv[1]

# Short forms that are also common words, place or person names: in the
# list they need a context word nearby.
AMBIGUOUS_SHORT = {"Dow", "Dominion", "Coherent", "Erie", "Ares", "Dell", "Gilead", "Ross",
                   "Cummins", "Tapestry", "Chevron", "Intel", "Regions", "Public Storage"}
COMPANY_CONTEXT = ["shares", "stock", "company", "chief executive", "investors", "earnings"]
SUFFIX = re.compile(r",? (Inc\.|Corporation|Corp\.|Corp|plc|Group|Holdings|Company)$|\s*\(Class [A-Z]\)$")

entities = []
used = set()  # folded unconditional aliases and last names, to keep the list unambiguous


def fold(s):
    return s.lower()


rows = list(csv.DictReader(open(f"{gaz}/s-and-p-500/constituents.csv", encoding="utf-8")))
for r in rows[::4]:
    name, sym = r["Security"].strip(), r["Symbol"].strip()
    short = name
    while True:
        s2 = SUFFIX.sub("", short).strip()
        if s2 == short:
            break
        short = s2
    if fold(short) in used or fold(name) in used:
        continue
    e = {"id": "sp500:" + sym, "type": "ORG", "name": name}
    if short != name and len(short) >= 3:
        if short in AMBIGUOUS_SHORT:
            e["ambiguous"] = [short]
            e["context"] = COMPANY_CONTEXT + [sym]
        else:
            e["aliases"] = [short]
    elif name in AMBIGUOUS_SHORT:
        # the name itself is a common word: the list needs a longer form
        e["name"] = name + " Inc."
        e["ambiguous"] = [name]
        e["context"] = COMPANY_CONTEXT + [sym]
    used.update(fold(a) for a in [e["name"]] + e.get("aliases", []))
    entities.append(e)

people = yaml.safe_load(open(f"{gaz}/congress-legislators/legislators-current.yaml", encoding="utf-8"))
last_seen = {}
for p in people:
    last_seen[p["name"]["last"]] = last_seen.get(p["name"]["last"], 0) + 1
n = 0
for p in people[::6]:
    nm = p["name"]
    full = nm.get("official_full") or f'{nm["first"]} {nm["last"]}'
    if last_seen[nm["last"]] > 1 or fold(nm["last"]) in used or fold(full) in used:
        continue
    aliases = []
    for a in [f'{nm["first"]} {nm["last"]}', f'{nm.get("nickname", "")} {nm["last"]}'.strip()]:
        if a != full and a != nm["last"] and fold(a) not in used and a not in aliases:
            aliases.append(a)
    term = p["terms"][-1]
    title = "Senator" if term["type"] == "sen" else "Representative"
    e = {"id": "bioguide:" + p["id"]["bioguide"], "type": "PERSON", "name": full}
    if aliases:
        e["aliases"] = aliases
    e["ambiguous"] = [nm["last"]]
    e["context"] = [title, "Congress", "lawmaker", term.get("party", "")]
    e["context"] = [c for c in e["context"] if c]
    used.update(fold(a) for a in [full] + aliases + [nm["last"]])
    entities.append(e)
    n += 1
    if n == 80:
        break

HAND = [
    {"id": "watch:socgen", "type": "ORG", "name": "Société Générale", "aliases": ["SocGen", "Societe Generale"]},
    {"id": "watch:nestle", "type": "ORG", "name": "Nestlé", "aliases": ["Nestle", "Nestlé SA"]},
    {"id": "watch:rolls-royce", "type": "ORG", "name": "Rolls-Royce Holdings", "aliases": ["Rolls-Royce", "Rolls Royce"]},
    {"id": "watch:mcdonalds", "type": "ORG", "name": "McDonald's", "aliases": ["McDonald's Corporation"]},
    {"id": "watch:next", "type": "ORG", "name": "Next plc", "ambiguous": ["Next"],
     "context": ["retailer", "fashion", "high street", "shares", "Lord Wolfson"]},
    {"id": "watch:shell", "type": "ORG", "name": "Shell plc", "aliases": ["Royal Dutch Shell"], "ambiguous": ["Shell"],
     "context": ["oil", "gas", "energy", "shares", "refinery"]},
    {"id": "watch:apple", "type": "ORG", "name": "Apple Inc.", "aliases": ["Apple Inc", "AAPL"], "ambiguous": ["Apple"],
     "context": ["iPhone", "shares", "Cupertino", "Tim Cook", "technology"]},
    {"id": "watch:ten-hag", "type": "PERSON", "name": "Erik ten Hag", "aliases": ["ten Hag"]},
    {"id": "watch:ambani", "type": "PERSON", "name": "Mukesh Ambani", "ambiguous": ["Ambani"],
     "context": ["Reliance", "billionaire", "Mumbai"]},
    {"id": "watch:nnpc", "type": "ORG", "name": "Nigerian National Petroleum Company", "aliases": ["NNPC", "NNPC Ltd"]},
    {"id": "watch:santander", "type": "ORG", "name": "Banco Santander", "aliases": ["Santander Group"]},
    {"id": "watch:zurich", "type": "ORG", "name": "Zürich Insurance Group", "aliases": ["Zurich Insurance"]},
    {"id": "watch:deripaska", "type": "PERSON", "name": "Oleg Deripaska", "aliases": ["Oleg Vladimirovich Deripaska"]},
    {"id": "watch:al-futtaim", "type": "ORG", "name": "Al-Futtaim Group", "aliases": ["Al-Futtaim"]},
    {"id": "watch:rotterdam-port", "type": "LOC", "name": "Port of Rotterdam", "aliases": ["Rotterdam port"]},
    {"id": "watch:uyghurs", "type": "NORP", "name": "Uyghurs", "aliases": ["Uighurs", "Uyghur", "Uighur"]},
    {"id": "watch:bofa", "type": "ORG", "name": "Bank of America", "aliases": ["BofA", "Bank of America Corp"]},
    {"id": "watch:deutsche-bank", "type": "ORG", "name": "Deutsche Bank", "aliases": ["Deutsche Bank AG"]},
    {"id": "watch:hsbc", "type": "ORG", "name": "HSBC Holdings", "aliases": ["HSBC"]},
    {"id": "watch:tesla", "type": "ORG", "name": "Tesla, Inc.", "aliases": ["Tesla"]},
    {"id": "watch:musk", "type": "PERSON", "name": "Elon Musk", "ambiguous": ["Musk"],
     "context": ["Tesla", "SpaceX", "billionaire"]},
    {"id": "watch:ghosn", "type": "PERSON", "name": "Carlos Ghosn", "aliases": ["كارلوس غصن"]},
    {"id": "watch:sberbank", "type": "ORG", "name": "Sberbank", "aliases": ["Сбербанк"]},
]
entities += HAND

print("# Watch-list test list, built by mklist.py (see its header): S&P 500")
print("# constituents (ODC-PDDL-1.0) and members of the US Congress (CC0) from")
print("# ../shared/corpora/gazetteers, and hand-written entries.")
print(yaml.safe_dump({"entities": entities}, allow_unicode=True, sort_keys=False, width=200), end="")
