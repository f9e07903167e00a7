// Benchmarking against the strongest 对标赶超 (docs/api-contract.md, "Benchmarking against the
// strongest"; the rules in docs/benchmarking.md): the built-in catalogue, cities and values through
// the API, the comparison table worked by hand (ranks with a tie, gaps, growth over a zero base,
// CAGR over missing years, shares), the series, the radar, the catch-up projection (passes in a
// year, beyond the horizon, not at current rates, no data), goals with their status and history,
// their split among units and the targets sent into an appraisal scheme; imports in both
// yearbook layouts (all or nothing, every bad cell listed), the .xlsx exports read back with
// openpyxl; who may do what; bad input refused with the field named and nothing changed.
//
// The data (地区生产总值, 亿元):
//   本市 2020 1000, 2023 1200, 2024 1300 (no 2021, 2022)
//   甲市 2020 1600, 2023 1900, 2024 2000
//   乙市 2020 1300, 2023 1250, 2024 1300 (equal to 本市 in 2024)
//   丙市 2023 0, 2024 900
//   丁市 nothing

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, addUser } from './server.mjs';

const B = '/api/v1/benchmark';
const PASSWORD = 'a-long-enough-password';
const work = mkdtempSync(join(tmpdir(), 'pacesetter-benchmark-'));
let srv;
let ind; // code -> indicator
const city = {}; // name -> city
const as = {}; // role -> client
const round6 = (x) => Math.round(x * 1e6) / 1e6;

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 800)}`);
  return r.json;
}
const put = (c, path, json) => c.request('PUT', path, { json });

function python(code, args = [], input = undefined) {
  const r = spawnSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8', input, timeout: 60000 });
  if (r.status !== 0) throw new Error(`python3: ${r.stderr}`);
  return r.stdout;
}
/** Every sheet of an .xlsx as openpyxl reads it: rows of values and each cell's bold. */
function readXlsx(bytes) {
  const file = join(work, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const out = JSON.parse(python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {'sheets': wb.sheetnames, 'data': {}}
for ws in wb.worksheets:
    out['data'][ws.title] = {'rows': [[c.value for c in row] for row in ws.iter_rows()],
                             'bold': [[bool(c.font and c.font.b) for c in row] for row in ws.iter_rows()]}
print(json.dumps(out, ensure_ascii=False, default=str))
`, [file]));
  rmSync(file);
  return out;
}
function multipart(data, filename, type = 'application/octet-stream') {
  const boundary = `----pacesetter${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(data) ? data : Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c, query, data, name = 'values.csv') => {
  const m = multipart(data, name);
  return c.request('POST', `${B}/values/import?${query}`, { body: m.body, headers: m.headers });
};
/** Every stored value of the tenant, as "city|indicator|year|quarter|value". */
async function allValues() {
  const r = await ok(await srv.get(`${B}/values?limit=10000`));
  return r.items.map((v) => `${v.city_id}|${v.indicator_id}|${v.year}|${v.quarter}|${v.value}`).sort();
}

const GDP = [
  ['本市', { 2020: 1000, 2023: 1200, 2024: 1300 }],
  ['甲市', { 2020: 1600, 2023: 1900, 2024: 2000 }],
  ['乙市', { 2020: 1300, 2023: 1250, 2024: 1300 }],
  ['丙市', { 2023: 0, 2024: 900 }],
  ['丁市', {}],
];

before(async () => {
  srv = await startServer({ data: 'empty' });
  for (const [username, role] of [['bm_office', 'appraisal_office'], ['bm_project', 'project_office'], ['bm_leader', 'leader'],
    ['bm_enterprise', 'enterprise']]) {
    addUser(srv.db, username, role, PASSWORD);
    as[role] = await srv.login(username, PASSWORD);
  }
  ind = Object.fromEntries((await ok(await srv.get(`${B}/indicators`))).items.map((x) => [x.code, x]));
  await ok(await srv.post(`${B}/cities`, { name: '本市', division_code: '320500', is_self: true }), 201).then((c) => { city['本市'] = c; });
  for (const name of ['甲市', '乙市', '丙市', '丁市']) city[name] = await ok(await srv.post(`${B}/cities`, { name }), 201);
  const values = [];
  for (const [name, years] of GDP) {
    for (const [year, value] of Object.entries(years)) values.push({ indicator_id: ind.gdp.id, city_id: city[name].id, year: Number(year), value, source: '统计年鉴' });
  }
  values.push({ indicator_id: ind.energy_intensity.id, city_id: city['本市'].id, year: 2024, value: '0.5' });
  values.push({ indicator_id: ind.energy_intensity.id, city_id: city['甲市'].id, year: 2024, value: '0.4' });
  for (const [name, year, value] of [['本市', 2023, 100], ['本市', 2024, 105], ['甲市', 2023, 200], ['甲市', 2024, 220]]) {
    values.push({ indicator_id: ind.budget_revenue.id, city_id: city[name].id, year, value });
  }
  values.push({ indicator_id: ind.rd_share.id, city_id: city['本市'].id, year: 2024, value: '2.8' });
  values.push({ indicator_id: ind.rd_share.id, city_id: city['甲市'].id, year: 2024, value: '3.4' });
  const w = await ok(await put(srv, `${B}/values`, { values }));
  assert.equal(w.written, values.length);
});

after(async () => {
  await stopAndCheck(srv);
  rmSync(work, { recursive: true, force: true });
});

describe('the catalogue and the cities', () => {
  test('a new tenant has the twelve built-in indicators, with unit, direction and kind', () => {
    for (const code of ['gdp', 'budget_revenue', 'industrial_output', 'trade', 'fdi', 'retail', 'fixed_investment',
      'urban_income', 'rural_income', 'rd_share', 'hightech_share', 'energy_intensity']) {
      assert.ok(ind[code], code);
      assert.equal(ind[code].builtin, true, code);
    }
    assert.equal(ind.gdp.name, '地区生产总值');
    assert.equal(ind.gdp.unit, '亿元');
    assert.equal(ind.gdp.kind, 'flow');
    assert.equal(ind.energy_intensity.direction, 'lower');
    assert.equal(ind.rd_share.kind, 'ratio');
  });

  test('the tenant adds its own indicator; a code or name it has is refused; a built-in keeps its definition', async () => {
    const own = await ok(await srv.post(`${B}/indicators`, { code: 'patents', name: '万人发明专利拥有量', unit: '件', direction: 'higher', kind: 'ratio', decimals: 1 }), 201);
    assert.equal(own.builtin, false);
    assert.equal(own.decimals, 1);
    assertError(await srv.post(`${B}/indicators`, { code: 'patents', name: '另一个', unit: '件', direction: 'higher', kind: 'ratio' }), 409, 'duplicate', 'code');
    assertError(await srv.post(`${B}/indicators`, { code: 'other', name: '地区生产总值', unit: '亿元', direction: 'higher', kind: 'flow' }), 409, 'duplicate', 'name');
    assertError(await srv.post(`${B}/indicators`, { code: 'Bad-Code', name: '坏代码', unit: '件', direction: 'higher', kind: 'flow' }), 422, 'invalid_value', 'code');
    assertError(await srv.post(`${B}/indicators`, { code: 'x1', name: '方向', unit: '件', direction: 'up', kind: 'flow' }), 422, 'invalid_value', 'direction');
    assertError(await srv.post(`${B}/indicators`, { code: 'x2', name: '种类', unit: '件', direction: 'higher', kind: 'level' }), 422, 'invalid_value', 'kind');
    assertError(await srv.post(`${B}/indicators`, { code: 'x3', name: '缺方向', unit: '件', kind: 'flow' }), 422, 'missing_field', 'direction');
    assertError(await srv.patch(`${B}/indicators/${ind.gdp.id}`, { direction: 'lower' }), 422, 'invalid_value', 'direction');
    const renamed = await ok(await srv.patch(`${B}/indicators/${ind.gdp.id}`, { note: '按当年价格' }));
    assert.equal(renamed.note, '按当年价格');
    assert.equal(renamed.direction, 'higher');
    assertError(await srv.del(`${B}/indicators/${ind.gdp.id}`), 409, 'invalid_state');
    assert.equal((await srv.del(`${B}/indicators/${own.id}`)).status, 204);
    assert.ok(!(await ok(await srv.get(`${B}/indicators`))).items.some((x) => x.code === 'patents'));
  });

  test('cities: this city first; one is_self; a bad or repeated division code refused', async () => {
    const list = (await ok(await srv.get(`${B}/cities`))).items;
    assert.equal(list[0].name, '本市');
    assert.equal(list[0].is_self, true);
    assert.equal(list.filter((c) => c.is_self).length, 1);
    assertError(await srv.post(`${B}/cities`, { name: '戊市', is_self: true }), 409, 'duplicate', 'is_self');
    assertError(await srv.post(`${B}/cities`, { name: '己市', division_code: '999999' }), 422, 'invalid_value', 'division_code');
    assertError(await srv.post(`${B}/cities`, { name: '庚市', division_code: '320500' }), 409, 'duplicate', 'division_code');
    assertError(await srv.post(`${B}/cities`, { name: '甲市' }), 409, 'duplicate', 'name');
    assertError(await srv.post(`${B}/cities`, { name: '  ' }), 422, 'invalid_value', 'name');
  });
});

describe('values', () => {
  test('a batch with one bad item is refused whole, the item named', async () => {
    const before = await allValues();
    const good = { indicator_id: ind.gdp.id, city_id: city['丁市'].id, year: 2024, value: 10 };
    assertError(await put(srv, `${B}/values`, { values: [good, { ...good, year: 1800 }] }), 422, 'invalid_value', 'values[1].year');
    assertError(await put(srv, `${B}/values`, { values: [good, { ...good, quarter: 5 }] }), 422, 'invalid_value', 'values[1].quarter');
    assertError(await put(srv, `${B}/values`, { values: [good, { ...good, value: '1.1234567' }] }), 422, 'invalid_value', 'values[1].value');
    assertError(await put(srv, `${B}/values`, { values: [good, { ...good, city_id: 999999 }] }), 422, 'invalid_value', 'values[1].city_id');
    assertError(await put(srv, `${B}/values`, { values: [good, { ...good, indicator_id: 999999 }] }), 422, 'invalid_value', 'values[1].indicator_id');
    assertError(await put(srv, `${B}/values`, { values: [{ ...good, value: undefined }] }), 422, 'missing_field', 'values[0].value');
    assertError(await put(srv, `${B}/values`, { values: [{ ...good, extra: 1 }] }), 422, 'unknown_field');
    assert.deepEqual(await allValues(), before, 'nothing was written');
  });

  test('null deletes a value; the list filters by indicator, city and years', async () => {
    const v = { indicator_id: ind.gdp.id, city_id: city['丁市'].id, year: 2019, value: 5, note: '临时' };
    await ok(await put(srv, `${B}/values`, { values: [v] }));
    let got = (await ok(await srv.get(`${B}/values?indicator_id=${ind.gdp.id}&city_id=${city['丁市'].id}`))).items;
    assert.deepEqual(got.map((x) => [x.year, x.value, x.note]), [[2019, 5, '临时']]);
    await ok(await put(srv, `${B}/values`, { values: [{ ...v, value: null }] }));
    got = (await ok(await srv.get(`${B}/values?indicator_id=${ind.gdp.id}&city_id=${city['丁市'].id}`))).items;
    assert.deepEqual(got, []);
    const ranged = (await ok(await srv.get(`${B}/values?indicator_id=${ind.gdp.id}&from=2023&to=2023`))).items;
    assert.deepEqual(ranged.map((x) => x.value).sort((a, b) => a - b), [0, 1200, 1250, 1900]);
  });
});

describe('the comparison table', () => {
  let table;
  const row = (name) => table.items.find((x) => x.name === name);
  before(async () => {
    table = await ok(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&years=4`));
  });

  test('ranks with a tie sharing the best rank; no value ranked last, without a rank', () => {
    assert.deepEqual(table.items.map((x) => [x.name, x.rank]), [['甲市', 1], ['本市', 2], ['乙市', 2], ['丙市', 4], ['丁市', null]]);
    assert.equal(table.ranked, 4);
    assert.equal(table.self_city_id, city['本市'].id);
    assert.equal(row('本市').is_self, true);
  });

  test('gaps to the first and to the one just above, absolute and as a share of theirs', () => {
    assert.equal(row('本市').gap_first.value, 700);
    assert.equal(row('本市').gap_first_pct.value, 0.35);
    assert.equal(row('本市').gap_above.value, 700);
    assert.equal(row('丙市').gap_first.value, 1100);
    assert.equal(row('丙市').gap_above.value, 400);
    assert.equal(row('丙市').gap_above_pct.value, round6(400 / 1300));
    assert.equal(row('甲市').gap_first.value, 0);
    assert.equal(row('丁市').gap_first.status, 'missing');
    for (const f of ['gap_first', 'gap_above', 'growth', 'cagr', 'share']) assert.ok(row('本市')[f].formula.length > 0, f);
  });

  test('growth over the year before; a zero base is said, never divided', () => {
    assert.equal(row('本市').growth.value, round6(1300 / 1200 - 1));
    assert.equal(row('本市').change.value, 100);
    assert.equal(row('丙市').growth.status, 'zero_base');
    assert.equal(row('丙市').growth.value, null);
    assert.equal(row('丁市').growth.status, 'missing');
  });

  test('CAGR over the span from its first year, which must have a value (the years between may not)', () => {
    assert.equal(row('本市').cagr.value, round6(1.3 ** 0.25 - 1));
    assert.equal(row('乙市').cagr.value, 0);
    assert.equal(row('丙市').cagr.status, 'missing');
    assert.match(row('丙市').cagr.formula, /2020/);
  });

  test('share of the group total; a ratio indicator has none', async () => {
    assert.equal(table.total.value, 5500);
    assert.equal(row('本市').share.value, round6(1300 / 5500));
    const rd = await ok(await srv.get(`${B}/compare?indicator_id=${ind.rd_share.id}&year=2024`));
    assert.ok(rd.items.every((x) => x.share.status === 'not_applicable'));
  });

  test('lower is better: the lowest ranks first', async () => {
    const t = await ok(await srv.get(`${B}/compare?indicator_id=${ind.energy_intensity.id}&year=2024&cities=${city['甲市'].id}`));
    assert.deepEqual(t.items.filter((x) => x.rank).map((x) => [x.name, x.rank]), [['甲市', 1], ['本市', 2]]);
    assert.equal(t.items.find((x) => x.name === '本市').gap_first.value, 0.1);
  });

  test('chosen peers: this city is always in the table', async () => {
    const t = await ok(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&cities=${city['乙市'].id},${city['丙市'].id}`));
    assert.deepEqual(t.items.map((x) => x.name).sort(), ['丙市', '乙市', '本市'].sort());
  });

  test('the table as .xlsx: the title, the rows in rank order with numbers, this city in bold', async () => {
    const r = await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&years=4&format=xlsx`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /spreadsheetml/);
    const x = readXlsx(r.bytes);
    const sheet = x.data[x.sheets[0]];
    const header = sheet.rows.findIndex((cells) => cells[0] === '排名');
    assert.ok(header >= 0, JSON.stringify(sheet.rows.slice(0, 4)));
    const rows = sheet.rows.slice(header + 1);
    assert.deepEqual(rows.map((cells) => cells[1]), ['甲市', '本市', '乙市', '丙市', '丁市']);
    assert.equal(rows[1][2], 1300);
    assert.equal(sheet.bold[header + 2][1], true, 'this city in bold');
    assert.equal(sheet.bold[header + 1][1], false);
  });

  test('bad queries: the parameter named', async () => {
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}`), 400, 'bad_query', 'year');
    assertError(await srv.get(`${B}/compare?year=2024`), 400, 'bad_query', 'indicator_id');
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&years=0`), 400, 'bad_query', 'years');
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&cities=1,1`), 400, 'bad_query', 'cities');
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&cities=a`), 400, 'bad_query', 'cities');
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&format=pdf`), 400, 'bad_query', 'format');
    assertError(await srv.get(`${B}/compare?indicator_id=${ind.gdp.id}&year=2024&colour=red`), 400, 'bad_query');
    assertError(await srv.get(`${B}/compare?indicator_id=999999&year=2024`), 404, 'not_found');
  });
});

describe('series, radar, projection', () => {
  test('the series: a value or null per year, growth beside it', async () => {
    const s = await ok(await srv.get(`${B}/series?indicator_id=${ind.gdp.id}&from=2020&to=2024`));
    assert.deepEqual(s.years, [2020, 2021, 2022, 2023, 2024]);
    const self = s.items.find((x) => x.is_self);
    assert.deepEqual(self.values, [1000, null, null, 1200, 1300]);
    assert.equal(self.growth[4].value, round6(1300 / 1200 - 1));
    assert.equal(self.growth[3].status, 'missing');
    assertError(await srv.get(`${B}/series?indicator_id=${ind.gdp.id}&from=2024&to=2020`), 400, 'bad_query', 'from');
  });

  test('the radar: 100 × value / the best, or best / value when lower is better', async () => {
    const r = await ok(await srv.get(`${B}/radar?indicators=${ind.gdp.id},${ind.energy_intensity.id}&year=2024&cities=${city['甲市'].id}`));
    const self = r.items.find((x) => x.is_self), first = r.items.find((x) => x.name === '甲市');
    assert.deepEqual(r.indicators.map((x) => x.code), ['gdp', 'energy_intensity']);
    assert.equal(self.scores[0].value, 65);
    assert.equal(self.scores[1].value, 80);
    assert.equal(first.scores[0].value, 100);
    assert.equal(first.scores[1].value, 100);
  });

  test('the projection: passes in a year, already equal is not ahead, no data said, not at current rates', async () => {
    const p = await ok(await srv.get(`${B}/projection?indicator_id=${ind.gdp.id}&year=2024&years=4&by=2030`));
    const selfRate = round6(1.3 ** 0.25 - 1), aRate = round6((2000 / 1600) ** 0.25 - 1);
    assert.equal(p.self.cagr.value, selfRate);
    const a = p.items.find((x) => x.name === '甲市');
    assert.equal(a.cagr.value, aRate);
    const t = Math.floor(Math.log(2000 / 1300) / Math.log((1 + selfRate) / (1 + aRate))) + 1;
    assert.equal(a.pass, 'year', JSON.stringify(a));
    assert.equal(a.pass_year, 2024 + t);
    assert.ok(a.formula.length > 0);
    assert.equal(a.required_rate.value, round6(((2000 * (1 + aRate) ** 6) / 1300) ** (1 / 6) - 1));
    const b = p.items.find((x) => x.name === '乙市');
    assert.deepEqual([b.pass, b.pass_year], ['year', 2025], JSON.stringify(b));
    const c = p.items.find((x) => x.name === '丙市');
    assert.equal(c.status, 'missing');
    assert.equal(p.items.find((x) => x.name === '丁市').status, 'missing');
    const near = await ok(await srv.get(`${B}/projection?indicator_id=${ind.gdp.id}&year=2024&years=4&horizon=20`));
    assert.equal(near.items.find((x) => x.name === '甲市').pass, 'beyond');
    // 一般公共预算收入: 本市 100 → 105 (5 %), 甲市 200 → 220 (10 %): behind and slower, never
    const never = await ok(await srv.get(`${B}/projection?indicator_id=${ind.budget_revenue.id}&year=2024&years=1&peers=${city['甲市'].id}`));
    assert.deepEqual([never.items[0].pass, never.items[0].pass_year], ['never', null]);
    assert.match(never.items[0].formula, /无法|never/);
    assertError(await srv.get(`${B}/projection?indicator_id=${ind.gdp.id}&year=2024&by=2024`), 400, 'bad_query', 'by');
  });
});

describe('goals, their split and the appraisal', () => {
  let valueGoal, peerGoal, towns;
  before(async () => {
    towns = [];
    for (const [code, name] of [['BMT-1', '对标一镇'], ['BMT-2', '对标二镇']]) {
      towns.push(await ok(await srv.post('/api/v1/units', { code, name, kind: 'town' }), 201));
    }
    valueGoal = await ok(await srv.post(`${B}/goals`, { name: '到2026年地区生产总值达到1500亿元', indicator_id: ind.gdp.id, year: 2026, base_year: 2020, target_value: 1500, cagr_years: 4 }), 201);
    peerGoal = await ok(await srv.post(`${B}/goals`, { name: '到2026年地区生产总值超过乙市', indicator_id: ind.gdp.id, year: 2026, base_year: 2020, peer_city_id: city['乙市'].id, cagr_years: 4 }), 201);
  });

  test('a value goal: behind when the actual rate is below the required one', () => {
    const s = valueGoal.status;
    assert.equal(s.year, 2024);
    assert.equal(s.value, 1300);
    assert.equal(s.target, 1500);
    assert.equal(s.required_rate.value, round6((1500 / 1300) ** 0.5 - 1));
    assert.equal(s.actual_rate.value, round6(1.3 ** 0.25 - 1));
    assert.equal(s.state, 'behind');
    assert.ok(s.formula.includes('2024'));
  });

  test('a peer goal: equal to the peer is not passing it, and on track when growing faster', () => {
    const s = peerGoal.status;
    assert.equal(s.target, 1300); // 乙市 grew 0 % a year: 1300 in 2026
    assert.equal(s.state, 'on_track');
    assert.equal(peerGoal.peer_name, '乙市');
  });

  test('the history: a year without the CAGR\'s first year is unknown, not 0', async () => {
    const h = await ok(await srv.get(`${B}/goals/${valueGoal.id}/history`));
    assert.deepEqual(h.items.map((x) => [x.year, x.state]), [[2020, 'unknown'], [2023, 'unknown'], [2024, 'behind']]);
    assert.equal(h.items[0].actual_rate.status, 'missing');
  });

  test('bad goals refused', async () => {
    const g = { name: '坏目标', indicator_id: ind.gdp.id, year: 2026, base_year: 2020, target_value: 1 };
    assertError(await srv.post(`${B}/goals`, { ...g, base_year: 2026 }), 422, 'invalid_value', 'base_year');
    assertError(await srv.post(`${B}/goals`, { ...g, peer_city_id: city['甲市'].id }), 422, 'invalid_value');
    assertError(await srv.post(`${B}/goals`, { ...g, target_value: undefined }), 422, 'missing_field', 'target_value');
    assertError(await srv.post(`${B}/goals`, { ...g, target_value: undefined, peer_city_id: city['本市'].id }), 422, 'invalid_value', 'peer_city_id');
    assertError(await srv.post(`${B}/goals`, { ...g, indicator_id: 999999 }), 422, 'invalid_value', 'indicator_id');
    assertError(await srv.post(`${B}/goals`, { ...g, name: valueGoal.name }), 409, 'duplicate', 'name');
    assertError(await srv.post(`${B}/goals`, { ...g, cagr_years: 0 }), 422, 'invalid_value', 'cagr_years');
    assertError(await srv.del(`${B}/cities/${city['乙市'].id}`), 409, 'in_use');
  });

  test('the split: shares adding up to 1, weights normalised, same for each; the parts add up exactly', async () => {
    const path = `${B}/goals/${valueGoal.id}/units`;
    let g = await ok(await put(srv, path, { split: 'shares', units: [{ unit_id: towns[0].id, weight: '0.6' }, { unit_id: towns[1].id, weight: '0.4' }] }));
    assert.deepEqual(g.units.map((u) => u.target), [900, 600]);
    g = await ok(await put(srv, path, { split: 'weights', units: [{ unit_id: towns[0].id, weight: 1 }, { unit_id: towns[1].id, weight: 2 }] }));
    assert.deepEqual(g.units.map((u) => u.target), [500, 1000]);
    g = await ok(await put(srv, path, { split: 'weights', units: [{ unit_id: towns[0].id, weight: 1 }, { unit_id: towns[1].id, weight: 1 }, { unit_id: (await ok(await srv.post('/api/v1/units', { code: 'BMT-3', name: '对标三镇', kind: 'town' }), 201)).id, weight: 1 }] }));
    assert.equal(g.units.reduce((s, u) => Math.round((s + u.target) * 100) / 100, 0), 1500, 'thirds of 1500 to the 0.01 add up to 1500');
    assertError(await put(srv, path, { split: 'shares', units: [{ unit_id: towns[0].id, weight: '0.6' }, { unit_id: towns[1].id, weight: '0.3' }] }), 422, 'invalid_value', 'units');
    assertError(await put(srv, path, { split: 'weights', units: [{ unit_id: towns[0].id, weight: 1 }, { unit_id: towns[0].id, weight: 1 }] }), 409, 'duplicate', 'units[1].unit_id');
    assertError(await put(srv, path, { split: 'thirds', units: [] }), 422, 'invalid_value', 'split');
    g = await ok(await put(srv, path, { split: 'shares', units: [{ unit_id: towns[0].id, weight: '0.6' }, { unit_id: towns[1].id, weight: '0.4' }] }));
    assert.deepEqual(g.units.map((u) => [u.unit_name, u.target]), [['对标一镇', 900], ['对标二镇', 600]]);
    const rd = await ok(await srv.post(`${B}/goals`, { name: 'R&D 占比达到 3%', indicator_id: ind.rd_share.id, year: 2026, base_year: 2020, target_value: 3 }), 201);
    assertError(await put(srv, `${B}/goals/${rd.id}/units`, { split: 'shares', units: [{ unit_id: towns[0].id, weight: 1 }] }), 422, 'invalid_value');
    const same = await ok(await put(srv, `${B}/goals/${rd.id}/units`, { split: 'same', units: [{ unit_id: towns[0].id }] }));
    assert.deepEqual(same.units.map((u) => u.target), [3]);
  });

  test('sent into an appraisal scheme: the units\' targets become the leaf\'s targets; an accepted subject is skipped', async () => {
    const kinds = (await ok(await srv.get('/api/v1/appraisal/kinds'))).items;
    const S = '/api/v1/appraisal/schemes';
    const sc = await ok(await srv.post(S, { year: 2026, kind_id: kinds[0].id, name: '对标目标下达测试', subject_type: 'unit' }), 201);
    const st = await ok(await put(srv, `${S}/${sc.id}/structure`, { groups: [{ name: '镇组' }], subjects: [{ group: 0, unit_id: towns[0].id }, { group: 0, unit_id: towns[1].id }],
      indicators: [{ name: '地区生产总值', kind: 'leaf', full_marks: 20, method: 'ratio' }], grades: [{ name: '合格' }] }));
    const leaf = st.indicators[0].id;
    const subjectOf = (unit) => st.subjects.find((s) => s.unit_id === unit.id).id;
    await ok(await srv.post(`${S}/${sc.id}/open`, {}));
    await ok(await put(srv, `${S}/${sc.id}/subjects/${subjectOf(towns[0])}/data`, { values: [{ indicator_id: leaf, actual: 950 }], items: [] }));
    assertError(await as.project_office.post(`${B}/goals/${valueGoal.id}/send`, { scheme_id: sc.id, indicator_id: leaf }), 403, 'forbidden');
    const sent = await ok(await as.appraisal_office.post(`${B}/goals/${valueGoal.id}/send`, { scheme_id: sc.id, indicator_id: leaf }));
    assert.deepEqual(sent, { sent: 2, skipped: [] }, JSON.stringify(sent));
    const d0 = await ok(await srv.get(`${S}/${sc.id}/subjects/${subjectOf(towns[0])}/data`));
    assert.deepEqual(d0.values.map((v) => [v.target, v.actual]), [[900, 950]], 'the target set, the actual kept');
    await ok(await srv.post(`${S}/${sc.id}/subjects/${subjectOf(towns[1])}/submit`, {}));
    await ok(await srv.post(`${S}/${sc.id}/subjects/${subjectOf(towns[1])}/accept`, {}));
    const again = await ok(await srv.post(`${B}/goals/${valueGoal.id}/send`, { scheme_id: sc.id, indicator_id: leaf }));
    assert.deepEqual(again, { sent: 1, skipped: [towns[1].id] });
    assertError(await srv.post(`${B}/goals/${valueGoal.id}/send`, { scheme_id: sc.id }), 422, 'missing_field', 'indicator_id');
  });

  test('a scoped reader sees only its own units of a goal', async () => {
    addUser(srv.db, 'bm_reporter', 'unit_reporter', PASSWORD, ['--unit', 'BMT-1']);
    const reporter = await srv.login('bm_reporter', PASSWORD);
    const g = await ok(await reporter.get(`${B}/goals/${valueGoal.id}`));
    assert.deepEqual(g.units.map((u) => u.unit_name), ['对标一镇']);
    const list = await ok(await reporter.get(`${B}/goals`));
    assert.deepEqual(list.items.find((x) => x.id === valueGoal.id).units.map((u) => u.unit_name), ['对标一镇']);
  });

  test('the goals as .xlsx', async () => {
    const r = await srv.get(`${B}/goals/export`);
    assert.equal(r.status, 200, r.text);
    const x = readXlsx(r.bytes);
    const rows = x.data[x.sheets[0]].rows;
    assert.ok(rows.some((cells) => cells[0] === valueGoal.name && cells.includes('滞后')), JSON.stringify(rows));
  });
});

describe('imports in the two yearbook layouts', () => {
  test('long: a row per city-year; a bad file lists every bad cell and writes nothing', async () => {
    const before = await allValues();
    const bad = '城市,指标,年份,数值\n甲市,地区生产总值,2021,1700\n无名市,地区生产总值,2021,1\n乙市,无名指标,2021,1\n乙市,地区生产总值,20x1,1\n乙市,地区生产总值,2022,abc\n';
    const r = await upload(srv, 'layout=long', bad);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'invalid_rows');
    assert.deepEqual(r.json.error.cells.map((c) => c.row), [3, 4, 5, 6]);
    for (const c of r.json.error.cells) assert.ok(c.reason_zh && c.reason_en && c.column, JSON.stringify(c));
    assert.deepEqual(await allValues(), before);
    const good = '城市,指标,年份,数值,来源\n甲市,地区生产总值,2021,1700,年鉴\n乙市,gdp,2021,"1,280.5",年鉴\n';
    const dry = await ok(await upload(srv, 'layout=long&dry_run=true', good));
    assert.deepEqual([dry.dry_run, dry.rows, dry.written], [true, 2, 0]);
    assert.deepEqual(await allValues(), before);
    const done = await ok(await upload(srv, 'layout=long', good));
    assert.equal(done.written, 2);
    const b = (await ok(await srv.get(`${B}/values?indicator_id=${ind.gdp.id}&city_id=${city['乙市'].id}&from=2021&to=2021`))).items;
    assert.deepEqual(b.map((v) => [v.value, v.source]), [[1280.5, '年鉴']]);
  });

  test('wide: cities as rows, years as columns, title rows above and dashes for no data', async () => {
    const csv = '主要城市地区生产总值（亿元）\n城市,2021年,2022年\n本市,1100,—\n丁市,50,60\n';
    const done = await ok(await upload(srv, `layout=wide&indicator_id=${ind.gdp.id}`, csv));
    assert.equal(done.written, 3);
    const self = (await ok(await srv.get(`${B}/values?indicator_id=${ind.gdp.id}&city_id=${city['本市'].id}&from=2021&to=2022`))).items;
    assert.deepEqual(self.map((v) => [v.year, v.value]), [[2021, 1100]]);
  });

  test('the wide template round trip: downloaded with the values, imported back unchanged', async () => {
    const before = await allValues();
    const t = await srv.get(`${B}/values/import-template?layout=wide&indicator_id=${ind.gdp.id}&from=2020&to=2024`);
    assert.equal(t.status, 200, t.text);
    const r = await ok(await upload(srv, 'layout=wide', t.bytes, 'template.xlsx'));
    assert.ok(r.written > 0);
    assert.deepEqual(await allValues(), before);
  });

  test('a file that is not a spreadsheet, a bad layout', async () => {
    assertError(await upload(srv, 'layout=long', Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'x.xlsx'), 400, 'bad_file');
    assertError(await upload(srv, 'layout=tall', 'a'), 400, 'bad_query', 'layout');
  });
});

describe('who may do what', () => {
  test('readers read; only the office changes; an enterprise sees nothing', async () => {
    const path = `${B}/compare?indicator_id=${ind.gdp.id}&year=2024`;
    for (const role of ['project_office', 'leader', 'appraisal_office']) assert.equal((await as[role].get(path)).status, 200, role);
    assertError(await as.enterprise.get(path), 403, 'forbidden');
    assertError(await as.enterprise.get(`${B}/goals`), 403, 'forbidden');
    const v = { values: [{ indicator_id: ind.gdp.id, city_id: city['丁市'].id, year: 2024, value: 1 }] };
    assertError(await put(as.project_office, `${B}/values`, v), 403, 'forbidden');
    assertError(await put(as.leader, `${B}/values`, v), 403, 'forbidden');
    assertError(await as.leader.post(`${B}/cities`, { name: '辛市' }), 403, 'forbidden');
    assert.equal((await put(as.appraisal_office, `${B}/values`, v)).status, 200);
    assertError(await srv.anon.get(path), 401, 'unauthenticated');
  });
});
