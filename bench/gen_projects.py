#!/usr/bin/env python3
"""bench/gen_projects.py — SQL for the sqlite3 CLI that fills a demo city with a large project library.

    python3 bench/gen_projects.py [--projects 50000] [--reports 2000000] [--enterprises 18000]
                                  [--problems 5000] [--today YYYY-MM-DD] [--seed 1] | sqlite3 -bail DB

DB is a database made by `pacesetter demo --no-serve` (its units, accounts and 2,000 enterprises).
The script replaces the demo's projects, plans, reports, photos, problems and unit month totals;
adds ENTERPRISES enterprises (valid credit codes) beside the demo's; then PROJECTS projects with
milestones, yearly plans and, for every project past the talks, consecutive monthly reports, REPORTS
in all exactly. Derived columns are written as the store writes them (src/store/progress_load.c,
project_write.c): stage, pool, size_class (default thresholds), invested_total, each report's
cumulative and year_to_date, unit_month_totals (SELECT … GROUP BY). The lights are left green:
POST /api/v1/projects/warnings/recompute sets them.

Small rows (enterprises, projects, plans, problems) are printed as VALUES from a fixed-seed
generator; the two million reports are made inside SQLite by one INSERT … SELECT over a
temporary table of (project, first month, months, monthly base), amounts varied by a hash of
(project, month) and by season, cumulative figures by window functions.

Shape (so that every light and pool has work): 4% of projects are still in talks (no reports);
of the others most are under construction, some completed, in production or at full capacity
(those stopped reporting when full capacity was reached); about a third are behind their next
milestone; this year's plan is set against what the project actually reports so that roughly
60% / 25% / 15% are on track / a little behind / far behind on investment.
"""
import argparse
import datetime as dt
import random
import sys

SEASON = [80, 40, 90, 100, 105, 110, 100, 95, 105, 110, 115, 150]  # % of an average month, Jan..Dec
YI = 10_000_000_000  # fen in 1 亿元
SIZE_THRESHOLDS = [YI, 5 * YI, 10 * YI, 50 * YI]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

TOWNS = [f"TOWN-0{i}" for i in range(1, 9)]
PARKS = [f"PARK-0{i}" for i in range(1, 5)]
OFFICE = "FGW-ZDXM"
DEPARTMENTS = ["GXJ", "SWJ", "KJJ", "CZJ", "ZRJ", "ZJJ", "STJ", "RSJ", "SPJ", "SJJ"]

HEADS = "恒华新永嘉博瑞盛海天东沙港澄锦宏鼎协富隆"
TAILS = "力泰通达源诚德鑫晟远丰创"
TRADES = ["精密机械", "新材料", "智能装备", "光电科技", "汽车零部件", "生物医药", "电子科技", "纺织",
          "化工", "冶金", "物流", "新能源", "半导体", "环保科技"]
PRODUCTS = ["高端装备", "新能源汽车零部件", "特种钢材", "功能性薄膜", "锂电池材料", "智能传感器",
            "医疗器械", "集成电路封测", "光伏组件", "氢能装备"]
KINDS = ["扩能项目", "智能化改造项目", "新建项目", "研发中心项目", "二期项目"]
WORKS = ["沿江快速路", "港区疏港公路", "污水处理厂提标改造", "人民医院新院区", "实验学校新校区",
         "城市综合管廊", "科创中心", "人才公寓"]
PROGRESS = ["土建施工有序推进", "主体结构施工中", "设备安装调试", "厂房封顶，开始内部装修", "部分产线试生产",
            "场地平整完成"]
PROBLEMS = ["用地指标尚未落实", "施工许可办理进度慢", "电力增容接入时间紧", "环评批复待审", "外籍专家工作许可",
            "融资贷款审批", "配套道路未建成", "天然气管线接入", "规划条件调整", "招工难"]

# steps: 0 negotiating, 1 signed, 2 registered, 3 started, 4 completed, 5 production, 6 full capacity
STEPS = 7
POOLS = ["reserve", "preliminary", "preliminary", "construction", "completed", "production", "production"]
GAPS = [(0, 0), (30, 60), (15, 45), (60, 150), (365, 540), (30, 90), (180, 300)]  # planned days after the step before


def q(s):
    return "NULL" if s is None else "'" + str(s).replace("'", "''") + "'"


def iso(day):
    return None if day is None else day.isoformat()


def month_index(day):
    return day.year * 12 + day.month - 1


