"""Synthetic, schema-valid raw/ data and source texts at a chosen size, for the scale benchmarks.

    python benchmarks/generate.py --records 100000 --out /tmp/bench      # writes /tmp/bench/raw/
    python benchmarks/generate.py --corpus-mb 100 --out /tmp/corpus       # extraction corpus

generate(root, n_records, seed) writes root/raw/ laid out as the real one (see
tests/raw_fixtures.py): raw/dataset.yaml; raw/sources/sources.yaml (stored texts, with their
sha256) and citations.yaml (citation-only sources); a few large source texts raw/sources/*.txt;
raw/coded/<table>.yaml for the seven fact tables; raw/reference/{countries,coverage}.yaml.

* n_records fact records are spread over the fact tables (SHARES), with natural keys unique by
  construction (dyad and date or year decoded from the record's number, see _keys_*).
* Every record has one evidence quote that occurs verbatim in a stored text; 15% add a second
  quote from a citation-only source, and 2% of recalls a second stored quote that claims a
  different rank (evidence.claims, disputed_columns).
* Texts hold QUOTES_PER_TEXT quotes each (about 1.3 MB), in record order, with filler
  sentences between them: "few large texts, quotes at known places".
* countries.yaml lists every ISO 3166-1 country (all codes used); coverage.yaml has a few
  dyad rows per table and then a "*" row covering 1900-2100, so every record is covered.

The coded YAML files pass the default 20 MB per-file limit only up to about 5e4 records: set
RELATIONS_DATA_MAX_FILE_BYTES (benchmarks/scale.py does) to validate larger ones.

generate_corpus(dir, megabytes, seed) writes plain-text files of about 1 MB of news-like
paragraphs for extraction: mostly sentences that match nothing, some with the extractor's
keywords that assert nothing (possibility, regional ranks, eradication), and some that assert
a record of each table, in English and Spanish.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from pathlib import Path

SHARES = {  # fraction of the records in each fact table
    "events": 0.30, "diplomatic_recalls": 0.15, "tariff_threats": 0.15, "trade_partner_ranks": 0.15,
    "tariffs_imposed": 0.12, "decertifications": 0.10, "coca_cultivation": 0.03,
}
QUOTES_PER_TEXT = 10_000
CITATION_SOURCES = 50
EPOCH = dt.date(1950, 1, 1)
DAY_SPAN = 25_000  # per-dyad date offsets: 1950 .. 2018, plus one day per pass over all dyads

EVENT_TYPES = {  # event_type -> what the actor did to the target, in a sentence
    "join_initiative": "{a} joined an initiative led by {t}",
    "apply_membership": "{a} applied to join a bank co-founded by {t}",
    "membership_approved": "a bank led by {t} approved the membership of {a}",
    "strategic_partnership": "{a} and {t} raised their relations to a strategic partnership",
    "visa_revocation": "{a} revoked the visas of officials of {t}",
    "halt_arms_purchases": "{a} halted its purchases of arms from {t}",
    "refuse_deportation_flights": "{a} refused deportation flights from {t}",
    "settle_dispute": "{a} settled its dispute with {t}",
    "conciliatory_letter": "the leader of {a} sent a conciliatory letter to the leader of {t}",
    "aid_reduction": "{a} suspended part of its aid to {t}",
    "sever_relations": "{a} severed diplomatic relations with {t}",
    "condemn": "{a} condemned the government of {t}",
    "reject_accusation": "{a} rejected an accusation made by {t}",
    "cancel_joint_venture": "{a} ordered a state company to cancel a joint venture with firms of {t}",
    "impose_sanctions": "{a} imposed financial sanctions on officials of {t}",
    "suspend_intelligence_sharing": "{a} suspended intelligence sharing with the agencies of {t}",
    "leaders_meet": "the leaders of {a} and {t} held a call",
}
RANKS = {"ambassador": "ambassador", "charge_d_affaires": "chargé d'affaires", "minister": "minister",
         "other": "head of mission"}
FIRST = ("Ana Carlos Maria John Li Wei Fatima Omar Sofia Pierre Yuki Ivan Elena Kwame Priya Diego "
         "Laura Ahmed Olga Tomas Mei Samuel Lucia Hassan Ingrid Pablo Nadia Kofi Hana Rafael").split()
LAST = ("Garcia Smith Chen Haddad Rossi Tanaka Petrov Mensah Sharma Lopez Dubois Novak Silva Kim "
        "Okafor Jensen Moreau Costa Nakamura Ivanova Perez Khan Schmidt Bianchi Osei Santos").split()
SCOPES = ("steel", "aluminium", "all goods", "cars and car parts", "agricultural goods", "textiles",
          "solar panels", "coffee and flowers", "electronics", "chemicals")
FILLER = (
    "Officials declined to comment on the talks.", "Markets were little changed after the statement.",
    "The ministry published the figures on its website.", "Analysts said the decision had been expected.",
    "The opposition criticised the government's handling of the matter.",
    "A spokesperson said further details would follow.", "The announcement came after weeks of negotiations.",
    "Local newspapers reported the story on their front pages.",
)
MONTHS = ("January February March April May June July August September October November December").split()


def _countries() -> list[tuple[str, str]]:
    import pycountry

    return sorted((c.alpha_3, c.name) for c in pycountry.countries)


def _q(value) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted strings."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


class _Dyads:
    """Record number -> (actor index, target index, pass): every ordered pair once per pass,
    in a scrambled order (a stride coprime with the number of pairs)."""

    def __init__(self, n_countries: int) -> None:
        self.c = n_countries
        self.n = n_countries * (n_countries - 1)
        self.stride = next(s for s in range(7919, self.n) if _gcd(s, self.n) == 1)

    def __call__(self, i: int) -> tuple[int, int, int]:
        d = (i * self.stride) % self.n
        a, t = divmod(d, self.c - 1)
        if t >= a:
            t += 1
        return a, t, i // self.n

    def offset(self, a: int, t: int, span: int) -> int:
        return (a * 7_919 + t * 104_729) % span


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _split(n: int) -> dict[str, int]:
    counts = {t: int(n * s) for t, s in SHARES.items()}
    counts["events"] += n - sum(counts.values())
    return counts


def _records(table: str, count: int, countries: list[tuple[str, str]], rng: random.Random):
    """(record without evidence, quote text) for each of `count` records of `table`."""
    dyads = _Dyads(len(countries))
    today = dt.date.today()
    for i in range(count):
        a, t, lap = dyads(i)
        (ac, an), (tc, tn) = countries[a], countries[t]
        date = EPOCH + dt.timedelta(days=dyads.offset(a, t, DAY_SPAN) + lap)
        if date > today:
            raise ValueError(f"{table}: too many records for unique keys ({count})")
        notes = rng.choice(FILLER) if rng.random() < 0.1 else None
        if table == "events":
            kind = rng.choice(list(EVENT_TYPES))
            what = EVENT_TYPES[kind].format(a=an, t=tn)
            rec = {"actor": ac, "target": tc, "event_date": date, "event_type": kind,
                   "description": what[0].upper() + what[1:] + "."}
            quote = f"On {_day(date)}, {what}"
        elif table == "diplomatic_recalls":
            rank = rng.choice(list(RANKS))
            envoy = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rec = {"actor": ac, "target": tc, "envoy_name": envoy, "envoy_rank": rank, "event_date": date}
            if rng.random() < 0.3:
                rec["return_date"] = min(date + dt.timedelta(days=rng.randint(10, 400)), today)
            if rng.random() < 0.5:
                rec["reason"] = "protest over statements by the host government"
            quote = f"On {_day(date)}, {an} recalled its {RANKS[rank]} {envoy} from {tn} for consultations"
        elif table == "tariff_threats":
            rate = rng.choice([10, 25, 50, 100])
            rec = {"actor": ac, "target": tc, "event_date": date, "rate_pct": rate,
                   "scope": rng.choice(SCOPES), "outcome": rng.choice(["withdrawn", "imposed", "pending", None])}
            if rng.random() < 0.2:
                rec["escalation_rate_pct"] = rate * 2
            quote = f"On {_day(date)}, {an} threatened to impose a {rate}% tariff on {rec['scope']} from {tn}"
        elif table == "tariffs_imposed":
            rate = rng.choice([5, 7.5, 10, 25, 50])
            scope = rng.choice(SCOPES)
            rec = {"actor": ac, "target": tc, "effective_date": date, "rate_pct": rate, "scope": scope}
            if rng.random() < 0.7:
                rec["event_date"] = date - dt.timedelta(days=rng.randint(0, 60))
            quote = f"A {rate}% tariff imposed by {an} on {scope} from {tn} took effect on {_day(date)}"
        elif table == "decertifications":
            fy = 1950 + (dyads.offset(a, t, 60) + lap)
            status = rng.choice(["decertified", "certified"])
            ddate = dt.date(fy - 1, 9, 15)
            rec = {"actor": ac, "target": tc, "event_date": ddate, "fiscal_year": fy, "status": status}
            if status == "decertified":
                rec["waiver"] = rng.random() < 0.5
            quote = f"On {_day(ddate)}, {an} {status} {tn} for fiscal year {fy}"
        elif table == "trade_partner_ranks":
            year = 1960 + (dyads.offset(a, t, 50) + lap)
            flow = rng.choice(["total", "exports", "imports"])
            rank = rng.randint(1, 40)
            rec = {"reporter": ac, "partner": tc, "year": year, "rank": rank, "flow": flow}
            quote = f"In {year}, {tn} ranked number {rank} among the {flow} trade partners of {an}"
        elif table == "coca_cultivation":
            estimator = ("UNODC", "ONDCP", "national_government")[i % 3]
            c, lap2 = divmod(i // 3, len(countries))[::-1]
            if lap2 >= 125:
                raise ValueError(f"coca_cultivation: too many records for unique keys ({count})")
            year = 1900 + (lap2 + 90) % 125
            (cc, cn) = countries[c]
            hectares = float(rng.randint(100, 300_000))
            rec = {"country": cc, "year": year, "hectares": hectares, "estimator": estimator}
            if rng.random() < 0.5:
                rec["cocaine_tonnes"] = round(hectares / 100, 1)
            quote = f"The {estimator} estimate put coca cultivation in {cn} at {int(hectares):,} hectares in {year}"
        else:
            raise KeyError(table)
        if notes:
            rec["notes"] = notes
        yield rec, quote


def _write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def generate(root: Path | str, n_records: int, seed: int = 0, quotes_per_text: int = QUOTES_PER_TEXT) -> Path:
    """Write root/raw/ with n_records fact records; return the raw/ folder."""
    rng = random.Random(seed)
    raw = Path(root) / "raw"
    for sub in ("coded", "reference", "sources"):
        (raw / sub).mkdir(parents=True, exist_ok=False)
    countries = _countries()
    _write_text(raw / "dataset.yaml", (
        "version: 1.0.0\nname: relations-data-synthetic\n"
        "title: Synthetic relations data for the scale benchmarks\n"
        f"description: {n_records} generated records (benchmarks/generate.py, seed {seed}).\n"
        "license: CC-BY-4.0\n"))
    # reference tables
    lines = ["rows:"]
    for k, (code, _) in enumerate(countries):
        lines += [f"  - iso_alpha3: {_q(code)}", f"    cow_code: {2 + 3 * k}", f"    cow_abbrev: {_q(code)}"]
    _write_text(raw / "reference" / "countries.yaml", "\n".join(lines) + "\n")
    lines = ["rows:"]
    for table in SHARES:
        dyads = [("USA", "COL"), ("USA", "MEX"), ("CHN", "COL")] if table != "coca_cultivation" else [("COL", "-"), ("PER", "-")]
        for actor, target in dyads + [("*", "*")]:
            lines += [f"  - table_name: {table}", f"    actor: {_q(actor)}", f"    target: {_q(target)}",
                      f"    first_year: {1990 if actor != '*' else 1900}", f"    last_year: 2100",
                      f"    completeness: {'systematic' if actor != '*' else 'partial'}",
                      f"    description: {_q('Synthetic coverage row.')}"]
    _write_text(raw / "reference" / "coverage.yaml", "\n".join(lines) + "\n")
    # citation-only sources
    lines = ["sources:"]
    for k in range(CITATION_SOURCES):
        lines += [f"  - source_id: cite_{k:03d}", f"    publisher: {_q(f'Outlet {k}')}",
                  f"    published_date: {dt.date(2020, 1, 1) + dt.timedelta(days=k)}",
                  f"    url: {_q(f'https://example.org/{k}')}", "    language: en"]
    _write_text(raw / "sources" / "citations.yaml", "\n".join(lines) + "\n")

    # fact records, their quotes, and the texts holding the quotes
    registry = ["sources:"]
    text_parts: list[str] = []
    text_no = 0
    quotes_in_text = 0
    ref = 0

    def flush() -> None:
        nonlocal text_parts, text_no, quotes_in_text
        if not text_parts:
            return
        sid = f"synth_{text_no:05d}"
        data = ("\n".join(text_parts) + "\n").encode("utf-8")
        (raw / "sources" / f"{sid}.txt").write_bytes(data)
        registry.extend([f"  - source_id: {sid}", f"    file: {sid}.txt",
                         f"    sha256: {hashlib.sha256(data).hexdigest()}",
                         f"    title: {_q(f'Synthetic wire digest {text_no}')}", "    publisher: Synthetic Wire",
                         f"    published_date: {dt.date(2025, 1, 1) + dt.timedelta(days=text_no % 300)}",
                         "    language: en"])
        text_parts, text_no, quotes_in_text = [], text_no + 1, 0

    paragraph: list[str] = []
    for table, count in _split(n_records).items():
        with open(raw / "coded" / f"{table}.yaml", "w", encoding="utf-8") as out:
            out.write("records:\n")
            for rec, quote in _records(table, count, countries, rng):
                if quotes_in_text >= quotes_per_text:
                    if paragraph:
                        text_parts.append(" ".join(paragraph))
                        paragraph = []
                    flush()
                ref += 1
                quote = f"{quote} (dispatch {ref})"
                sid = f"synth_{text_no:05d}"
                paragraph.append(quote + ".")
                if rng.random() < 0.5:
                    paragraph.append(rng.choice(FILLER))
                if len(paragraph) >= 6:
                    text_parts.append(" ".join(paragraph))
                    paragraph = []
                quotes_in_text += 1
                evidence = [(sid, quote, None)]
                if table == "diplomatic_recalls" and rng.random() < 0.02 and rec["envoy_rank"] != "other":
                    ref += 1
                    second = f"The envoy, {rec['envoy_name']}, had been called home (dispatch {ref})"
                    paragraph.append(second + ".")
                    quotes_in_text += 1
                    evidence.append((sid, second, {"envoy_rank": "other"}))
                if rng.random() < 0.15:
                    evidence.append((f"cite_{rng.randrange(CITATION_SOURCES):03d}", f"Reported: {quote}", None))
                first = True
                for key, value in rec.items():
                    out.write(f"{'  - ' if first else '    '}{key}: {_q(value)}\n")
                    first = False
                out.write("    evidence:\n")
                for source, text, claims in evidence:
                    out.write(f"      - source: {source}\n        quote: {_q(text)}\n")
                    if claims:
                        out.write("        claims: {" + ", ".join(f"{k}: {_q(v)}" for k, v in claims.items()) + "}\n")
    if paragraph:
        text_parts.append(" ".join(paragraph))
    flush()
    _write_text(raw / "sources" / "sources.yaml", "\n".join(registry) + "\n")
    return raw


# ------------------------------------------------------------------------------------------
# Extraction corpus

C_EN = ["Colombia", "Peru", "Bolivia", "Mexico", "Brazil", "Argentina", "Chile", "Ecuador", "Venezuela",
        "China", "Canada", "the United States", "Spain", "India", "Japan", "Germany", "France", "Panama"]
C_ES = ["Colombia", "Perú", "Bolivia", "México", "Brasil", "Argentina", "Chile", "Ecuador", "Venezuela",
        "China", "Canadá", "Estados Unidos", "España", "Panamá"]
DEMONYMS = ["Colombian", "Peruvian", "Mexican", "Brazilian", "Chinese", "Canadian", "American", "Chilean"]
MATCHING = [
    "On {month} {day}, {year}, {c1} recalled its ambassador from {c2} for consultations.",
    "{c1} withdrew its chargé d'affaires, {name}, from {c2} on {day} {month} {year}, citing interference.",
    "On {month} {day}, {year}, {c1} threatened to impose a {rate}% tariff on {dem} goods.",
    "{c1} announced a {rate}% tariff on steel from {c2} on {month} {day}, {year}, rising to {rate2}% in June.",
    "The United States decertified {c2} and {c3} on September 15, {year}, for failing demonstrably to cooperate.",
    "According to UNODC, coca cultivation in {coca} reached {ha:,} hectares in {year}.",
    "{c1} is {c2}'s second-largest trading partner.",
    "In {year}, {c1} was the largest export market for {c2}.",
    "El gobierno de {e1} llamó a consultas a su embajador en {e2} el {day} de julio de {year}.",
    "Según la ONU, {coca} tenía {ha_es} hectáreas de coca en {year}.",
]
NEAR_MISS = [
    "{c1} could recall its ambassador from {c2} if the talks fail.",
    "Officials in {c1} are considering decertifying {c2} next year.",
    "The {dem} ambassador met business leaders in {c2} to discuss investment.",
    "Farmers eradicated {ha:,} hectares of coca in {coca} last year.",
    "{c1} is among the largest trading partners of {c2} in Latin America.",
    "Tariff policy remains a topic of debate among economists in {c1}.",
    "The envoy said relations with {c2} were in good shape.",
    "Exporters in {c1} fear a tariff war with {c2}.",
]
WORDS = ("economy growth market city council school river weather report season team players minister "
         "budget water energy project road bridge farmers harvest price inflation election campaign voters "
         "festival music museum health hospital doctors students research science industry workers union "
         "strike company profit investors bank loan rain storm coast tourism hotel airport flight train "
         "railway police court judge law reform plan debate the a of in on for with and after before "
         "during said would new local national regional officials residents").split()


def _sentence(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.015:
        tpl = rng.choice(MATCHING)
    elif x < 0.05:
        tpl = rng.choice(NEAR_MISS)
    else:
        n = rng.randint(8, 26)
        words = [rng.choice(WORDS) for _ in range(n)]
        if rng.random() < 0.3:
            words.insert(rng.randrange(n), rng.choice(C_EN))
        if rng.random() < 0.15:
            words.insert(rng.randrange(n), f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1990, 2025)}")
        s = " ".join(words)
        return s[0].upper() + s[1:] + rng.choice(".....?")
    c1, c2, c3 = rng.sample(C_EN, 3)
    e1, e2 = rng.sample(C_ES, 2)
    ha = rng.randint(10, 300) * 1000
    rate = rng.choice([10, 25, 50])
    return tpl.format(c1=c1[0].upper() + c1[1:], c2=c2, c3=c3, e1=e1, e2=e2, dem=rng.choice(DEMONYMS),
                      rate=rate, rate2=rate * 2, month=rng.choice(MONTHS), day=rng.randint(1, 28),
                      year=rng.randint(2000, 2025), coca=rng.choice(["Colombia", "Peru", "Bolivia"]),
                      ha=ha, ha_es=f"{ha:,}".replace(",", "."),
                      name=f"{rng.choice(FIRST)} {rng.choice(LAST)}")


def generate_corpus(directory: Path | str, megabytes: float, seed: int = 0, file_mb: float = 1.0) -> list[Path]:
    """Write about `megabytes` MB of text as files of about `file_mb` MB; return their paths.
    An existing complete corpus of the same size and seed is reused."""
    directory = Path(directory)
    marker = directory / f".complete-{megabytes:g}MB-seed{seed}"
    if marker.exists():
        return sorted(directory.glob("doc_*.txt"))
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("doc_*.txt"):
        old.unlink()
    rng = random.Random(seed)
    target, written, paths = int(megabytes * 1_000_000), 0, []
    while written < target:
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        parts, size = [f"{MONTHS[date.month - 1]} {date.day}, {date.year}"], 0
        limit = min(file_mb * 1_000_000, target - written)
        while size < limit:
            para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 7)))
            parts.append(para)
            size += len(para.encode("utf-8")) + 2
        data = "\n\n".join(parts).encode("utf-8")
        path = directory / f"doc_{len(paths):05d}.txt"
        path.write_bytes(data)
        paths.append(path)
        written += len(data)
    marker.write_text("")
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=float, help="number of fact records (e.g. 1e5)")
    ap.add_argument("--corpus-mb", type=float, help="write an extraction corpus of this many MB instead")
    ap.add_argument("--out", required=True, type=Path, help="folder to write (raw/ is created inside it)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quotes-per-text", type=int, default=QUOTES_PER_TEXT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.corpus_mb:
        paths = generate_corpus(args.out, args.corpus_mb, args.seed)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} files, {size:.1f} MB in {args.out} ({time.perf_counter() - t0:.1f} s)")
        return 0
    if not args.records:
        ap.error("give --records N or --corpus-mb MB")
    raw = generate(args.out, int(args.records), args.seed, args.quotes_per_text)
    size = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6
    print(f"{int(args.records)} records in {raw}: {size:.1f} MB ({time.perf_counter() - t0:.1f} s)")
    print("validate files over 20 MB with RELATIONS_DATA_MAX_FILE_BYTES set higher")
    return 0


if __name__ == "__main__":
    sys.exit(main())
