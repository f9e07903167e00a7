#!/usr/bin/env python3
"""bench/gen_benchmark.py — SQL for the sqlite3 CLI that makes benchmarking province-sized.

    python3 bench/gen_benchmark.py [--cities 3000] [--years 20] [--last-year 2025] [--seed 1] | sqlite3 -bail DB

DB is a database made by `pacesetter demo --no-serve` (its users, to sign in as the appraisal office,
and its towns and parks, to split goals among). The demo's own benchmarking data (nine cities, ten
years up to last year, ids from store_next_id) is replaced, not extended: every row here has a fixed
id above the store's sequences (which are then moved past them) and the years are fixed, so the
output does not depend on the demo or on today's date. Writes 18 more indicators (30 with the twelve
built-in ones), CITIES cities (澄港市, id 100001, is this city; every city marked as demo data), a
value for every city × indicator × year of the YEARS up to LAST_YEAR (the year only, quarter 0;
CITIES × 30 × YEARS rows less a few missing: one series in a hundred starts up to eight years late,
one cell in five hundred is missing), and four goals of 澄港市 split among the demo's towns and parks.
Each city has a size and a pace of its own, with a small wobble per year; the other indicators
follow its GDP and population in plausible proportions, ratios drift, and the lower-is-better ones
fall. Rows are written as the store writes them (src/store/benchmark_*.c): decimals as integers ×
10^6, rounded to the indicator's decimals; bm_values in its key's order (indicator, quarter, year,
city), in statements of 500 rows. This city's id and the years are printed on stderr.
"""
import argparse
import math
import random
import sys

D = 1_000_000  # a decimal's scale
NOW = "2026-01-15T08:00:00Z"
NOTE = "基准测试数据（虚构）"
TENANT = 1
SELF = 100001  # this city's id; the others follow it

# The built-in twelve (migration 0006): (id, code, decimals, direction).
BUILTIN = [(1, "gdp", 2), (2, "budget_revenue", 2), (3, "industrial_output", 2), (4, "trade", 2), (5, "fdi", 2),
           (6, "retail", 2), (7, "fixed_investment", 2), (8, "urban_income", 2), (9, "rural_income", 2),
           (10, "rd_share", 2), (11, "hightech_share", 2), (12, "energy_intensity", 3)]
# The eighteen added: (code, name, unit, direction, kind, decimals).
ADDED = [
    ("population", "常住人口", "万人", "higher", "stock", 2),
    ("gdp_per_capita", "人均地区生产总值", "元", "higher", "ratio", 0),
    ("urbanization", "常住人口城镇化率", "%", "higher", "ratio", 2),
    ("tax_revenue", "税收收入", "亿元", "higher", "flow", 2),
    ("industrial_value_added", "规模以上工业增加值", "亿元", "higher", "flow", 2),
    ("tertiary_share", "第三产业增加值占比", "%", "higher", "ratio", 2),
    ("exports", "出口总额", "亿元", "higher", "flow", 2),
    ("deposits", "金融机构人民币存款余额", "亿元", "higher", "stock", 2),
    ("loans", "金融机构人民币贷款余额", "亿元", "higher", "stock", 2),
    ("patents_per_10k", "每万人口发明专利拥有量", "件", "higher", "ratio", 2),
    ("hightech_firms", "高新技术企业数", "家", "higher", "stock", 0),
    ("electricity", "全社会用电量", "亿千瓦时", "higher", "flow", 2),
    ("tourism_revenue", "旅游总收入", "亿元", "higher", "flow", 2),
    ("unemployment", "城镇调查失业率", "%", "lower", "ratio", 1),
    ("pm25", "PM2.5 年均浓度", "微克/立方米", "lower", "ratio", 0),
    ("green_coverage", "建成区绿化覆盖率", "%", "higher", "ratio", 2),
    ("market_entities", "市场主体数", "万户", "higher", "stock", 2),
    ("water_per_gdp", "万元地区生产总值用水量", "立方米", "lower", "ratio", 1),
]
INDICATOR0 = 1001  # the added indicators' ids
GOAL0 = 1001