def month_text(idx):
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def day_in_month(idx, rng, last_day=None):
    first = dt.date(idx // 12, idx % 12 + 1, 1)
    nxt = dt.date((idx + 1) // 12, (idx + 1) % 12 + 1, 1)
    top = (nxt - first).days - 1
    if last_day is not None and month_index(last_day) == idx:
        top = min(top, last_day.day - 1)
    return first + dt.timedelta(days=rng.randint(0, top))


def credit_code(rng):
    body = "91320582" + "".join(rng.choice(ALPHABET) for _ in range(9))
    total, weight = 0, 1
    for ch in body:
        total = (total + ALPHABET.index(ch) * weight) % 31
        weight = weight * 3 % 31
    return body + ALPHABET[(31 - total) % 31]


def size_class(total):
    return sum(1 for t in SIZE_THRESHOLDS if total >= t)


def investment(rng):
    fen = 3 * YI // 10  # log-uniform from 0.3 亿 to 80 亿 元, rounded to 10 万元, as the demo
    for _ in range(rng.randrange(56)):
        fen = fen * 11 // 10
    return fen // 10_000_000 * 10_000_000


class Values:
    """INSERT … VALUES in chunks of 500 rows (sqlite3 parses them faster than one row a statement)."""

    def __init__(self, out, head):
        self.out, self.head, self.rows = out, head, []

    def add(self, *cols):
        self.rows.append("(" + ", ".join(cols) + ")")
        if len(self.rows) == 500:
            self.flush()

    def flush(self):
        if self.rows:
            self.out.write(self.head + " VALUES\n" + ",\n".join(self.rows) + ";\n")
            self.rows = []


def plan_project(i, c, rng, today, cur):
    """Milestones of one project with c months of reports (0: still in talks)."""
    planned, actual = [None] * STEPS, [None] * STEPS
    if c == 0:
        talks = today - dt.timedelta(days=rng.randint(10, 700))
        actual[0] = planned[0] = talks
        planned[1] = talks + dt.timedelta(days=rng.randint(30, 60) + (rng.randint(-200, 0) if rng.random() < 0.3 else 60))
        for k in range(2, STEPS):
            planned[k] = planned[k - 1] + dt.timedelta(days=rng.randint(*GAPS[k]))
        return planned, actual, None, None
    finished = c >= 30 and rng.random() < 0.2
    last = cur - rng.randint(0, 12) if finished else (cur - 1 if rng.random() < 0.12 else cur)
    first = last - c + 1
    end = min(today, dt.date((last + 1) // 12, (last + 1) % 12 + 1, 1) - dt.timedelta(days=1))
    signed = day_in_month(first, rng, today)
    actual[1] = signed
    actual[0] = signed - dt.timedelta(days=rng.randint(30, 90))
    span = (end - signed).days
    if finished:
        reached = 6
    else:
        r = rng.random()
        if c < 10:
            reached = 2 if r < 0.5 else 3
        elif c < 24:
            reached = 2 if r < 0.1 else 3 if r < 0.8 else 4 if r < 0.9 else 5
        else:
            reached = 3 if r < 0.55 else 4 if r < 0.7 else 5
    # actual dates of the steps reached: registration and start early, the rest spread over the span
    reg = min(signed + dt.timedelta(days=rng.randint(15, 45)), end)
    actual[2] = reg
    if reached >= 3:
        actual[3] = min(reg + dt.timedelta(days=rng.randint(60, 150)), end)
    if reached >= 4:
        start, rest = actual[3], (end - actual[3]).days
        if finished:
            actual[6] = day_in_month(last, rng, today)
            if actual[6] < start:
                actual[6] = start
            rest = (actual[6] - start).days
            actual[5] = start + dt.timedelta(days=int(rest * rng.uniform(0.7, 0.85)))
            actual[4] = start + dt.timedelta(days=int(rest * rng.uniform(0.55, 0.68)))
        else:
            actual[4] = start + dt.timedelta(days=int(rest * rng.uniform(0.5, 0.75)))
            if reached >= 5:
                actual[5] = actual[4] + dt.timedelta(days=int((end - actual[4]).days * rng.uniform(0.2, 0.8)))
    stage = max(k for k in range(STEPS) if actual[k] is not None)
    # planned: a little before or after the actual dates; the next step on time or overdue
    for k in range(STEPS):
        if actual[k] is not None:
            planned[k] = actual[k] - dt.timedelta(days=rng.randint(-20, 40))
    if stage < 6:
        behind = rng.random() < 0.33
        nxt = today - dt.timedelta(days=rng.randint(1, 200)) if behind else today + dt.timedelta(days=rng.randint(10, 400))
        planned[stage + 1] = max(nxt, actual[stage] + dt.timedelta(days=1))
        for k in range(stage + 2, STEPS):
            planned[k] = planned[k - 1] + dt.timedelta(days=rng.randint(*GAPS[k]))
    return planned, actual, first, last


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--projects", type=int, default=50000)
    ap.add_argument("--reports", type=int, default=2000000)
    ap.add_argument("--enterprises", type=int, default=18000)
    ap.add_argument("--problems", type=int, default=5000)
    ap.add_argument("--today", default=dt.date.today().isoformat())
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    today = dt.date.fromisoformat(a.today)
    cur = month_index(today)
    now = today.isoformat() + "T08:00:00Z"
    rng = random.Random(a.seed)
    out = sys.stdout
    n = a.projects
    reserve = n * 4 // 100
    reporting = n - reserve
    if reporting <= 0 or a.reports // reporting < 12 or a.reports // reporting > 100:
        sys.exit("gen_projects: between 12 and 100 reports a reporting project, please")

    # months of reports per project: paired around the average, so that the sum is exact
    base, extra = divmod(a.reports, reporting)
    months = [base + (1 if k < extra else 0) for k in range(reporting)]
    for k in range(0, reporting - 1, 2):
        x = rng.randint(0, min(base - 12, 30))
        months[k] += x
        months[k + 1] -= x
    rng.shuffle(months)
    is_reserve = set(rng.sample(range(n), reserve))
    it = iter(months)
    counts = [0 if i in is_reserve else next(it) for i in range(n)]
    assert sum(counts) == a.reports

    out.write(".bail on\nPRAGMA foreign_keys = OFF;\nPRAGMA cache_size = -200000;\nPRAGMA temp_store = MEMORY;\n"
              "BEGIN IMMEDIATE;\n")
    for t in ["progress_photos", "progress_reports", "unit_month_totals", "problem_events", "problems",
              "project_plans", "saved_filters"]:
        out.write(f"DELETE FROM {t} WHERE tenant_id = 1;\n")
    out.write("UPDATE users SET enterprise_id = NULL WHERE tenant_id = 1 AND enterprise_id IS NOT NULL\n"
              "  AND enterprise_id NOT IN (SELECT id FROM enterprises WHERE tenant_id = 1);\n")
    out.write("DELETE FROM projects WHERE tenant_id = 1;\n")
    # new enterprises follow the demo's; their industry comes from a demo enterprise
    out.write("CREATE TEMP TABLE gen_base AS SELECT COALESCE(MAX(id), 0) AS e, COUNT(*) AS n,\n"
              "  (SELECT COUNT(*) FROM enterprises WHERE tenant_id = 1 AND industry_code IS NOT NULL) AS ni\n"
              "  FROM enterprises WHERE tenant_id = 1;\n")
    out.write("CREATE TEMP TABLE gen_industry AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, industry_code\n"
              "  FROM enterprises WHERE tenant_id = 1 AND industry_code IS NOT NULL;\n")
    out.write("CREATE TEMP TABLE gen_e (k INTEGER PRIMARY KEY, credit_code TEXT, name TEXT, ownership TEXT,\n"
              "  park TEXT, above_size INTEGER, leading_talent INTEGER, high_tech INTEGER);\n")
    v = Values(out, "INSERT INTO gen_e")
    codes, ownership = set(), []
    for k in range(1, a.enterprises + 1):
        code = credit_code(rng)
        while code in codes:
            code = credit_code(rng)
        codes.add(code)
        o = rng.randrange(100)
        own = "domestic" if o < 80 else "foreign" if o < 95 else "hmt"
        ownership.append(own)
        name = ("张家港" if own == "domestic" else "澄港") + rng.choice(HEADS) + rng.choice(TAILS) + \
            rng.choice(TRADES) + f"有限公司{k:05d}"
        park = rng.choice(PARKS) if rng.random() < 0.6 else None
        v.add(str(k), q(code), q(name), q(own), q(park), str(int(rng.random() < 0.4)),
              str(int(rng.random() < 0.05)), str(int(rng.random() < 0.2)))
    v.flush()
    # credit codes of the demo's enterprises are random too: drop a new one that happens to collide
    out.write("DELETE FROM gen_e WHERE credit_code IN (SELECT credit_code FROM enterprises WHERE tenant_id = 1);\n")
    out.write(f"""INSERT INTO enterprises (tenant_id, id, credit_code, name, industry_code, ownership, park_id,
  above_size, leading_talent, high_tech, created_at, updated_at)
SELECT 1, b.e + g.k, g.credit_code, g.name, i.industry_code, g.ownership, pk.id, g.above_size,
  g.leading_talent, g.high_tech, '{now}', '{now}'
FROM gen_e g CROSS JOIN gen_base b
LEFT JOIN gen_industry i ON i.k = g.k % b.ni
LEFT JOIN units pk ON pk.tenant_id = 1 AND pk.code = g.park;
""")

    # projects
    out.write("""CREATE TEMP TABLE gen_p (id INTEGER PRIMARY KEY, code TEXT, name TEXT, enterprise_k INTEGER,
  unit TEXT, carrier TEXT, category TEXT, source TEXT, tags TEXT, total_investment INTEGER,
  foreign_investment INTEGER, talent_tier TEXT, major_technology INTEGER, major_industrialisation INTEGER,
  major_market INTEGER, energy_use INTEGER, land_area INTEGER, annual_output INTEGER,
  pn TEXT, an TEXT, ps TEXT, "as" TEXT, pr TEXT, ar TEXT, pst TEXT, ast TEXT, pc TEXT, ac TEXT,
  pp TEXT, ap TEXT, pf TEXT, af TEXT, stage INTEGER, pool TEXT, size_class INTEGER, created_at TEXT);
CREATE TEMP TABLE gen_r (project_id INTEGER PRIMARY KEY, first INTEGER, months INTEGER, base INTEGER);
CREATE TEMP TABLE gen_plan (project_id INTEGER, year INTEGER, amount INTEGER);
""")
    vp = Values(out, "INSERT INTO gen_p")
    vr = Values(out, "INSERT INTO gen_r")
    vl = Values(out, "INSERT INTO gen_plan")
    problem_candidates = []
    for i in range(n):
        pid = i + 1
        c = counts[i]
        planned, actual, first, last = plan_project(i, c, rng, today, cur)
        stage = max(k for k in range(STEPS) if actual[k] is not None)
        cat_r = rng.randrange(100)
        cat = "industry" if cat_r < 65 else "infrastructure" if cat_r < 80 else "social" if cat_r < 90 else "tech_talent"
        has_ent = cat in ("industry", "tech_talent")
        ek = rng.randint(1, a.enterprises) if has_ent else None
        source = ownership[ek - 1] if has_ent else "domestic"
        if has_ent:
            name = f"年产{rng.randint(5, 99)}万套{rng.choice(PRODUCTS)}{rng.choice(KINDS)}"
        else:
            name = rng.choice(WORKS) + ("工程" if rng.random() < 0.5 else "项目")
        on_park = rng.random() < 0.55
        unit = rng.choice(PARKS) if on_park else rng.choice(TOWNS) if rng.random() < 0.8 else OFFICE
        carrier = unit if on_park else rng.choice(TOWNS)
        tags = [t for t, p in (("外资", source == "foreign"), ("沪苏对接", rng.random() < 0.2),
                               ("长三角合作", rng.random() < 0.1)) if p]
        total = investment(rng)
        tier, mt, mi, mm = "none", 0, 0, 0
        if cat == "tech_talent":
            tier = rng.choice(["national", "provincial", "municipal"])
            mt, mi, mm = int(rng.random() < 0.6), int(rng.random() < 0.4), int(rng.random() < 0.5)
        energy = rng.randint(500, 20500) if cat == "industry" else None
        output = total * rng.randint(10, 29) // 10 if cat == "industry" else None
        year = actual[0].year
        vp.add(str(pid), q(f"XM{year}-{pid:05d}"), q(name), "NULL" if ek is None else str(ek), q(unit), q(carrier),
               q(cat), q(source), q("|" + "|".join(tags) + "|" if tags else ""), str(total),
               str(total // 7 // 100 * 100 if source == "foreign" else 0), q(tier), str(mt), str(mi), str(mm),
               "NULL" if energy is None else str(energy), str(rng.randint(10000, 210000)),
               "NULL" if output is None else str(output),
               *[q(iso(d)) for k in range(STEPS) for d in (planned[k], actual[k])],
               str(stage), q(POOLS[stage]), str(size_class(total)), q(iso(actual[0]) + "T09:00:00Z"))
        if c == 0:
            if rng.random() < 0.5:  # a plan for the year it should start
                vl.add(str(pid), str(planned[3].year), str(total * 3 // 10 // 1_000_000 * 1_000_000))
            continue
        # reports: c months from `first`, 85% of the total spread evenly, by season and a hash
        monthly = total * 85 // 100 // c
        vr.add(str(pid), str(first), str(c), str(monthly))
        if rng.random() < 0.1:
            problem_candidates.append(pid)
        # plans: what each year should bring, this year's set against what is reported (see the docstring)
        by_year = {}
        for m in range(first, last + 1):
            by_year[m // 12] = by_year.get(m // 12, 0) + monthly * SEASON[m % 12] // 100
        y0 = min(by_year)
        y1 = max(max(by_year), (planned[4] or actual[4] or today).year)
        for y in range(y0, y1 + 1):
            got = by_year.get(y, 0)
            if y == today.year and got:
                r = rng.random()
                ratio = rng.uniform(0.9, 1.4) if r < 0.6 else rng.uniform(0.55, 0.78) if r < 0.85 else rng.uniform(0.1, 0.45)
                amount = int(got * 12 / (today.month * ratio))
            elif got:
                amount = int(got * rng.uniform(0.9, 1.2))
            else:
                amount = total * 2 // 10
            vl.add(str(pid), str(y), str(amount // 1_000_000 * 1_000_000))
    vp.flush()
    vr.flush()
    vl.flush()
    out.write(f"""INSERT INTO projects (tenant_id, id, code, name, enterprise_id, unit_id, carrier_id, industry_code,
  category, source, tags, total_investment, foreign_investment, talent_tier, major_technology,
  major_industrialisation, major_market, energy_use, land_area, annual_output, description,
  planned_negotiating, actual_negotiating, planned_signed, actual_signed, planned_registered, actual_registered,
  planned_started, actual_started, planned_completed, actual_completed, planned_production, actual_production,
  planned_full_capacity, actual_full_capacity, stage, pool, size_class, invested_total, warning, warning_reasons,
  created_at, updated_at)
SELECT 1, g.id, g.code, g.name, b.e + g.enterprise_k, u.id, c.id, e.industry_code, g.category, g.source, g.tags,
  g.total_investment, g.foreign_investment, g.talent_tier, g.major_technology, g.major_industrialisation,
  g.major_market, g.energy_use, g.land_area, g.annual_output, '', g.pn, g.an, g.ps, g."as", g.pr, g.ar, g.pst,
  g.ast, g.pc, g.ac, g.pp, g.ap, g.pf, g.af, g.stage, g.pool, g.size_class, 0, 'green', '[]', g.created_at, '{now}'
FROM gen_p g CROSS JOIN gen_base b
JOIN units u ON u.tenant_id = 1 AND u.code = g.unit
JOIN units c ON c.tenant_id = 1 AND c.code = g.carrier
LEFT JOIN enterprises e ON e.tenant_id = 1 AND e.id = b.e + g.enterprise_k;
INSERT INTO project_plans (tenant_id, project_id, year, amount) SELECT 1, project_id, year, amount FROM gen_plan;
""")
    # the reports, made here: month k of a project is first + k
    months_seen = range(min(month_index(today) - 200, cur - 130), cur + 1)
    out.write("CREATE TEMP TABLE gen_month (idx INTEGER PRIMARY KEY, month TEXT, season INTEGER);\n")
    vm = Values(out, "INSERT INTO gen_month")
    for m in months_seen:
        vm.add(str(m), q(month_text(m)), str(SEASON[m % 12]))
    vm.flush()
    out.write("CREATE TEMP TABLE gen_k (k INTEGER PRIMARY KEY);\n"
              "WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < 199) INSERT INTO gen_k SELECT k FROM s;\n"
              "CREATE TEMP TABLE gen_text (k INTEGER PRIMARY KEY, t TEXT);\n")
    vt = Values(out, "INSERT INTO gen_text")
    for k, t in enumerate(PROGRESS):
        vt.add(str(k), q(t))
    vt.flush()
    out.write(f"""INSERT INTO progress_reports (tenant_id, project_id, month, amount, cumulative, year_to_date, progress,
  reporter_id, reporter_name, created_at, updated_at)
SELECT 1, project_id, month, amount,
  SUM(amount) OVER (PARTITION BY project_id ORDER BY month),
  SUM(amount) OVER (PARTITION BY project_id, substr(month, 1, 4) ORDER BY month),
  t.t, NULL, 'bench', x.stamp, x.stamp
FROM (SELECT r.project_id, m.month, m.month || '-25T08:00:00Z' AS stamp,
        r.base * m.season / 100 * (90 + (r.project_id * 7919 + k.k * 104729) % 21) / 100 / 100000 * 100000 AS amount,
        (r.project_id + k.k) % {len(PROGRESS)} AS tk
      FROM gen_r r JOIN gen_k k ON k.k < r.months JOIN gen_month m ON m.idx = r.first + k.k) x
JOIN gen_text t ON t.k = x.tk
ORDER BY project_id, month;
UPDATE projects SET invested_total = COALESCE((SELECT r.cumulative FROM progress_reports r
  WHERE r.tenant_id = 1 AND r.project_id = projects.id ORDER BY r.month DESC LIMIT 1), 0) WHERE tenant_id = 1;
INSERT INTO unit_month_totals (tenant_id, unit_id, month, amount)
SELECT r.tenant_id, p.unit_id, r.month, SUM(r.amount) FROM progress_reports r
JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id
WHERE r.tenant_id = 1 GROUP BY r.tenant_id, p.unit_id, r.month;
""")

    # problems in every state, a tenth of them overdue (which turns a light red or yellow)
    vq = Values(out, "INSERT INTO problems (tenant_id, id, project_id, title, description, state, unit_id, deadline,"
                     " escalated, raised_by, raised_by_name, created_at, updated_at, closed_at)")
    vev = Values(out, "INSERT INTO problem_events (tenant_id, id, problem_id, at, user_id, username, action,"
                      " state_from, state_to, comment)")
    dept = {d: f"(SELECT id FROM units WHERE tenant_id = 1 AND code = '{d}')" for d in DEPARTMENTS}
    ev = 0
    for pid_k in range(1, min(a.problems, max(1, len(problem_candidates) * 3)) + 1):
        pid = rng.choice(problem_candidates)
        fate = rng.randrange(100)
        overdue = 30 <= fate < 40 or 55 <= fate < 65
        steps = 0 if fate < 15 else 1 if fate < 40 else 2 if fate < 65 else 3 if fate < 80 else 4
        state = ["open", "open", "accepted", "resolved", "confirmed"][steps]
        raised = today - dt.timedelta(days=rng.randint(5, 200))
        at = raised.isoformat() + "T10:00:00Z"
        unit = rng.choice(DEPARTMENTS) if steps else None
        deadline = None
        if steps:
            deadline = today - dt.timedelta(days=rng.randint(5, 65)) if overdue else today + dt.timedelta(days=rng.randint(10, 40))
        escalated = int(overdue and rng.random() < 0.5)
        closed = at if steps >= 3 else None
        vq.add("1", str(pid_k), str(pid), q(rng.choice(PROBLEMS)), q("请相关部门协调解决。"), q(state),
               dept[unit] if unit else "NULL", q(iso(deadline)), str(escalated), "NULL", q("bench"), q(at), q(at), q(closed))
        chain = [("raise", None, "open"), ("assign", "open", "open"), ("accept", "open", "accepted"),
                 ("resolve", "accepted", "resolved"), ("confirm", "resolved", "confirmed")][: steps + 1]
        if escalated:
            chain.append(("escalate", state, state))
        for act, sfrom, sto in chain:
            ev += 1
            vev.add("1", str(ev), str(pid_k), q(at), "NULL", q("bench"), q(act), q(sfrom), q(sto),
                    q("逾期未办结，列入督办" if act == "escalate" else ""))
    vq.flush()
    vev.flush()
    out.write(f"""INSERT INTO id_sequences (tenant_id, name, next_id) VALUES
  (1, 'projects', {n + 1}), (1, 'problems', {a.problems + 1}), (1, 'problem_events', {ev + 1}),
  (1, 'enterprises', (SELECT MAX(id) + 1 FROM enterprises WHERE tenant_id = 1))
  ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = excluded.next_id;
UPDATE users SET enterprise_id = (SELECT MIN(enterprise_id) FROM projects WHERE tenant_id = 1)
  WHERE tenant_id = 1 AND role = 'enterprise';
COMMIT;
PRAGMA foreign_keys = ON;
PRAGMA foreign_key_check;
""")


if __name__ == "__main__":
    main()