# Place names: two syllables and 市, unique, none of them the demo's.
FIRST = "安宝滨沧澄楚达丹德东鄂丰凤福高广海汉和河鹤衡湖华淮黄吉嘉江金锦晋靖九康兰乐临灵柳龙鲁泸鹿罗洛茂梅绵南宁平萍莆青清庆泉饶容瑞沙山汕韶邵深盛石双顺松泰潭桃天通铜潍渭文武西溪襄新信兴徐许延阳宜益永余玉云肇镇正中舟"
SECOND = "安坝北滨波昌城川春丹道德东都丰峰港皋关海河衡湖华淮江津口兰林陵隆门宁平浦桥泉山陕石水顺台潭通湾皖西溪县祥兴阳野义宜邑源远岳云章州庄"


def city_names(n, rnd):
    names = [a + b + "市" for a in FIRST for b in SECOND if a != b]
    rnd.shuffle(names)
    names = [x for x in names if x != "澄港市"]
    if n - 1 > len(names):
        names += [f"基准{k:05d}市" for k in range(n - 1 - len(names))]
    return ["澄港市"] + names[:n - 1]


def as_decimal(v, decimals):
    q = 10 ** (6 - decimals)
    return int(math.floor(v * D / q + 0.5)) * q


def series_of(rnd, n_years, last_year, size=None, pace=None):
    """One city's thirty series (each a list of n_years floats, the first year first), in catalogue order:
    GDP of size 亿元 in the last year (random when None), growing at pace a year (random when None)."""
    years = range(n_years)
    year_of = [last_year - n_years + 1 + t for t in years]
    w = lambda: rnd.random() * 2 - 1  # a wobble in [-1, 1]
    spread = 2.2 * (rnd.random() + rnd.random() + rnd.random() - 1.5)  # about normal, most within ×/÷ 5
    size = size or 50 + math.exp(math.log(650) + spread)  # 亿元: 60 to 18,000, a few hundred most often
    g = pace or 0.02 + 0.08 * rnd.random()
    growth = [g + 0.012 * w() - (0.03 if y == 2020 else 0) for y in year_of]
    gdp = [0.0] * n_years
    gdp[-1] = size
    for t in range(n_years - 2, -1, -1):
        gdp[t] = gdp[t + 1] / (1 + growth[t + 1])
    pop_last = 15 + size / (6 + 10 * rnd.random()) * (0.6 + 0.8 * rnd.random())  # 万人
    pop_g = -0.008 + 0.025 * rnd.random()
    pop = [pop_last / (1 + pop_g) ** (n_years - 1 - t) for t in years]
    coastal = rnd.random() < 0.3
    shares = dict(budget=0.06 + 0.05 * rnd.random(), industry=1.1 + 1.5 * rnd.random(),
                  trade=(0.4 + 0.8 * rnd.random()) if coastal else (0.03 + 0.25 * rnd.random()),
                  fdi=0.001 + 0.011 * rnd.random(), retail=0.28 + 0.18 * rnd.random(),
                  invest=0.55 + 0.4 * rnd.random(), tax=0.68 + 0.17 * rnd.random(), iva=0.21 + 0.09 * rnd.random(),
                  exports=0.5 + 0.2 * rnd.random(), deposits=1.1 + 1.4 * rnd.random(), loans=0.6 + 0.35 * rnd.random(),
                  firms=0.08 + 0.5 * rnd.random(), power=0.035 + 0.07 * rnd.random(),
                  tourism=0.04 + 0.28 * rnd.random(), entities=0.06 + 0.1 * rnd.random())
    no_fdi = rnd.random() < 0.01  # a few small inland cities report 0 some years
    drift = lambda: 1 + 0.03 * w()
    per_capita = [gdp[t] / pop[t] * 1e4 for t in years]  # 元
    urban0 = min(max(per_capita[-1] * (0.45 + 0.2 * rnd.random()), 28000.0), 95000.0)
    urban_g = 0.055 + 0.03 * rnd.random()
    urban = [urban0 / (1 + urban_g) ** (n_years - 1 - t) * (1 + 0.004 * w()) for t in years]
    rural_ratio = 0.42 + 0.16 * rnd.random()
    rural = [urban[t] * rural_ratio * (1 + 0.006 * (t - n_years + 1)) for t in years]  # the gap narrows
    rd0, ht0 = 0.3 + 2.2 * rnd.random(), 8 + 30 * rnd.random()
    en0 = 0.6 + 1.2 * rnd.random()
    urb0 = 30 + 40 * rnd.random()
    ter0 = 30 + 22 * rnd.random()
    pat0 = 0.2 + 8 * rnd.random()
    pm0 = 45 + 50 * rnd.random()
    green0 = 28 + 12 * rnd.random()
    water0 = 60 + 180 * rnd.random()
    unemp = 3.8 + 2.2 * rnd.random()
    out = [[0.0] * n_years for _ in range(12 + len(ADDED))]
    for t in years:
        y = year_of[t]
        deposits = gdp[t] * shares["deposits"] * (1 + 0.02 * t) * drift()
        industry = gdp[t] * shares["industry"] * drift()
        trade = gdp[t] * shares["trade"] * drift()
        budget = gdp[t] * shares["budget"] * drift()
        row = [
            gdp[t], budget, industry, trade,
            0.0 if no_fdi and rnd.random() < 0.3 else gdp[t] * shares["fdi"] * drift() / 7,
            gdp[t] * shares["retail"] * drift(), gdp[t] * shares["invest"] * (1 - 0.012 * t) * drift(),
            urban[t], rural[t],
            rd0 + 0.06 * t + 0.03 * w(), min(ht0 + 0.7 * t + 0.3 * w(), 85.0),
            en0 * (1 - 0.04) ** t * (1 + 0.01 * w()),
            pop[t], per_capita[t], min(urb0 + 0.9 * t + 0.2 * w(), 96.0), budget * shares["tax"] * drift(),
            industry * shares["iva"] * drift(), min(ter0 + 0.6 * t + 0.3 * w(), 75.0), trade * shares["exports"] * drift(),
            deposits, deposits * shares["loans"] * drift(), pat0 * 1.14 ** t * (1 + 0.02 * w()),
            max(round(gdp[t] * shares["firms"] * 1.12 ** (t - n_years + 1) * drift()), 1),
            gdp[t] * shares["power"] * (1 - 0.01 * t) * drift(),
            gdp[t] * shares["tourism"] * (0.55 if y == 2020 else 0.8 if y in (2021, 2022) else 1) * drift(),
            unemp + (0.8 if y == 2020 else 0) + 0.3 * w(),
            pm0 * (0.95 ** max(0, y - 2013)) * (1 + 0.04 * w()), min(green0 + 0.3 * t + 0.2 * w(), 48.0),
            pop[t] * shares["entities"] * 1.08 ** (t - n_years + 1) * drift(),
            water0 * 0.95 ** t * (1 + 0.02 * w()),
        ]
        for i, v in enumerate(row):
            out[i][t] = v
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cities", type=int, default=3000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--last-year", type=int, default=2025)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout.write
    first = a.last_year - a.years + 1
    out("PRAGMA cache_size = -262144;\nBEGIN;\n")  # 256 MiB: the index by city is written out of its order
    # the demo's benchmarking, replaced
    for table in ("bm_goal_units", "bm_goals", "bm_values", "bm_cities"):
        out(f"DELETE FROM {table} WHERE tenant_id = {TENANT};\n")
    out(f"DELETE FROM bm_indicators WHERE tenant_id = {TENANT} AND builtin = 0;\n")
    # the catalogue: the built-in twelve, then the eighteen added
    indicators = [(iid, dec) for iid, _, dec in BUILTIN]
    for k, (code, name, unit, direction, kind, dec) in enumerate(ADDED):
        iid = INDICATOR0 + k
        out(f"INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order,"
            f" note) VALUES ({TENANT}, {iid}, '{code}', '{name}', '{unit}', '{direction}', '{kind}', {dec}, 0, {13 + k},"
            f" '{NOTE}');\n")
        indicators.append((iid, dec))
    # cities
    names = city_names(a.cities, rnd)
    for c in range(a.cities):
        out(f"INSERT INTO bm_cities (tenant_id, id, name, division_code, is_self, demo, sort_order, note) VALUES"
            f" ({TENANT}, {SELF + c}, '{names[c]}', '', {1 if c == 0 else 0}, 1, {10 * c}, '{NOTE}');\n")
    # every city's thirty series, then the missing cells (never this city's)
    series = []
    for c in range(a.cities):
        # 澄港市: a city of the upper third (GDP 2,300 亿元), growing fast
        s = series_of(rnd, a.years, a.last_year, *((2300.0, 0.075) if c == 0 else ()))
        cells = []
        for i, (iid, dec) in enumerate(indicators):
            vals = [as_decimal(v, dec) for v in s[i]]
            if c:
                if rnd.random() < 0.01:  # reported only from a later year on
                    for t in range(rnd.randrange(1, 9)):
                        vals[t] = None
                for t in range(a.years):
                    if rnd.random() < 0.002:
                        vals[t] = None
            cells.append(vals)
        series.append(cells)
    rows = []

    def flush():
        if rows:
            out("INSERT INTO bm_values (tenant_id, indicator_id, quarter, year, city_id, value, source, note, updated_at)"
                " VALUES " + ",".join(rows) + ";\n")
            rows.clear()

    n_values = 0
    for i, (iid, _) in enumerate(indicators):
        for t in range(a.years):
            year = first + t
            for c in range(a.cities):
                v = series[c][i][t]
                if v is None:
                    continue
                rows.append(f"({TENANT},{iid},0,{year},{SELF + c},{v},'基准测试','','{NOW}')")
                n_values += 1
                if len(rows) == 500:
                    flush()
    flush()
    # goals of this city: pass the city just above it in GDP, a budget revenue, an R&D share, pass a city in
    # high-tech firms; split among the demo's top-level towns and parks (parks weigh 3, towns 1 to 2)
    last = a.years - 1
    gdp_self = series[0][0][last]
    above = min((c for c in range(1, a.cities) if series[c][0][last] is not None and series[c][0][last] > gdp_self),
                key=lambda c: series[c][0][last], default=1)
    firms_self = series[0][22][last]
    firms_peer = min((c for c in range(1, a.cities) if series[c][22][last] is not None and series[c][22][last] > 1.3 * firms_self),
                     key=lambda c: series[c][22][last], default=1)
    revenue = (series[0][1][last] * 5 // 4) // (10 * D) * (10 * D)
    y = a.last_year
    goals = [
        (f"到{y + 3}年地区生产总值超过{names[above]}", 1, y + 3, "NULL", SELF + above, 5, "weights"),
        (f"到{y + 2}年一般公共预算收入达到{revenue // D}亿元", 2, y + 2, revenue, "NULL", 3, "weights"),
        (f"到{y + 3}年R&D经费支出占GDP比重达到3.5%", 10, y + 3, 3500000, "NULL", 5, "same"),
        (f"到{y + 5}年高新技术企业数超过{names[firms_peer]}", INDICATOR0 + 10, y + 5, "NULL", SELF + firms_peer, 5, "weights"),
    ]
    for k, (name, iid, year, target, peer, span, split) in enumerate(goals):
        gid = GOAL0 + k
        out(f"INSERT INTO bm_goals (tenant_id, id, name, indicator_id, year, base_year, target_value, peer_city_id,"
            f" cagr_years, split, note, created_at, updated_at) VALUES ({TENANT}, {gid}, '{name}', {iid}, {year}, {y},"
            f" {target}, {peer}, {span}, '{split}', '{NOTE}', '{NOW}', '{NOW}');\n")
        parks_only = "AND code GLOB 'PARK-*'" if split == "same" else ""
        weight = "0" if split == "same" else \
            "CASE WHEN code GLOB 'PARK-*' THEN 3000000 ELSE 1000000 + (row_number() OVER w - 1) % 3 * 500000 END"
        out(f"INSERT INTO bm_goal_units (tenant_id, goal_id, unit_id, sort_order, weight) SELECT tenant_id, {gid}, id,"
            f" row_number() OVER w - 1, {weight} FROM units WHERE tenant_id = {TENANT}"
            f" AND (code GLOB 'TOWN-*' OR code GLOB 'PARK-*') AND instr(substr(code, 6), '-') = 0 {parks_only}"
            f" WINDOW w AS (ORDER BY sort_order, id);\n")
    for name, nxt in (("bm_indicators", INDICATOR0 + len(ADDED)), ("bm_cities", SELF + a.cities),
                      ("bm_goals", GOAL0 + len(goals))):
        out(f"INSERT INTO id_sequences (tenant_id, name, next_id) VALUES ({TENANT}, '{name}', {nxt})"
            f" ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = max(next_id, excluded.next_id);\n")
    out("COMMIT;\n")
    print(SELF, first, a.last_year, n_values, file=sys.stderr)


if __name__ == "__main__":
    main()
