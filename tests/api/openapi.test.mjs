// Keeps docs/openapi.json true: every documented operation is answered, every response of the
// happy-path and error calls matches the documented schema for its status, and the documented
// parameter and body limits are the ones the server enforces. Also the language of error messages.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, creditCode, sql, REPO_ROOT, MAX_BODY, ADMIN_USERNAME, ADMIN_PASSWORD } from './server.mjs';
import { validate, resolveRef } from './schema.mjs';

const DOC = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const CJK = /[\u3400-\u9fff]/;
// English text may quote a Chinese name ("unit \"发改委\" has children"): ignore quoted parts.
const unquoted = (s) => s.replace(/"[^"]*"|“[^”]*”|'[^']*'|「[^」]*」/g, '');
const isEnglish = (s) => typeof s === 'string' && /[A-Za-z]{2,}/.test(s) && !CJK.test(unquoted(s));
const deref = (x) => (x && x.$ref ? resolveRef(DOC, x.$ref) : x);

let srv;
let seq = 0;
const code = (p = 'OA') => `${p}${++seq}`;
const uname = () => `user${++seq}`;
/** A logged-in client of a new enterprise user (a role that may not read units or users). */
async function asEnterprise() {
  const u = await mkUser({ role: 'enterprise' });
  return srv.login(u.username, 'a-long-enough-password');
}
/** Create a user (an enterprise user unless fields say otherwise), assert 201, return it. */
async function mkUser(fields = {}) {
  const r = await srv.post('/api/v1/users', { username: uname(), display_name: '接口文档用户', role: 'enterprise', password: 'a-long-enough-password', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
/** Create an enterprise (defaults filled in), assert 201, return it. */
async function mkEnterprise(fields = {}) {
  const r = await srv.post('/api/v1/enterprises', { credit_code: creditCode(++seq), name: '接口文档企业', ownership: 'domestic', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const pad2 = (n) => String(n).padStart(2, '0');
const NOW = new Date();
const THIS_MONTH = `${NOW.getFullYear()}-${pad2(NOW.getMonth() + 1)}`;
const daysAgo = (n) => { const d = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - n); return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`; };
const RULES = { milestone_red_days: 60, invest_red_pct: 50, invest_yellow_pct: 80, invest_from_month: 3, problem_red_days: 30 };
/** The smallest JPEG the server recognises (its bytes begin FF D8 FF). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
/** A published appraisal scheme of one new town (one check leaf, its data 1, accepted), made once. */
let apprSheetsScheme;
async function apprSheets() {
  if (apprSheetsScheme) return apprSheetsScheme;
  const kinds = (await srv.get('/api/v1/appraisal/kinds')).json.items;
  const unit = await mk({ kind: 'town' });
  const S = '/api/v1/appraisal/schemes';
  const sc = (await srv.post(S, { year: 2035, kind_id: kinds[0].id, name: code('表格方案'), subject_type: 'unit', issuing_office: '考核办' })).json;
  const put = await srv.request('PUT', `${S}/${sc.id}/structure`, { json: { groups: [{ name: '镇组' }], subjects: [{ group: 0, unit_id: unit.id }],
    indicators: [{ name: '达标', kind: 'leaf', full_marks: 10, method: 'check' }], grades: [{ name: '合格' }] } });
  assert.equal(put.status, 200, put.text);
  const subject = put.json.subjects[0].id, leaf = put.json.indicators[0].id;
  await srv.post(`${S}/${sc.id}/open`, {});
  await srv.request('PUT', `${S}/${sc.id}/subjects/${subject}/data`, { json: { values: [{ indicator_id: leaf, actual: 1 }] } });
  await srv.post(`${S}/${sc.id}/subjects/${subject}/submit`, {});
  await srv.post(`${S}/${sc.id}/subjects/${subject}/accept`, {});
  const pub = await srv.post(`${S}/${sc.id}/publish`, {});
  assert.equal(pub.status, 200, pub.text);
  await srv.post(`${S}/${sc.id}/reopen`, { reason: '补充佐证材料' });
  await srv.post(`${S}/${sc.id}/subjects/${subject}/return`, { comment: '请补充' });
  apprSheetsScheme = { id: sc.id, subject, leaf, base: `${S}/${sc.id}` };
  return apprSheetsScheme;
}
/** The smallest PDF the server recognises (its bytes begin %PDF-). */
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const apprEvidence = async () => {
  const a = await apprSheets();
  const r = await srv.request('POST', `${a.base}/subjects/${a.subject}/evidence?indicator_id=${a.leaf}`, { body: PDF, headers: { 'Content-Type': 'application/pdf' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
};

/** A photo of a new project's report of this month. */
async function mkPhoto() {
  const p = await mkProject();
  await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5 } });
  const r = await srv.request('POST', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}/photos`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
/** A project signed this month (reports accepted) and late to start (a red warning with its reason). */
async function mkProject(fields = {}) {
  const r = await srv.post('/api/v1/projects', {
    code: code('PRJ'), name: '接口文档项目', unit_id: (await mk()).id, category: 'industry', source: 'domestic', tags: ['外资'],
    total_investment: 12345678900, industry_code: '3011', plans: { [NOW.getFullYear()]: 1000000 },
    milestones: { signed: { planned: daysAgo(90), actual: `${THIS_MONTH}-01` }, started: { planned: daysAgo(70) } }, ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
/** A problem on a new project, taken to the state asked for (assigned to the project's unit from open on). */
async function mkProblem(state = 'open') {
  const p = await mkProject();
  const r = await srv.post('/api/v1/problems', { project_id: p.id, title: '接口文档问题', description: '说明' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const steps = { open: ['assign'], accepted: ['assign', 'accept'], resolved: ['assign', 'accept', 'resolve'] }[state] || [];
  for (const a of steps) {
    const body = a === 'assign' ? { unit_id: p.unit_id, deadline: daysAgo(-3), comment: '请办理' } : { comment: '好' };
    const x = await srv.post(`/api/v1/problems/${id}/${a}`, body);
    assert.equal(x.status, 200, x.text);
  }
  return { id, project: p };
}
const TARGETS = { targets: [{ unit_id: 0, measure: 'signed', count: 10, amount: 100000000000 }, { unit_id: 0, measure: 'investment', count: 0, amount: 5000 }] };
async function mk(fields = {}) {
  const r = await srv.post('/api/v1/units', { code: code(), name: '接口文档测试', kind: 'department', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// ---- the appraisal (考核评优): schemes made through the API, in the state each call needs
const AP = '/api/v1/appraisal';
const APPR_INDICATORS = [
  { name: '经济发展', kind: 'node', children: [
    { name: '完成率', kind: 'leaf', full_marks: 20, method: 'ratio', direction: 'higher', cap: '1.2', floor: 0.5 },
    { name: '排名', kind: 'leaf', full_marks: 20, method: 'rank', min_score: 8 },
    { name: '排名步长', kind: 'leaf', full_marks: 5, method: 'rank', direction: 'lower', step: 2, min_score: 1 },
    { name: '功效', kind: 'leaf', full_marks: 15, method: 'efficacy', base: 0.6, disallowed: 0, satisfactory: 100 },
    { name: '分档', kind: 'leaf', full_marks: 15, method: 'band', bands: [{ threshold: 90, factor: 1 }, { threshold: 60, factor: '0.5' }] },
  ] },
  { name: '社会治理', kind: 'node', children: [
    { name: '达标', kind: 'leaf', full_marks: 10, method: 'check' },
    { name: '新开工', kind: 'leaf', full_marks: 5, method: 'rank', source: 'started_count', source_min: 100000000 },
    { name: '测评', kind: 'leaf', full_marks: 15, method: 'survey', trim: 1 },
  ] },
  { name: '加分', kind: 'bonus' },
  { name: '扣分', kind: 'deduction' },
  { name: '否决', kind: 'veto', veto_mode: 'bar_top' },
];
const APPR_GRADES = [{ name: '优秀', min_score: 90, quota: 0.5 }, { name: '良好', min_score: '60' }, { name: '一般' }];
const flatIndicators = (nodes, out = []) => { for (const n of nodes) { out.push(n); flatIndicators(n.children || [], out); } return out; };
/** The data of a subject: every leaf given (the i-th subject's values differ), a bonus, a deduction, the veto. */
function apprData(scheme, i) {
  const byName = Object.fromEntries(flatIndicators(scheme.indicators).map((n) => [n.name, n.id]));
  return {
    values: [
      { indicator_id: byName['完成率'], target: 100, actual: 90 + i, note: '统计局年报' },
      { indicator_id: byName['排名'], actual: 10 + i },
      { indicator_id: byName['排名步长'], actual: `${3 - i}` },
      { indicator_id: byName['功效'], actual: 70 + i },
      { indicator_id: byName['分档'], actual: 95 - 30 * i },
      { indicator_id: byName['达标'], actual: 1 },
      { indicator_id: byName['测评'], ratings: [90, 80, 100, 70, 85 + i] },
      { indicator_id: byName['否决'], actual: 0 },
    ],
    items: [{ indicator_id: byName['加分'], points: 1.5, reason: '省级试点' }, { indicator_id: byName['扣分'], points: '0.25', reason: '通报批评' }],
  };
}
/**
 * A scheme of two towns in one group made by the administrator and taken to a state: draft
 * (with its structure), open, submitted, accepted, published (version 1), appealed (an open
 * appeal on version 1), republished (version 2 after the appeal, reopen and a corrected value).
 * Returns { id, scheme, subjects, leaf, appeal }.
 */
async function mkAppr(state = 'draft') {
  const ok = (r, status = 200) => { assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 400)}`); return r.json; };
  const kinds = ok(await srv.get(`${AP}/kinds`));
  const made = ok(await srv.post(`${AP}/schemes`, { year: 2030, kind_id: kinds.items[0].id, name: code('考核方案'), subject_type: 'unit', bonus_cap: 3, deduction_cap: '5', appeal_days: 10, issuing_office: '市绩效管理办公室', notice_title: '考核结果通报' }), 201);
  const id = made.id;
  const towns = [await mk({ kind: 'town' }), await mk({ kind: 'town' })];
  let scheme = ok(await srv.request('PUT', `${AP}/schemes/${id}/structure`, { json: {
    groups: [{ name: '镇组' }], subjects: towns.map((u) => ({ group: 0, unit_id: u.id })), indicators: APPR_INDICATORS, grades: APPR_GRADES } }));
  const subjects = scheme.subjects.map((x) => x.id);
  const leaf = flatIndicators(scheme.indicators).find((n) => n.name === '完成率').id;
  const order = ['draft', 'open', 'submitted', 'accepted', 'published', 'appealed', 'republished'];
  const reach = (s) => order.indexOf(state) >= order.indexOf(s);
  let appeal = null;
  if (reach('open')) {
    scheme = ok(await srv.post(`${AP}/schemes/${id}/open`, {}));
    ok(await srv.post(`${AP}/schemes/${id}/sources/refresh`, {})); // the leaf computed from the project library
  }
  if (reach('submitted')) {
    for (const [i, sid] of subjects.entries()) {
      ok(await srv.request('PUT', `${AP}/schemes/${id}/subjects/${sid}/data`, { json: apprData(scheme, i) }));
      ok(await srv.post(`${AP}/schemes/${id}/subjects/${sid}/submit`, {}));
    }
  }
  if (reach('accepted')) for (const sid of subjects) ok(await srv.post(`${AP}/schemes/${id}/subjects/${sid}/accept`, {}));
  if (reach('published')) ok(await srv.post(`${AP}/schemes/${id}/publish`, {}));
  if (reach('appealed')) appeal = ok(await srv.post(`${AP}/schemes/${id}/appeals`, { subject_id: subjects[1], text: '完成率应按年报计算' }), 201);
  if (reach('republished')) {
    ok(await srv.post(`${AP}/appeals/${appeal.id}/answer`, { decision: 'upheld', answer: '按年报更正' }));
    ok(await srv.post(`${AP}/schemes/${id}/reopen`, { reason: '申诉成立' }));
    ok(await srv.post(`${AP}/schemes/${id}/subjects/${subjects[1]}/return`, { comment: '按年报更正' }));
    const data = apprData(scheme, 1);
    data.values[0].actual = 120;
    ok(await srv.request('PUT', `${AP}/schemes/${id}/subjects/${subjects[1]}/data`, { json: data }));
    ok(await srv.post(`${AP}/schemes/${id}/subjects/${subjects[1]}/submit`, {}));
    ok(await srv.post(`${AP}/schemes/${id}/subjects/${subjects[1]}/accept`, {}));
    ok(await srv.post(`${AP}/schemes/${id}/publish`, {}));
  }
  return { id, scheme, subjects, leaf, appeal };
}
/** Assert that request body b matches component schema name. */
const bodyMatches = (name, b) => assert.deepEqual(validate(DOC.components.schemas[name], b, DOC), [], `request body matches ${name}`);

before(async () => { srv = await startServer({ data: 'empty' }); });
after(async () => { await stopAndCheck(srv); });

/** Assert that response r of operation METHOD path is documented and matches its schema. */
function assertDocumented(method, path, r) {
  const op = DOC.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  const resp = deref(op.responses[String(r.status)]);
  assert.ok(resp, `${method} ${path}: status ${r.status} is documented (documented: ${Object.keys(op.responses)}); body ${r.text.slice(0, 300)}`);
  if (!resp.content) {
    assert.equal(r.bytes.length, 0, `${method} ${path} ${r.status}: documented without a body`);
    return;
  }
  const ct = (r.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const media = resp.content[ct];
  assert.ok(media, `${method} ${path} ${r.status}: content type ${r.headers['content-type']} is documented (${Object.keys(resp.content)})`);
  const body = ct === 'application/json' ? r.json : r.text;
  if (ct === 'application/json') assert.notEqual(r.json, undefined, `${method} ${path} ${r.status}: body is JSON`);
  const errs = validate(media.schema, body, DOC);
  assert.deepEqual(errs, [], `${method} ${path} ${r.status}: body matches the documented schema`);
  for (const [name, h] of Object.entries(resp.headers || {})) {
    const v = r.headers[name.toLowerCase()];
    assert.ok(v !== undefined, `${method} ${path} ${r.status}: documented header ${name} is sent`);
    assert.deepEqual(validate(h.schema, v, DOC), [], `header ${name}: ${v}`);
  }
}

describe('the schema checker', () => {
  const unit = DOC.components.schemas.Unit;
  const good = { id: 1, code: 'FGW', name: '发展和改革委员会', kind: 'department', parent_id: null, division_code: null, sort_order: 0, child_count: 0, created_at: '2026-11-25T12:00:00Z', updated_at: '2026-11-25T12:00:00Z' };
  test('accepts the unit of the contract and the documented examples', () => {
    assert.deepEqual(validate(unit, good, DOC), []);
    for (const [name, s] of Object.entries(DOC.components.schemas)) {
      if (s.example !== undefined) assert.deepEqual(validate(s, s.example, DOC), [], `example of ${name}`);
    }
  });
  const bad = [
    ['an extra property', { ...good, extra: 1 }],
    ['a missing required property', (({ kind, ...r }) => r)(good)],
    ['a wrong type', { ...good, id: '1' }],
    ['a fraction for an integer', { ...good, sort_order: 0.5 }],
    ['a value outside the enum', { ...good, kind: 'city' }],
    ['a name of 101 characters', { ...good, name: '张'.repeat(101) }],
    ['null where not nullable', { ...good, name: null }],
    ['a bad pattern', { ...good, code: 'a b' }],
    ['a bad date-time', { ...good, created_at: 'yesterday' }],
    ['a number below the minimum', { ...good, child_count: -1 }],
  ];
  for (const [what, v] of bad) {
    test(`refuses ${what}`, () => { assert.notDeepEqual(validate(unit, v, DOC), []); });
  }
  test('refuses a list whose item is not a unit (items and $ref)', () => {
    const list = { items: [good, { ...good, id: 'x' }], total: 2, page: 1, page_size: 25 };
    assert.notDeepEqual(validate(DOC.components.schemas.UnitList, list, DOC), []);
  });
  test('counts a 100-character Chinese name as 100 characters', () => {
    assert.deepEqual(validate(unit, { ...good, name: '张'.repeat(100) }, DOC), []);
  });
  test('throws on a schema keyword it does not check (oneOf)', () => {
    assert.throws(() => validate({ oneOf: [] }, 1, DOC));
  });
});

/**
 * Honour lists: a scheme of one unit published through the API (one check leaf, one grade 合格),
 * made once; lists derived from it (its one subject), or of individuals with a quota for the unit.
 */
let awardScheme;
async function awardSetup() {
  if (awardScheme) return awardScheme;
  const unit = await mk({ kind: 'town' });
  const kinds = (await srv.get('/api/v1/appraisal/kinds')).json.items;
  const made = await srv.post('/api/v1/appraisal/schemes', { year: 2034, kind_id: kinds[0].id, name: '接口文档表彰方案', subject_type: 'unit' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const st = await srv.request('PUT', `/api/v1/appraisal/schemes/${id}/structure`, { json: {
    groups: [{ name: '镇组' }], subjects: [{ group: 0, unit_id: unit.id }],
    indicators: [{ name: '综合', kind: 'node', children: [{ name: '达标', kind: 'leaf', full_marks: 100, method: 'check' }] }], grades: [{ name: '合格' }] } });
  assert.equal(st.status, 200, st.text);
  const subject = st.json.subjects[0].id;
  const steps = [
    () => srv.post(`/api/v1/appraisal/schemes/${id}/open`, {}),
    () => srv.request('PUT', `/api/v1/appraisal/schemes/${id}/subjects/${subject}/data`, { json: { values: [{ indicator_id: st.json.indicators[0].children[0].id, actual: 1 }], items: [] } }),
    () => srv.post(`/api/v1/appraisal/schemes/${id}/subjects/${subject}/submit`, {}),
    () => srv.post(`/api/v1/appraisal/schemes/${id}/subjects/${subject}/accept`, {}),
    () => srv.post(`/api/v1/appraisal/schemes/${id}/publish`, {}),
  ];
  for (const step of steps) { const r = await step(); assert.equal(r.status, 200, r.text); }
  awardScheme = { id, unit: unit.id, subject };
  return awardScheme;
}
/** A list (kind unit: derived; person: with a quota of 2 for the unit), published when asked. */
async function mkAward(kind = 'unit', publish = false) {
  const a = await awardSetup();
  const r = await srv.post('/api/v1/appraisal/awards', { kind, name: `接口文档名单${++seq}`, scheme_id: a.id });
  assert.equal(r.status, 201, r.text);
  if (kind === 'person') {
    const q = await srv.request('PUT', `/api/v1/appraisal/awards/${r.json.id}/quotas`, { json: { items: [{ unit_id: a.unit, quota: 2 }] } });
    assert.equal(q.status, 200, q.text);
  }
  if (publish) assert.equal((await srv.post(`/api/v1/appraisal/awards/${r.json.id}/publish`, {})).status, 200);
  return r.json;
}
/** A submitted nomination on a new draft list of individuals. */
async function mkNomination() {
  const l = await mkAward('person');
  const r = await srv.post(`/api/v1/appraisal/awards/${l.id}/nominations`, { unit_id: awardScheme.unit, name: '张三', position: '主任', deeds: '事迹' });
  assert.equal(r.status, 201, r.text);
  return { list: l, nomination: r.json };
}

// ---- benchmarking (对标赶超): this city and three peers with values, made once through the API
const BM = '/api/v1/benchmark';
let bmData;
/**
 * The catalogue (code -> indicator), 接口本市 (is_self) and the peers 接口甲市, 接口乙市 (no 2020:
 * a CAGR missing) and 接口丙市 (no values: every figure missing); GDP 2019–2024 and energy
 * intensity 2024 (lower is better).
 */
async function bmSetup() {
  if (bmData) return bmData;
  const ok = (r, status = 200) => { assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 400)}`); return r.json; };
  const ind = Object.fromEntries(ok(await srv.get(`${BM}/indicators`)).items.map((x) => [x.code, x]));
  const self = ok(await srv.post(`${BM}/cities`, { name: '接口本市', division_code: '320500', is_self: true }), 201);
  const peers = [];
  for (const name of ['接口甲市', '接口乙市', '接口丙市']) peers.push(ok(await srv.post(`${BM}/cities`, { name }), 201));
  const gdp = { [self.id]: [1000, 1050, 1100, 1180, 1250, 1300], [peers[0].id]: [1600, 1650, 1720, 1800, 1900, 2000], [peers[1].id]: [1200, null, 1240, 1260, 1250, 1300] };
  const values = [];
  for (const [city, row] of Object.entries(gdp)) {
    row.forEach((value, k) => { if (value !== null) values.push({ indicator_id: ind.gdp.id, city_id: Number(city), year: 2019 + k, value, source: '统计年鉴' }); });
  }
  values.push({ indicator_id: ind.energy_intensity.id, city_id: self.id, year: 2024, value: '0.5' });
  values.push({ indicator_id: ind.energy_intensity.id, city_id: peers[0].id, year: 2024, value: '0.4' });
  ok(await srv.request('PUT', `${BM}/values`, { json: { values } }));
  bmData = { ind, self, peers };
  return bmData;
}
const bmMk = async (path, body) => {
  const r = await srv.post(`${BM}/${path}`, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const mkBmIndicator = () => bmMk('indicators', { code: `oa_${++seq}`, name: code('接口指标'), unit: '件', direction: 'higher', kind: 'flow' });
const mkBmCity = () => bmMk('cities', { name: code('接口城市') });
/** A goal: GDP 1500 by 2027 from 2020 (or, with peer, passing 接口乙市). */
async function mkBmGoal(peer = false) {
  const { ind, peers } = await bmSetup();
  return bmMk('goals', { name: code('接口目标'), indicator_id: ind.gdp.id, year: 2027, base_year: 2020, cagr_years: 4,
    ...(peer ? { peer_city_id: peers[1].id } : { target_value: 1500 }) });
}
/** A goal split 0.6 / 0.4 between two new towns: { goal, towns }. */
async function mkBmSplitGoal() {
  const goal = await mkBmGoal();
  const towns = [await mk({ kind: 'town' }), await mk({ kind: 'town' })];
  const r = await srv.request('PUT', `${BM}/goals/${goal.id}/units`, { json: { split: 'shares', units: [{ unit_id: towns[0].id, weight: '0.6' }, { unit_id: towns[1].id, weight: '0.4' }] } });
  assert.equal(r.status, 200, r.text);
  return { goal: r.json, towns };
}
/** An open appraisal scheme of the towns with one ratio leaf: { id, leaf }. */
async function mkBmScheme(towns) {
  const kinds = (await srv.get(`${AP}/kinds`)).json.items;
  const made = await srv.post(`${AP}/schemes`, { year: 2027, kind_id: kinds[0].id, name: code('对标下达方案'), subject_type: 'unit' });
  assert.equal(made.status, 201, made.text);
  const st = await srv.request('PUT', `${AP}/schemes/${made.json.id}/structure`, { json: { groups: [{ name: '镇组' }],
    subjects: towns.map((u) => ({ group: 0, unit_id: u.id })), indicators: [{ name: '地区生产总值', kind: 'leaf', full_marks: 20, method: 'ratio' }], grades: [{ name: '合格' }] } });
  assert.equal(st.status, 200, st.text);
  const open = await srv.post(`${AP}/schemes/${made.json.id}/open`, {});
  assert.equal(open.status, 200, open.text);
  return { id: made.json.id, leaf: st.json.indicators[0].id };
}

describe('every documented operation is answered and its responses match the document', () => {
  // One happy-path call per documented operation: [method, documented path, function returning the response].
  const HAPPY = {
    'GET /healthz': () => srv.get('/healthz'),
    'GET /api/v1/version': () => srv.get('/api/v1/version'),
    'GET /api/v1/openapi.json': () => srv.get('/api/v1/openapi.json'),
    'GET /api/v1/units': async () => {
      const p = await mk({ division_code: '320582' });
      await mk({ parent_id: p.id, kind: 'park' });
      return srv.get('/api/v1/units?page_size=1000');
    },
    'POST /api/v1/units': async () => {
      const body = { code: code(), name: '发展和改革委员会', kind: 'department', parent_id: (await mk()).id, division_code: '320500', sort_order: 3 };
      assert.deepEqual(validate(DOC.components.schemas.UnitCreate, body, DOC), [], 'request body matches UnitCreate');
      return srv.post('/api/v1/units', body);
    },
    'POST /api/v1/units/import': async () => srv.request('POST', '/api/v1/units/import?dry_run=true', {
      body: `单位编码,单位名称,单位类型,上级单位编码\n${code()},接口文档导入,镇,\n`, headers: { 'Content-Type': 'text/csv' },
    }),
    'POST /api/v1/users/import': async () => srv.request('POST', '/api/v1/users/import?dry_run=true', {
      body: `用户名,姓名,角色,所属单位编码,初始密码\n${code('oa.user')},接口文档导入,领导,,an initial password\n`,
      headers: { 'Content-Type': 'text/csv' },
    }),
    'GET /api/v1/units/{id}': async () => srv.get(`/api/v1/units/${(await mk()).id}`),
    'PATCH /api/v1/units/{id}': async () => {
      const body = { name: '改名', parent_id: null, division_code: '320582' };
      assert.deepEqual(validate(DOC.components.schemas.UnitPatch, body, DOC), [], 'request body matches UnitPatch');
      return srv.patch(`/api/v1/units/${(await mk({ parent_id: (await mk()).id })).id}`, body);
    },
    'DELETE /api/v1/units/{id}': async () => srv.del(`/api/v1/units/${(await mk()).id}`),
    'POST /api/v1/auth/login': () => {
      const body = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };
      assert.deepEqual(validate(DOC.components.schemas.Login, body, DOC), [], 'request body matches Login');
      return srv.anon.post('/api/v1/auth/login', body);
    },
    'POST /api/v1/auth/logout': async () => (await srv.login(ADMIN_USERNAME, ADMIN_PASSWORD)).logout(),
    'GET /api/v1/auth/me': () => srv.get('/api/v1/auth/me'),
    'POST /api/v1/auth/password': async () => {
      const name = uname();
      const pw = 'a-first-password-1';
      await mkUser({ username: name, password: pw });
      const c = await srv.login(name, pw);
      const body = { current_password: pw, new_password: 'a-second-password-2' };
      assert.deepEqual(validate(DOC.components.schemas.PasswordChange, body, DOC), [], 'request body matches PasswordChange');
      return c.post('/api/v1/auth/password', body);
    },
    'GET /api/v1/tokens': async () => {
      await srv.post('/api/v1/tokens', { name: '脚本' });
      return srv.get('/api/v1/tokens');
    },
    'POST /api/v1/tokens': () => srv.post('/api/v1/tokens', { name: '导出脚本' }),
    'DELETE /api/v1/tokens/{id}': async () => {
      const t = await srv.post('/api/v1/tokens', { name: '待撤销' });
      assert.equal(t.status, 201, t.text);
      return srv.del(`/api/v1/tokens/${t.json.id}`);
    },
    'GET /api/v1/users': async () => {
      await mkUser({ role: 'leader', unit_id: (await mk()).id });
      return srv.get('/api/v1/users?page_size=1000');
    },
    'POST /api/v1/users': async () => {
      const body = { username: uname(), display_name: '张三', role: 'unit_reporter', unit_id: (await mk()).id, password: 'a-long-enough-password' };
      assert.deepEqual(validate(DOC.components.schemas.UserCreate, body, DOC), [], 'request body matches UserCreate');
      return srv.post('/api/v1/users', body);
    },
    'GET /api/v1/users/{id}': async () => srv.get(`/api/v1/users/${(await mkUser()).id}`),
    'PATCH /api/v1/users/{id}': async () => {
      const body = { display_name: '李四', role: 'leader', unit_id: null, disabled: true };
      assert.deepEqual(validate(DOC.components.schemas.UserPatch, body, DOC), [], 'request body matches UserPatch');
      return srv.patch(`/api/v1/users/${(await mkUser()).id}`, body);
    },
    'POST /api/v1/users/{id}/password': async () => {
      const body = { new_password: 'a-reset-password-3' };
      assert.deepEqual(validate(DOC.components.schemas.PasswordReset, body, DOC), [], 'request body matches PasswordReset');
      return srv.post(`/api/v1/users/${(await mkUser()).id}/password`, body);
    },
    'GET /api/v1/audit': async () => {
      await mk();
      return srv.get('/api/v1/audit?page_size=1000');
    },
    'GET /api/v1/audit/export': async () => {
      await mk();
      return srv.get('/api/v1/audit/export');
    },
    'GET /api/v1/units/export': async () => {
      await mk();
      return srv.get('/api/v1/units/export?format=csv&sort=-code');
    },
    'GET /api/v1/units/import-template': () => srv.get('/api/v1/units/import-template'),
    'GET /api/v1/users/export': async () => {
      await mkUser();
      return srv.get('/api/v1/users/export?role=enterprise');
    },
    'GET /api/v1/users/import-template': () => srv.get('/api/v1/users/import-template'),
    'GET /api/v1/login-log': () => srv.get('/api/v1/login-log?page_size=1000'),
    'GET /api/v1/login-log/export': () => srv.get('/api/v1/login-log/export?format=csv'),
    'GET /api/v1/tenants': () => srv.get('/api/v1/tenants'),
    'POST /api/v1/auth/tenant': () => srv.post('/api/v1/auth/tenant', { tenant_id: 1 }),
    'GET /api/v1/enterprises': async () => {
      await mkEnterprise({ industry_code: '3741', park_id: (await mk({ kind: 'park' })).id, high_tech: true });
      return srv.get('/api/v1/enterprises?page_size=1000');
    },
    'POST /api/v1/enterprises': async () => {
      const body = { credit_code: creditCode(++seq), name: '示例精密机械有限公司', industry_code: '3741', ownership: 'foreign', park_id: (await mk()).id, above_size: true, leading_talent: false, high_tech: true };
      assert.deepEqual(validate(DOC.components.schemas.EnterpriseCreate, body, DOC), [], 'request body matches EnterpriseCreate');
      return srv.post('/api/v1/enterprises', body);
    },
    'GET /api/v1/enterprises/{id}': async () => srv.get(`/api/v1/enterprises/${(await mkEnterprise()).id}`),
    'PATCH /api/v1/enterprises/{id}': async () => {
      const body = { name: '改名', industry_code: null, park_id: null, above_size: true };
      assert.deepEqual(validate(DOC.components.schemas.EnterprisePatch, body, DOC), [], 'request body matches EnterprisePatch');
      return srv.patch(`/api/v1/enterprises/${(await mkEnterprise({ industry_code: '2710' })).id}`, body);
    },
    'DELETE /api/v1/enterprises/{id}': async () => srv.del(`/api/v1/enterprises/${(await mkEnterprise()).id}`),
    'GET /api/v1/enterprises/export': async () => {
      await mkEnterprise();
      return srv.get('/api/v1/enterprises/export?format=csv&sort=-credit_code&ownership=domestic');
    },
    'GET /api/v1/enterprises/import-template': () => srv.get('/api/v1/enterprises/import-template'),
    'POST /api/v1/enterprises/import': async () => srv.request('POST', '/api/v1/enterprises/import?dry_run=true', {
      body: `统一社会信用代码,企业名称,所属行业,企业性质\n${creditCode(++seq)},接口文档导入,3741 飞机制造,外资\n`, headers: { 'Content-Type': 'text/csv' },
    }),
    'GET /api/v1/industries': () => srv.get('/api/v1/industries?q=37'),
    'GET /api/v1/projects': async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5 } });
      await mkProject({ milestones: {}, tags: [], industry_code: null, plans: {} });
      return srv.get('/api/v1/projects?page_size=1000&sort=-warning');
    },
    'POST /api/v1/projects': async () => {
      const body = {
        code: code('PRJ'), name: '年产10万吨新材料项目', unit_id: (await mk()).id, carrier_id: (await mk({ kind: 'park' })).id, industry_code: 'C',
        category: 'industry', source: 'foreign', tags: ['外资', '沪苏对接'], total_investment: 60000000000, foreign_investment: 5000000,
        talent_tier: 'none', major_technology: true, major_industrialisation: false, major_market: false, energy_use: 1200, land_area: null,
        annual_output: 90000000000, description: '一期',
        milestones: { negotiating: { planned: daysAgo(30), actual: daysAgo(20) }, signed: { planned: daysAgo(5) } },
        plans: { [NOW.getFullYear()]: 300000000, [NOW.getFullYear() + 1]: 500000000 },
      };
      assert.deepEqual(validate(DOC.components.schemas.ProjectInput, body, DOC), [], 'request body matches ProjectInput');
      return srv.post('/api/v1/projects', body);
    },
    'GET /api/v1/projects/export': async () => {
      await mkProject();
      return srv.get('/api/v1/projects/export?format=csv&sort=-code&pool=preliminary');
    },
    'GET /api/v1/projects/import-template': () => srv.get('/api/v1/projects/import-template'),
    'POST /api/v1/projects/import': async () => srv.request('POST', '/api/v1/projects/import?dry_run=true', {
      body: `项目编码,项目名称,责任单位,项目类别,项目来源,总投资（万元）,实际签约日期\n${code('PRJ')},接口文档导入项目,${(await mk()).code},产业,外资,1.5,${daysAgo(3)}\n`,
      headers: { 'Content-Type': 'text/csv' },
    }),
    'GET /api/v1/progress/import-template': async () => {
      await mkProject();
      return srv.get(`/api/v1/progress/import-template?month=${THIS_MONTH}`);
    },
    'POST /api/v1/progress/import': async () => srv.request('POST', `/api/v1/progress/import?month=${THIS_MONTH}`, {
      body: `项目编码,本月完成投资（万元）,形象进度\n${(await mkProject()).code},12.5,主体施工\n`, headers: { 'Content-Type': 'text/csv' },
    }),
    'POST /api/v1/projects/warnings/recompute': async () => {
      await mkProject();
      return srv.post('/api/v1/projects/warnings/recompute', {});
    },
    'GET /api/v1/projects/{id}': async () => srv.get(`/api/v1/projects/${(await mkProject()).id}`),
    'PATCH /api/v1/projects/{id}': async () => {
      const body = { name: '改名项目', milestones: { started: { actual: daysAgo(0) } }, plans: { [NOW.getFullYear()]: null }, carrier_id: null };
      assert.deepEqual(validate(DOC.components.schemas.ProjectPatch, body, DOC), [], 'request body matches ProjectPatch');
      return srv.patch(`/api/v1/projects/${(await mkProject()).id}`, body);
    },
    'DELETE /api/v1/projects/{id}': async () => srv.del(`/api/v1/projects/${(await mkProject()).id}`),
    'GET /api/v1/projects/{id}/reports': async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5, progress: '主体封顶' } });
      return srv.get(`/api/v1/projects/${p.id}/reports`);
    },
    'PUT /api/v1/projects/{id}/reports/{month}': async () => {
      const body = { amount: 250000000, progress: '完成桩基施工' };
      assert.deepEqual(validate(DOC.components.schemas.ProgressReportInput, body, DOC), [], 'request body matches ProgressReportInput');
      return srv.request('PUT', `/api/v1/projects/${(await mkProject()).id}/reports/${THIS_MONTH}`, { json: body });
    },
    'GET /api/v1/project-settings/warning-rules/{year}': () => srv.get('/api/v1/project-settings/warning-rules/2030'),
    'PUT /api/v1/project-settings/warning-rules/{year}': () => {
      assert.deepEqual(validate(DOC.components.schemas.WarningRulesInput, RULES, DOC), [], 'request body matches WarningRulesInput');
      return srv.request('PUT', `/api/v1/project-settings/warning-rules/${NOW.getFullYear()}`, { json: RULES });
    },
    'GET /api/v1/project-settings/size-classes': () => srv.get('/api/v1/project-settings/size-classes'),
    'POST /api/v1/projects/{id}/reports/{month}/photos': async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5 } });
      return srv.request('POST', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}/photos`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
    },
    'GET /api/v1/projects/{id}/reports/{month}/photos': async () => srv.get(`/api/v1/projects/${(await mkPhoto()).project_id}/reports/${THIS_MONTH}/photos`),
    'GET /api/v1/photos/{id}': async () => srv.get((await mkPhoto()).url),
    'DELETE /api/v1/photos/{id}': async () => srv.del((await mkPhoto()).url),
    // the appraisal's spreadsheets and evidence
    'GET /api/v1/appraisal/schemes/{id}/results/export': async () => srv.get(`${(await apprSheets()).base}/results/export`),
    'GET /api/v1/appraisal/schemes/{id}/versions/{v}/export': async () => srv.get(`${(await apprSheets()).base}/versions/1/export`),
    'GET /api/v1/appraisal/schemes/{id}/versions/{v}/notice.xlsx': async () => srv.get(`${(await apprSheets()).base}/versions/1/notice.xlsx`),
    'GET /api/v1/appraisal/schemes/{id}/data/import-template': async () => srv.get(`${(await apprSheets()).base}/data/import-template`),
    'POST /api/v1/appraisal/schemes/{id}/data/import': async () => {
      const a = await apprSheets();
      const sheet = (await srv.get(`${a.base}/data/import-template`)).bytes;
      return srv.request('POST', `${a.base}/data/import?dry_run=true`, { body: sheet, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    },
    'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': async () => {
      const x = await apprEvidence();
      return srv.get(`${(await apprSheets()).base}/subjects/${x.subject_id}/evidence`);
    },
    'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': async () => {
      const a = await apprSheets();
      return srv.request('POST', `${a.base}/subjects/${a.subject}/evidence`, { body: PDF, headers: { 'Content-Type': 'application/pdf' } });
    },
    'GET /api/v1/appraisal/evidence/{id}': async () => srv.get((await apprEvidence()).url),
    'DELETE /api/v1/appraisal/evidence/{id}': async () => srv.del((await apprEvidence()).url),
    'GET /api/v1/saved-filters': async () => {
      await srv.post('/api/v1/saved-filters', { resource: 'projects', name: code('SF'), query: 'warning=red&pool=construction' });
      return srv.get('/api/v1/saved-filters?resource=projects');
    },
    'POST /api/v1/saved-filters': () => {
      const body = { resource: 'problems', name: code('SF'), query: 'overdue=true' };
      assert.deepEqual(validate(DOC.components.schemas.SavedFilterInput, body, DOC), [], 'request body matches SavedFilterInput');
      return srv.post('/api/v1/saved-filters', body);
    },
    'DELETE /api/v1/saved-filters/{id}': async () => {
      const made = await srv.post('/api/v1/saved-filters', { resource: 'enterprises', name: code('SF'), query: 'high_tech=true' });
      return srv.del(`/api/v1/saved-filters/${made.json.id}`);
    },
    'PUT /api/v1/project-settings/size-classes': () => {
      const body = { thresholds: [10000000000, 50000000000, 100000000000, 500000000000] };
      assert.deepEqual(validate(DOC.components.schemas.SizeClassesInput, body, DOC), [], 'request body matches SizeClassesInput');
      return srv.request('PUT', '/api/v1/project-settings/size-classes', { json: body });
    },
    'GET /api/v1/progress': async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5, progress: '开工' } });
      await mkProject();
      return srv.get(`/api/v1/progress?month=${THIS_MONTH}`);
    },
    'GET /api/v1/progress/missing': async () => {
      await mkProject({ milestones: { started: { actual: `${THIS_MONTH}-01` } } });
      return srv.get('/api/v1/progress/missing');
    },
    'GET /api/v1/problems': async () => {
      await mkProblem('resolved');
      await mkProblem('unassigned');
      return srv.get('/api/v1/problems?page_size=1000');
    },
    'POST /api/v1/problems': async () => {
      const body = { project_id: (await mkProject()).id, title: '用地指标未落实', description: '需协调自然资源局' };
      assert.deepEqual(validate(DOC.components.schemas.ProblemInput, body, DOC), [], 'request body matches ProblemInput');
      return srv.post('/api/v1/problems', body);
    },
    'GET /api/v1/problems/{id}': async () => srv.get(`/api/v1/problems/${(await mkProblem('resolved')).id}`),
    'POST /api/v1/problems/{id}/assign': async () => {
      const { id, project } = await mkProblem('unassigned');
      const body = { unit_id: project.unit_id, deadline: daysAgo(-10), comment: '请牵头办理' };
      assert.deepEqual(validate(DOC.components.schemas.ProblemAction, body, DOC), [], 'request body matches ProblemAction');
      return srv.post(`/api/v1/problems/${id}/assign`, body);
    },
    'POST /api/v1/problems/{id}/accept': async () => srv.post(`/api/v1/problems/${(await mkProblem('open')).id}/accept`, { comment: '已受理' }),
    'POST /api/v1/problems/{id}/resolve': async () => srv.post(`/api/v1/problems/${(await mkProblem('accepted')).id}/resolve`, {}),
    'POST /api/v1/problems/{id}/confirm': async () => srv.post(`/api/v1/problems/${(await mkProblem('resolved')).id}/confirm`, {}),
    'POST /api/v1/problems/{id}/reopen': async () => srv.post(`/api/v1/problems/${(await mkProblem('resolved')).id}/reopen`, { comment: '未解决' }),
    'POST /api/v1/problems/{id}/escalate': async () => {
      const { id } = await mkProblem('accepted');
      // overdue as time would make it: the stored deadline moved back
      sql(srv.db, `UPDATE problems SET deadline = '${daysAgo(3)}' WHERE id = ${id}`);
      return srv.post(`/api/v1/problems/${id}/escalate`, { comment: '请加快' });
    },
    'GET /api/v1/project-stats': async () => {
      const p = await mkProject({ carrier_id: (await mk({ kind: 'park' })).id });
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5 } });
      await srv.request('PUT', `/api/v1/project-settings/targets/${NOW.getFullYear()}`, { json: TARGETS });
      return srv.get('/api/v1/project-stats?group=park');
    },
    'GET /api/v1/project-stats/export': async () => {
      await mkProject();
      return srv.get(`/api/v1/project-stats/export?year=${NOW.getFullYear()}&group=industry`);
    },
    'GET /api/v1/cockpit': async () => {
      await mkProject({ carrier_id: (await mk({ kind: 'park' })).id });
      return srv.get('/api/v1/cockpit');
    },
    'GET /api/v1/project-settings/targets/{year}': async () => {
      await srv.request('PUT', '/api/v1/project-settings/targets/2031', { json: TARGETS });
      return srv.get('/api/v1/project-settings/targets/2031');
    },
    'PUT /api/v1/project-settings/targets/{year}': () => {
      assert.deepEqual(validate(DOC.components.schemas.TargetsInput, TARGETS, DOC), [], 'request body matches TargetsInput');
      return srv.request('PUT', '/api/v1/project-settings/targets/2032', { json: TARGETS });
    },
    'GET /api/v1/appraisal/awards': async () => { await mkAward(); return srv.get('/api/v1/appraisal/awards?year=2034'); },
    'POST /api/v1/appraisal/awards': async () => {
      const body = { kind: 'unit', name: `接口文档先进单位${++seq}`, scheme_id: (await awardSetup()).id, version: 1, grades: ['合格'] };
      assert.deepEqual(validate(DOC.components.schemas.AwardListCreate, body, DOC), [], 'request body matches AwardListCreate');
      return srv.post('/api/v1/appraisal/awards', body);
    },
    'GET /api/v1/appraisal/awards/{id}': async () => srv.get(`/api/v1/appraisal/awards/${(await mkAward()).id}`),
    'DELETE /api/v1/appraisal/awards/{id}': async () => srv.del(`/api/v1/appraisal/awards/${(await mkAward()).id}`),
    'POST /api/v1/appraisal/awards/{id}/regenerate': async () => srv.post(`/api/v1/appraisal/awards/${(await mkAward()).id}/regenerate`, { reason: '重新生成', version: 1 }),
    'POST /api/v1/appraisal/awards/{id}/entries': async () => {
      const l = await mkAward();
      await srv.post(`/api/v1/appraisal/awards/${l.id}/entries/${l.entries[0].id}/remove`, { reason: '撤下' });
      return srv.post(`/api/v1/appraisal/awards/${l.id}/entries`, { subject_id: awardScheme.subject, reason: '恢复' });
    },
    'POST /api/v1/appraisal/awards/{id}/entries/{eid}/remove': async () => {
      const l = await mkAward();
      return srv.post(`/api/v1/appraisal/awards/${l.id}/entries/${l.entries[0].id}/remove`, { reason: '撤下' });
    },
    'POST /api/v1/appraisal/awards/{id}/publish': async () => srv.post(`/api/v1/appraisal/awards/${(await mkAward()).id}/publish`, {}),
    'GET /api/v1/appraisal/awards/{id}/export': async () => srv.get(`/api/v1/appraisal/awards/${(await mkAward('unit', true)).id}/export`),
    'GET /api/v1/appraisal/awards/{id}/quotas': async () => srv.get(`/api/v1/appraisal/awards/${(await mkAward('person')).id}/quotas`),
    'PUT /api/v1/appraisal/awards/{id}/quotas': async () => {
      const l = await mkAward('person');
      const body = { scheme_id: awardScheme.id, by_grade: [{ grade_name: '合格', quota: 3 }], others: 1, items: [{ unit_id: awardScheme.unit, quota: 2 }] };
      assert.deepEqual(validate(DOC.components.schemas.AwardQuotasInput, body, DOC), [], 'request body matches AwardQuotasInput');
      return srv.request('PUT', `/api/v1/appraisal/awards/${l.id}/quotas`, { json: body });
    },
    'GET /api/v1/appraisal/awards/{id}/nominations': async () => srv.get(`/api/v1/appraisal/awards/${(await mkNomination()).list.id}/nominations`),
    'POST /api/v1/appraisal/awards/{id}/nominations': async () => {
      const l = await mkAward('person');
      return srv.post(`/api/v1/appraisal/awards/${l.id}/nominations`, { unit_id: awardScheme.unit, name: '李四', position: '科长', deeds: '事迹' });
    },
    'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}': async () => {
      const n = await mkNomination();
      return srv.del(`/api/v1/appraisal/awards/${n.list.id}/nominations/${n.nomination.id}`);
    },
    'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/approve': async () => {
      const n = await mkNomination();
      return srv.post(`/api/v1/appraisal/awards/${n.list.id}/nominations/${n.nomination.id}/approve`, { reason: '同意' });
    },
    'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/reject': async () => {
      const n = await mkNomination();
      return srv.post(`/api/v1/appraisal/awards/${n.list.id}/nominations/${n.nomination.id}/reject`, { reason: '不符合条件' });
    },
    'GET /api/v1/public/awards': async () => {
      await mkAward('unit', true);
      return srv.anon.get('/api/v1/public/awards?year=2034');
    },
    'GET /api/v1/appraisal/kinds': () => srv.get(`${AP}/kinds`),
    'POST /api/v1/appraisal/kinds': () => {
      const body = { code: code('kind'), name: code('考核类别') };
      bodyMatches('ApprKindInput', body);
      return srv.post(`${AP}/kinds`, body);
    },
    'GET /api/v1/appraisal/schemes': async () => {
      await mkAppr('published');
      await mkAppr('draft');
      return srv.get(`${AP}/schemes?year=2030`);
    },
    'POST /api/v1/appraisal/schemes': async () => {
      const kinds = await srv.get(`${AP}/kinds`);
      const body = { year: 2031, kind_id: kinds.json.items[1].id, name: code('精神文明建设考核'), subject_type: 'enterprise', bonus_cap: null, deduction_cap: '2.5', appeal_days: 0, issuing_office: '市文明办', notice_title: '' };
      bodyMatches('ApprSchemeCreate', body);
      return srv.post(`${AP}/schemes`, body);
    },
    'GET /api/v1/appraisal/schemes/{id}': async () => srv.get(`${AP}/schemes/${(await mkAppr('submitted')).id}`),
    'PATCH /api/v1/appraisal/schemes/{id}': async () => {
      const body = { name: code('改名方案'), bonus_cap: null, appeal_days: 15, notice_title: '关于考核结果的通报' };
      bodyMatches('ApprSchemePatch', body);
      return srv.patch(`${AP}/schemes/${(await mkAppr('open')).id}`, body);
    },
    'DELETE /api/v1/appraisal/schemes/{id}': async () => srv.del(`${AP}/schemes/${(await mkAppr('draft')).id}`),
    'POST /api/v1/appraisal/schemes/{id}/copy': async () => {
      const body = { year: 2031, name: code('复制方案') };
      bodyMatches('ApprSchemeCopy', body);
      return srv.post(`${AP}/schemes/${(await mkAppr('published')).id}/copy`, body);
    },
    'PUT /api/v1/appraisal/schemes/{id}/structure': async () => {
      const { id, scheme } = await mkAppr('draft');
      // the scheme as GET gives it, sent back with one group more and one leaf changed: ids kept
      const body = {
        groups: [...scheme.groups, { name: '园区组' }],
        subjects: [...scheme.subjects, { group: 1, unit_id: (await mk({ kind: 'park' })).id }].map((x) => (x.group_id ? { ...x, group: 0 } : x)),
        indicators: scheme.indicators,
        grades: scheme.grades,
      };
      body.indicators[0].children[0] = { ...body.indicators[0].children[0], cap: 1.5 };
      bodyMatches('ApprStructureInput', body);
      return srv.request('PUT', `${AP}/schemes/${id}/structure`, { json: body });
    },
    'POST /api/v1/appraisal/schemes/{id}/open': async () => srv.post(`${AP}/schemes/${(await mkAppr('draft')).id}/open`, {}),
    'POST /api/v1/appraisal/schemes/{id}/revise': async () => {
      const body = { reason: '增加一项指标' };
      bodyMatches('ApprReason', body);
      return srv.post(`${AP}/schemes/${(await mkAppr('submitted')).id}/revise`, body);
    },
    'POST /api/v1/appraisal/schemes/{id}/reopen': async () => srv.post(`${AP}/schemes/${(await mkAppr('appealed')).id}/reopen`, { reason: '申诉成立' }),
    'POST /api/v1/appraisal/schemes/{id}/sources/refresh': async () => srv.post(`${AP}/schemes/${(await mkAppr('accepted')).id}/sources/refresh`, {}),
    'GET /api/v1/appraisal/schemes/{id}/data': async () => srv.get(`${AP}/schemes/${(await mkAppr('submitted')).id}/data`),
    'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': async () => {
      const s = await mkAppr('submitted');
      return srv.get(`${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/data`);
    },
    'PUT /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': async () => {
      const s = await mkAppr('open');
      const body = apprData(s.scheme, 0);
      body.values.push({ indicator_id: flatIndicators(s.scheme.indicators).find((n) => n.name === '测评').id, ratings: null, note: '' });
      body.values.splice(6, 1);
      body.values[0].target = null;
      bodyMatches('ApprDataInput', body);
      return srv.request('PUT', `${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/data`, { json: body });
    },
    'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/submit': async () => {
      const s = await mkAppr('open');
      await srv.request('PUT', `${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/data`, { json: apprData(s.scheme, 0) });
      return srv.post(`${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/submit`, {});
    },
    'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/return': async () => {
      const s = await mkAppr('submitted');
      const body = { comment: '完成率请以统计局年报为准' };
      bodyMatches('ApprReturn', body);
      return srv.post(`${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/return`, body);
    },
    'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/accept': async () => {
      const s = await mkAppr('submitted');
      return srv.post(`${AP}/schemes/${s.id}/subjects/${s.subjects[1]}/accept`, {});
    },
    'GET /api/v1/appraisal/schemes/{id}/results': async () => {
      const s = await mkAppr('submitted');
      // one subject with a data error (a ratio's target of 0) and a triggered veto
      const data = apprData(s.scheme, 1);
      data.values[0].target = 0;
      data.values[7].actual = 1;
      await srv.post(`${AP}/schemes/${s.id}/subjects/${s.subjects[1]}/return`, { comment: '目标值' });
      await srv.request('PUT', `${AP}/schemes/${s.id}/subjects/${s.subjects[1]}/data`, { json: data });
      return srv.get(`${AP}/schemes/${s.id}/results`);
    },
    'GET /api/v1/appraisal/schemes/{id}/results/{sid}': async () => {
      const s = await mkAppr('open');
      await srv.request('PUT', `${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/data`, { json: apprData(s.scheme, 0) });
      return srv.get(`${AP}/schemes/${s.id}/results/${s.subjects[1]}`); // the other has no data: every leaf missing
    },
    'POST /api/v1/appraisal/schemes/{id}/simulate': async () => {
      const s = await mkAppr('accepted');
      const body = { changes: [{ subject_id: s.subjects[0], indicator_id: s.leaf, actual: '130.5' }, { subject_id: s.subjects[1], indicator_id: s.leaf, target: null }] };
      bodyMatches('ApprSimulateInput', body);
      return srv.post(`${AP}/schemes/${s.id}/simulate`, body);
    },
    'POST /api/v1/appraisal/schemes/{id}/publish': async () => srv.post(`${AP}/schemes/${(await mkAppr('accepted')).id}/publish`, {}),
    'GET /api/v1/appraisal/schemes/{id}/versions': async () => srv.get(`${AP}/schemes/${(await mkAppr('republished')).id}/versions`),
    'GET /api/v1/appraisal/schemes/{id}/versions/{v}': async () => srv.get(`${AP}/schemes/${(await mkAppr('republished')).id}/versions/1`),
    'GET /api/v1/appraisal/schemes/{id}/versions/{v}/subjects/{sid}': async () => {
      const s = await mkAppr('published');
      return srv.get(`${AP}/schemes/${s.id}/versions/1/subjects/${s.subjects[0]}`);
    },
    'GET /api/v1/appraisal/schemes/{id}/versions/{v}/diff': async () => srv.get(`${AP}/schemes/${(await mkAppr('republished')).id}/versions/2/diff`),
    'GET /api/v1/appraisal/schemes/{id}/appeals': async () => srv.get(`${AP}/schemes/${(await mkAppr('republished')).id}/appeals`),
    'POST /api/v1/appraisal/schemes/{id}/appeals': async () => {
      const s = await mkAppr('published');
      const body = { subject_id: s.subjects[0], text: '排名应计入第四季度数据' };
      bodyMatches('ApprAppealInput', body);
      return srv.post(`${AP}/schemes/${s.id}/appeals`, body);
    },
    'POST /api/v1/appraisal/appeals/{id}/answer': async () => {
      const body = { decision: 'rejected', answer: '经核实，原结果无误' };
      bodyMatches('ApprAppealAnswer', body);
      return srv.post(`${AP}/appeals/${(await mkAppr('appealed')).appeal.id}/answer`, body);
    },
    'GET /api/v1/public/notices': async () => {
      await mkAppr('republished');
      return srv.anon.get('/api/v1/public/notices');
    },
    'GET /api/v1/public/notices/{id}/{v}': async () => srv.anon.get(`/api/v1/public/notices/${(await mkAppr('republished')).id}/1`),
    // benchmarking (对标赶超)
    'GET /api/v1/benchmark/indicators': async () => { await mkBmIndicator(); return srv.get(`${BM}/indicators`); },
    'POST /api/v1/benchmark/indicators': () => {
      const body = { code: `oa_${++seq}`, name: code('万人发明专利拥有量'), unit: '件', direction: 'higher', kind: 'ratio', decimals: 1, note: '知识产权局', sort_order: 20 };
      bodyMatches('BmIndicatorCreate', body);
      return srv.post(`${BM}/indicators`, body);
    },
    'PATCH /api/v1/benchmark/indicators/{id}': async () => {
      const body = { name: code('改名指标'), decimals: 3, note: null, sort_order: 7 };
      bodyMatches('BmIndicatorPatch', body);
      return srv.patch(`${BM}/indicators/${(await mkBmIndicator()).id}`, body);
    },
    'DELETE /api/v1/benchmark/indicators/{id}': async () => srv.del(`${BM}/indicators/${(await mkBmIndicator()).id}`),
    'GET /api/v1/benchmark/cities': async () => { await bmSetup(); return srv.get(`${BM}/cities`); },
    'POST /api/v1/benchmark/cities': () => {
      const body = { name: code('杭州市'), division_code: '330100', is_self: false, note: '长三角', sort_order: 4 };
      bodyMatches('BmCityCreate', body);
      return srv.post(`${BM}/cities`, body);
    },
    'PATCH /api/v1/benchmark/cities/{id}': async () => {
      const body = { name: code('改名城市'), division_code: '', note: '对标', sort_order: 3 };
      bodyMatches('BmCityPatch', body);
      return srv.patch(`${BM}/cities/${(await mkBmCity()).id}`, body);
    },
    'DELETE /api/v1/benchmark/cities/{id}': async () => srv.del(`${BM}/cities/${(await mkBmCity()).id}`),
    'GET /api/v1/benchmark/values': async () => srv.get(`${BM}/values?indicator_id=${(await bmSetup()).ind.gdp.id}&from=2019&to=2024&quarter=0&limit=10000`),
    'PUT /api/v1/benchmark/values': async () => {
      const { ind, peers } = await bmSetup();
      const at = { indicator_id: ind.gdp.id, city_id: peers[2].id };
      const body = { values: [{ ...at, year: 2018, value: '123.45', source: '统计年鉴', note: '初步核算' }, { ...at, year: 2018, quarter: 2, value: 60 }, { ...at, year: 2017, value: null }] };
      bodyMatches('BmValuesInput', body);
      return srv.request('PUT', `${BM}/values`, { json: body });
    },
    'GET /api/v1/benchmark/values/import-template': async () => srv.get(`${BM}/values/import-template?layout=long&indicator_id=${(await bmSetup()).ind.gdp.id}&from=2020&to=2024`),
    'POST /api/v1/benchmark/values/import': async () => {
      await bmSetup();
      return srv.request('POST', `${BM}/values/import?layout=long&dry_run=true&source=${encodeURIComponent('接口文档')}`, {
        body: '城市,指标,年份,数值\n接口甲市,地区生产总值,2015,800\n接口乙市,gdp,2015,"1,000.5"\n', headers: { 'Content-Type': 'text/csv' } });
    },
    'GET /api/v1/benchmark/compare': async () => {
      const { ind, peers } = await bmSetup();
      return srv.get(`${BM}/compare?indicator_id=${ind.gdp.id}&year=2024&years=4&cities=${peers.map((c) => c.id).join(',')}`);
    },
    'GET /api/v1/benchmark/series': async () => srv.get(`${BM}/series?indicator_id=${(await bmSetup()).ind.gdp.id}&from=2019&to=2024`),
    'GET /api/v1/benchmark/radar': async () => {
      const { ind } = await bmSetup();
      return srv.get(`${BM}/radar?indicators=${ind.gdp.id},${ind.energy_intensity.id}&year=2024`);
    },
    'GET /api/v1/benchmark/projection': async () => srv.get(`${BM}/projection?indicator_id=${(await bmSetup()).ind.gdp.id}&year=2024&years=4&by=2030&horizon=30`),
    'GET /api/v1/benchmark/goals': async () => {
      await mkBmGoal(true);
      await mkBmSplitGoal();
      return srv.get(`${BM}/goals`);
    },
    'POST /api/v1/benchmark/goals': async () => {
      const { ind } = await bmSetup();
      const body = { name: code('到2027年地区生产总值达到1500亿元'), indicator_id: ind.gdp.id, year: 2027, base_year: 2020, target_value: '1500', cagr_years: 4, note: '十四五规划' };
      bodyMatches('BmGoalCreate', body);
      return srv.post(`${BM}/goals`, body);
    },
    'GET /api/v1/benchmark/goals/export': async () => { await mkBmSplitGoal(); return srv.get(`${BM}/goals/export`); },
    'GET /api/v1/benchmark/goals/{id}': async () => srv.get(`${BM}/goals/${(await mkBmSplitGoal()).goal.id}`),
    'PATCH /api/v1/benchmark/goals/{id}': async () => {
      const body = { note: '调整', cagr_years: 2, target_value: null, peer_city_id: (await bmSetup()).peers[0].id };
      bodyMatches('BmGoalPatch', body);
      return srv.patch(`${BM}/goals/${(await mkBmGoal()).id}`, body);
    },
    'DELETE /api/v1/benchmark/goals/{id}': async () => srv.del(`${BM}/goals/${(await mkBmGoal()).id}`),
    'GET /api/v1/benchmark/goals/{id}/history': async () => srv.get(`${BM}/goals/${(await mkBmGoal(true)).id}/history`),
    'PUT /api/v1/benchmark/goals/{id}/units': async () => {
      const goal = await mkBmGoal();
      const towns = [await mk({ kind: 'town' }), await mk({ kind: 'town' })];
      const body = { split: 'weights', units: [{ unit_id: towns[0].id, weight: 1 }, { unit_id: towns[1].id, weight: '2' }] };
      bodyMatches('BmGoalUnitsInput', body);
      return srv.request('PUT', `${BM}/goals/${goal.id}/units`, { json: body });
    },
    'POST /api/v1/benchmark/goals/{id}/send': async () => {
      const { goal, towns } = await mkBmSplitGoal();
      const scheme = await mkBmScheme([towns[0]]); // the other town is not a subject: skipped
      const body = { scheme_id: scheme.id, indicator_id: scheme.leaf };
      bodyMatches('BmGoalSend', body);
      return srv.post(`${BM}/goals/${goal.id}/send`, body);
    },
  };
  const EXPECT = {
    'POST /api/v1/units': 201, 'DELETE /api/v1/units/{id}': 204, 'POST /api/v1/auth/logout': 204,
    'POST /api/v1/auth/password': 204, 'POST /api/v1/tokens': 201, 'DELETE /api/v1/tokens/{id}': 204,
    'POST /api/v1/users': 201, 'POST /api/v1/users/{id}/password': 204,
    'POST /api/v1/enterprises': 201, 'DELETE /api/v1/enterprises/{id}': 204,
    'POST /api/v1/projects': 201, 'DELETE /api/v1/projects/{id}': 204, 'POST /api/v1/problems': 201,
    'POST /api/v1/projects/{id}/reports/{month}/photos': 201, 'DELETE /api/v1/photos/{id}': 204,
    'POST /api/v1/saved-filters': 201, 'DELETE /api/v1/saved-filters/{id}': 204,
    'POST /api/v1/appraisal/awards': 201, 'DELETE /api/v1/appraisal/awards/{id}': 204,
    'POST /api/v1/appraisal/awards/{id}/nominations': 201, 'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}': 204,
    'POST /api/v1/appraisal/kinds': 201, 'POST /api/v1/appraisal/schemes': 201, 'DELETE /api/v1/appraisal/schemes/{id}': 204,
    'POST /api/v1/appraisal/schemes/{id}/copy': 201, 'POST /api/v1/appraisal/schemes/{id}/appeals': 201,
    'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': 201, 'DELETE /api/v1/appraisal/evidence/{id}': 204,
    'POST /api/v1/benchmark/indicators': 201, 'DELETE /api/v1/benchmark/indicators/{id}': 204,
    'POST /api/v1/benchmark/cities': 201, 'DELETE /api/v1/benchmark/cities/{id}': 204,
    'POST /api/v1/benchmark/goals': 201, 'DELETE /api/v1/benchmark/goals/{id}': 204,
  };

  const documented = [];
  for (const [path, item] of Object.entries(DOC.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) documented.push(`${m.toUpperCase()} ${path}`);
  }

  test('has a happy-path call for every documented operation, and documents every call', () => {
    assert.deepEqual(documented.slice().sort(), Object.keys(HAPPY).sort());
  });

  for (const key of documented) {
    const [method, path] = key.split(' ');
    test(`answers ${key} (not 404/405) with a documented 2xx response matching its schema`, async () => {
      assert.ok(HAPPY[key], `no happy-path call for ${key}`);
      const r = await HAPPY[key]();
      assert.ok(r.status !== 404 && r.status !== 405, `${key} answered ${r.status}`);
      assert.equal(r.status, EXPECT[key] || 200, `${key}: ${r.text.slice(0, 300)}`);
      assertDocumented(method, path, r);
    });
  }

  test('answers POST /api/v1/units with a Location that GET answers with the same unit', async () => {
    const r = await srv.post('/api/v1/units', { code: code(), name: '位置', kind: 'town' });
    assertDocumented('POST', '/api/v1/units', r);
    const g = await srv.get(r.headers.location);
    assertDocumented('GET', '/api/v1/units/{id}', g);
    assert.deepEqual(g.json, r.json);
  });

  // Error calls: each status must be documented for the operation and the body must match.
  const ERRORS = [
    ['GET', '/api/v1/units', () => srv.get('/api/v1/units?nope=1'), 400],
    ['GET', '/api/v1/units', () => srv.get('/api/v1/units?page_size=0'), 400],
    ['POST', '/api/v1/units', () => srv.request('POST', '/api/v1/units', { body: '{', headers: { 'Content-Type': 'application/json' } }), 400],
    ['POST', '/api/v1/units', async () => { const u = await mk(); return srv.post('/api/v1/units', { code: u.code, name: 'x', kind: 'town' }); }, 409],
    ['POST', '/api/v1/units', () => srv.request('POST', '/api/v1/units', { body: Buffer.from(' '.repeat(MAX_BODY + 1)), headers: { 'Content-Type': 'application/json' } }), 413],
    ['POST', '/api/v1/units', () => srv.request('POST', '/api/v1/units', { body: Buffer.from('{}'), headers: { 'Content-Type': 'text/plain' } }), 415],
    ['POST', '/api/v1/units', () => srv.post('/api/v1/units', { code: code(), name: 'x'.repeat(101), kind: 'town' }), 422],
    ['GET', '/api/v1/units/{id}', () => srv.get('/api/v1/units/987654'), 404],
    ['PATCH', '/api/v1/units/{id}', async () => srv.request('PATCH', `/api/v1/units/${(await mk()).id}`, { body: '[', headers: { 'Content-Type': 'application/json' } }), 400],
    ['PATCH', '/api/v1/units/{id}', () => srv.patch('/api/v1/units/987654', { name: 'x' }), 404],
    ['PATCH', '/api/v1/units/{id}', async () => { const a = await mk(); const b = await mk(); return srv.patch(`/api/v1/units/${b.id}`, { code: a.code }); }, 409],
    ['PATCH', '/api/v1/units/{id}', async () => srv.request('PATCH', `/api/v1/units/${(await mk()).id}`, { body: Buffer.from(' '.repeat(MAX_BODY + 1)), headers: { 'Content-Type': 'application/json' } }), 413],
    ['PATCH', '/api/v1/units/{id}', async () => srv.request('PATCH', `/api/v1/units/${(await mk()).id}`, { body: Buffer.from('{}'), headers: { 'Content-Type': 'text/plain' } }), 415],
    ['PATCH', '/api/v1/units/{id}', async () => { const a = await mk(); return srv.patch(`/api/v1/units/${a.id}`, { parent_id: a.id }); }, 422],
    ['DELETE', '/api/v1/units/{id}', () => srv.del('/api/v1/units/987654'), 404],
    ['DELETE', '/api/v1/units/{id}', async () => { const p = await mk(); await mk({ parent_id: p.id }); return srv.del(`/api/v1/units/${p.id}`); }, 409],
    ['GET', '/api/v1/units', () => srv.anon.get('/api/v1/units'), 401],
    ['POST', '/api/v1/units', () => srv.post('/api/v1/units', { code: code(), name: 'x', kind: 'town' }, { csrf: false }), 403],
    ['GET', '/api/v1/units/{id}', () => srv.anon.get('/api/v1/units/1'), 401],
    ['PATCH', '/api/v1/units/{id}', async () => srv.anon.patch(`/api/v1/units/${(await mk()).id}`, { name: 'x' }), 401],
    ['DELETE', '/api/v1/units/{id}', async () => srv.del(`/api/v1/units/${(await mk()).id}`, { csrf: 'wrong' }), 403],
    ['POST', '/api/v1/auth/login', () => srv.anon.post('/api/v1/auth/login', { username: ADMIN_USERNAME, password: 'not-the-password' }), 401],
    ['POST', '/api/v1/auth/login', () => srv.anon.post('/api/v1/auth/login', { username: ADMIN_USERNAME, password: ADMIN_PASSWORD }, { headers: { Origin: 'https://evil.example' } }), 403],
    ['POST', '/api/v1/auth/login', () => srv.anon.request('POST', '/api/v1/auth/login', { body: '{', headers: { 'Content-Type': 'application/json' } }), 400],
    ['GET', '/api/v1/auth/me', () => srv.anon.get('/api/v1/auth/me'), 401],
    ['POST', '/api/v1/auth/logout', () => srv.anon.post('/api/v1/auth/logout', undefined), 401],
    ['POST', '/api/v1/auth/password', () => srv.post('/api/v1/auth/password', { current_password: ADMIN_PASSWORD, new_password: 'short' }), 422],
    ['GET', '/api/v1/tokens', () => srv.anon.get('/api/v1/tokens'), 401],
    ['POST', '/api/v1/tokens', () => srv.post('/api/v1/tokens', { name: 'x', secret: 'y' }), 422],
    ['DELETE', '/api/v1/tokens/{id}', () => srv.del('/api/v1/tokens/987654'), 404],
    ['GET', '/api/v1/users', () => srv.get('/api/v1/users?nope=1'), 400],
    ['GET', '/api/v1/users', () => srv.anon.get('/api/v1/users'), 401],
    ['POST', '/api/v1/users', async () => { const u = await mkUser(); return srv.post('/api/v1/users', { username: u.username, display_name: 'x', role: 'enterprise', password: 'a-long-enough-password' }); }, 409],
    ['POST', '/api/v1/users', () => srv.post('/api/v1/users', { username: uname(), display_name: 'x', role: 'unit_reporter', password: 'a-long-enough-password' }), 422],
    ['GET', '/api/v1/users/{id}', () => srv.get('/api/v1/users/987654'), 404],
    ['PATCH', '/api/v1/users/{id}', () => srv.patch('/api/v1/users/987654', { display_name: 'x' }), 404],
    ['PATCH', '/api/v1/users/{id}', async () => srv.patch(`/api/v1/users/${(await mkUser()).id}`, { role: 'king' }), 422],
    ['POST', '/api/v1/users/{id}/password', async () => srv.post(`/api/v1/users/${(await mkUser()).id}/password`, { new_password: 'short' }), 422],
    ['GET', '/api/v1/audit', () => srv.get('/api/v1/audit?action=steal'), 400],
    ['GET', '/api/v1/audit', () => srv.anon.get('/api/v1/audit'), 401],
    ['GET', '/api/v1/audit/export', () => srv.anon.get('/api/v1/audit/export'), 401],
    ['GET', '/api/v1/audit/export', () => srv.get('/api/v1/audit/export?format=pdf'), 400],
    ['GET', '/api/v1/units/export', () => srv.get('/api/v1/units/export?page=1'), 400],
    ['GET', '/api/v1/units/export', () => srv.anon.get('/api/v1/units/export'), 401],
    ['GET', '/api/v1/units/export', async () => (await asEnterprise()).get('/api/v1/units/export'), 403],
    ['GET', '/api/v1/units/import-template', () => srv.anon.get('/api/v1/units/import-template'), 401],
    ['GET', '/api/v1/units/import-template', async () => (await asEnterprise()).get('/api/v1/units/import-template'), 403],
    ['GET', '/api/v1/users/export', () => srv.get('/api/v1/users/export?role=king'), 400],
    ['GET', '/api/v1/users/export', () => srv.anon.get('/api/v1/users/export'), 401],
    ['GET', '/api/v1/users/export', async () => (await asEnterprise()).get('/api/v1/users/export'), 403],
    ['GET', '/api/v1/users/import-template', () => srv.anon.get('/api/v1/users/import-template'), 401],
    ['GET', '/api/v1/users/import-template', async () => (await asEnterprise()).get('/api/v1/users/import-template'), 403],
    ['GET', '/api/v1/login-log', () => srv.anon.get('/api/v1/login-log'), 401],
    ['GET', '/api/v1/login-log/export', () => srv.anon.get('/api/v1/login-log/export'), 401],
    ['GET', '/api/v1/login-log/export', () => srv.get('/api/v1/login-log/export?page=1'), 400],
    ['GET', '/api/v1/users', async () => (await asEnterprise()).get('/api/v1/users'), 403],
    ['GET', '/api/v1/units', async () => (await asEnterprise()).get('/api/v1/units'), 403],
    ['GET', '/api/v1/audit', async () => (await asEnterprise()).get('/api/v1/audit'), 403],
    ['GET', '/api/v1/login-log', async () => (await asEnterprise()).get('/api/v1/login-log'), 403],
    ['GET', '/api/v1/login-log/export', async () => (await asEnterprise()).get('/api/v1/login-log/export'), 403],
    ['GET', '/api/v1/enterprises', () => srv.get('/api/v1/enterprises?industry=9999'), 400],
    ['GET', '/api/v1/enterprises', async () => (await asEnterprise()).get('/api/v1/enterprises'), 403],
    ['POST', '/api/v1/enterprises', async () => { const x = await mkEnterprise(); return srv.post('/api/v1/enterprises', { credit_code: x.credit_code, name: 'x', ownership: 'domestic' }); }, 409],
    ['POST', '/api/v1/enterprises', () => srv.post('/api/v1/enterprises', { credit_code: '91320582MA1N2L3K4A', name: 'x', ownership: 'domestic' }), 422],
    ['GET', '/api/v1/enterprises/{id}', () => srv.get('/api/v1/enterprises/987654'), 404],
    ['PATCH', '/api/v1/enterprises/{id}', async () => srv.patch(`/api/v1/enterprises/${(await mkEnterprise()).id}`, { park_id: 987654 }), 422],
    ['DELETE', '/api/v1/enterprises/{id}', () => srv.del('/api/v1/enterprises/987654'), 404],
    ['GET', '/api/v1/enterprises/export', () => srv.get('/api/v1/enterprises/export?page=1'), 400],
    ['POST', '/api/v1/enterprises/import', () => srv.request('POST', '/api/v1/enterprises/import', { body: `统一社会信用代码,企业名称,企业性质\n91320582MA1N2L3K4A,x,内资\n`, headers: { 'Content-Type': 'text/csv' } }), 422],
    ['GET', '/api/v1/industries', () => srv.get('/api/v1/industries?level=9'), 400],
    ['GET', '/api/v1/industries', () => srv.anon.get('/api/v1/industries'), 401],
    ['GET', '/api/v1/projects', () => srv.get('/api/v1/projects?stage=launched'), 400],
    ['GET', '/api/v1/projects', () => srv.anon.get('/api/v1/projects'), 401],
    ['POST', '/api/v1/projects', async () => { const p = await mkProject(); return srv.post('/api/v1/projects', { code: p.code, name: 'x', unit_id: p.unit_id, category: 'other', source: 'hmt' }); }, 409],
    ['POST', '/api/v1/projects', async () => srv.post('/api/v1/projects', { code: code('PRJ'), name: 'x', unit_id: (await mk()).id, category: 'other', source: 'hmt', milestones: { started: { actual: daysAgo(-1) } } }), 422],
    ['POST', '/api/v1/projects', () => srv.request('POST', '/api/v1/projects', { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415],
    ['POST', '/api/v1/projects', async () => (await asEnterprise()).post('/api/v1/projects', { code: 'X' }), 403],
    ['GET', '/api/v1/projects/{id}', () => srv.get('/api/v1/projects/987654'), 404],
    ['PATCH', '/api/v1/projects/{id}', async () => srv.patch(`/api/v1/projects/${(await mkProject()).id}`, { tags: ['a', 'a'] }), 422],
    ['DELETE', '/api/v1/projects/{id}', async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 1 } });
      return srv.del(`/api/v1/projects/${p.id}`);
    }, 409],
    ['GET', '/api/v1/projects/{id}/reports', () => srv.get('/api/v1/projects/987654/reports'), 404],
    ['PUT', '/api/v1/projects/{id}/reports/{month}', async () => srv.request('PUT', `/api/v1/projects/${(await mkProject()).id}/reports/2999-01`, { json: { amount: 1 } }), 422],
    ['PUT', '/api/v1/projects/{id}/reports/{month}', () => srv.request('PUT', `/api/v1/projects/987654/reports/${THIS_MONTH}`, { json: { amount: 1 } }), 404],
    ['GET', '/api/v1/project-settings/warning-rules/{year}', () => srv.get('/api/v1/project-settings/warning-rules/1989'), 404],
    ['PUT', '/api/v1/project-settings/warning-rules/{year}', () => srv.request('PUT', '/api/v1/project-settings/warning-rules/2030', { json: { ...RULES, invest_yellow_pct: 10 } }), 422],
    ['PUT', '/api/v1/project-settings/size-classes', () => srv.request('PUT', '/api/v1/project-settings/size-classes', { json: { thresholds: [3, 2] } }), 422],
    ['POST', '/api/v1/projects/{id}/reports/{month}/photos', async () => {
      const p = await mkProject();
      await srv.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 5 } });
      return srv.request('POST', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}/photos`, { body: '<html></html>', headers: { 'Content-Type': 'image/png' } });
    }, 400],
    ['POST', '/api/v1/projects/{id}/reports/{month}/photos', async () => srv.request('POST', `/api/v1/projects/${(await mkProject()).id}/reports/${THIS_MONTH}/photos`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } }), 422],
    ['GET', '/api/v1/photos/{id}', () => srv.get('/api/v1/photos/987654'), 404],
    ['DELETE', '/api/v1/photos/{id}', () => srv.del('/api/v1/photos/987654'), 404],
    ['GET', '/api/v1/saved-filters', () => srv.get('/api/v1/saved-filters?resource=units'), 400],
    ['POST', '/api/v1/saved-filters', async () => { const n = code('SF'); await srv.post('/api/v1/saved-filters', { resource: 'projects', name: n, query: '' }); return srv.post('/api/v1/saved-filters', { resource: 'projects', name: n, query: '' }); }, 409],
    ['POST', '/api/v1/saved-filters', () => srv.post('/api/v1/saved-filters', { resource: 'projects', name: ' ', query: '' }), 422],
    ['DELETE', '/api/v1/saved-filters/{id}', () => srv.del('/api/v1/saved-filters/987654'), 404],
    ['POST', '/api/v1/projects/warnings/recompute', async () => (await asEnterprise()).post('/api/v1/projects/warnings/recompute', {}), 403],
    ['GET', '/api/v1/progress', () => srv.get('/api/v1/progress?month=2026-13'), 400],
    ['GET', '/api/v1/progress', async () => (await asEnterprise()).get('/api/v1/progress'), 403],
    ['GET', '/api/v1/progress/missing', () => srv.get('/api/v1/progress/missing?unit_id=1'), 400],
    ['GET', '/api/v1/problems', () => srv.get('/api/v1/problems?state=closed'), 400],
    ['GET', '/api/v1/problems', () => srv.anon.get('/api/v1/problems'), 401],
    ['POST', '/api/v1/problems', () => srv.post('/api/v1/problems', { project_id: 987654, title: 'x' }), 404],
    ['POST', '/api/v1/problems', async () => srv.post('/api/v1/problems', { project_id: (await mkProject()).id, title: 'x'.repeat(101) }), 422],
    ['POST', '/api/v1/problems', () => srv.request('POST', '/api/v1/problems', { body: '{', headers: { 'Content-Type': 'application/json' } }), 400],
    ['GET', '/api/v1/problems/{id}', () => srv.get('/api/v1/problems/987654'), 404],
    ['POST', '/api/v1/problems/{id}/assign', async () => srv.post(`/api/v1/problems/${(await mkProblem('resolved')).id}/assign`, { unit_id: 1, deadline: daysAgo(-1) }), 409],
    ['POST', '/api/v1/problems/{id}/assign', async () => srv.post(`/api/v1/problems/${(await mkProblem('open')).id}/assign`, { unit_id: 987654, deadline: daysAgo(-1) }), 422],
    ['POST', '/api/v1/problems/{id}/accept', async () => srv.post(`/api/v1/problems/${(await mkProblem('unassigned')).id}/accept`, {}), 409],
    ['POST', '/api/v1/problems/{id}/accept', async () => (await asEnterprise()).post(`/api/v1/problems/${(await mkProblem('open')).id}/accept`, {}), 403],
    ['POST', '/api/v1/problems/{id}/resolve', async () => srv.post(`/api/v1/problems/${(await mkProblem('open')).id}/resolve`, {}), 409],
    ['POST', '/api/v1/problems/{id}/confirm', async () => srv.post(`/api/v1/problems/${(await mkProblem('accepted')).id}/confirm`, {}), 409],
    ['POST', '/api/v1/problems/{id}/confirm', () => srv.post('/api/v1/problems/987654/confirm', {}), 404],
    ['POST', '/api/v1/problems/{id}/reopen', async () => srv.post(`/api/v1/problems/${(await mkProblem('resolved')).id}/reopen`, {}), 422],
    ['POST', '/api/v1/problems/{id}/escalate', async () => srv.post(`/api/v1/problems/${(await mkProblem('open')).id}/escalate`, { comment: 'x' }), 409],
    ['GET', '/api/v1/project-stats', () => srv.get('/api/v1/project-stats?group=town'), 400],
    ['GET', '/api/v1/project-stats', async () => (await asEnterprise()).get('/api/v1/project-stats'), 403],
    ['GET', '/api/v1/project-stats/export', () => srv.get('/api/v1/project-stats/export?year=1989'), 400],
    ['GET', '/api/v1/cockpit', () => srv.get('/api/v1/cockpit?year=x'), 400],
    ['GET', '/api/v1/project-settings/targets/{year}', () => srv.get('/api/v1/project-settings/targets/1989'), 404],
    ['PUT', '/api/v1/project-settings/targets/{year}', () => srv.request('PUT', '/api/v1/project-settings/targets/2030', { json: { targets: [{ measure: 'signed' }, { measure: 'signed' }] } }), 409],
    ['PUT', '/api/v1/project-settings/targets/{year}', () => srv.request('PUT', '/api/v1/project-settings/targets/2030', { json: { targets: [{ measure: 'opened' }] } }), 422],
    ['GET', '/api/v1/projects/export', () => srv.get('/api/v1/projects/export?page=1'), 400],
    ['GET', '/api/v1/projects/export', () => srv.anon.get('/api/v1/projects/export'), 401],
    ['GET', '/api/v1/projects/import-template', () => srv.anon.get('/api/v1/projects/import-template'), 401],
    ['POST', '/api/v1/projects/import', () => srv.request('POST', '/api/v1/projects/import', { body: '项目编码,项目名称,责任单位,项目类别,项目来源\nX 1,x,NOWHERE,火箭,内资\n', headers: { 'Content-Type': 'text/csv' } }), 422],
    ['POST', '/api/v1/projects/import', async () => (await asEnterprise()).request('POST', '/api/v1/projects/import', { body: '项目编码\n', headers: { 'Content-Type': 'text/csv' } }), 403],
    ['GET', '/api/v1/progress/import-template', () => srv.get('/api/v1/progress/import-template?month=2999-01'), 400],
    ['GET', '/api/v1/progress/import-template', async () => (await asEnterprise()).get('/api/v1/progress/import-template'), 403],
    ['POST', '/api/v1/progress/import', () => srv.request('POST', '/api/v1/progress/import?month=2026-13', { body: '项目编码,本月完成投资（万元）\nX,1\n', headers: { 'Content-Type': 'text/csv' } }), 400],
    ['POST', '/api/v1/progress/import', () => srv.request('POST', `/api/v1/progress/import?month=${THIS_MONTH}`, { body: '项目编码,本月完成投资（万元）\nNO-SUCH-PROJECT,1\n', headers: { 'Content-Type': 'text/csv' } }), 422],
    ['GET', '/api/v1/appraisal/schemes', () => srv.get(`${AP}/schemes?year=1999`), 400],
    ['POST', '/api/v1/appraisal/kinds', async () => srv.post(`${AP}/kinds`, { code: 'performance', name: code('类别') }), 409],
    ['POST', '/api/v1/appraisal/schemes', () => srv.post(`${AP}/schemes`, { year: 2030, kind_id: 987654, name: 'x', subject_type: 'unit' }), 422],
    ['GET', '/api/v1/appraisal/schemes/{id}', () => srv.get(`${AP}/schemes/987654`), 404],
    ['PATCH', '/api/v1/appraisal/schemes/{id}', async () => srv.patch(`${AP}/schemes/${(await mkAppr('published')).id}`, { name: 'x' }), 409],
    ['DELETE', '/api/v1/appraisal/schemes/{id}', async () => srv.del(`${AP}/schemes/${(await mkAppr('open')).id}`), 409],
    ['PUT', '/api/v1/appraisal/schemes/{id}/structure', async () => srv.request('PUT', `${AP}/schemes/${(await mkAppr('open')).id}/structure`, { json: { groups: [], subjects: [], indicators: [], grades: [] } }), 409],
    ['PUT', '/api/v1/appraisal/schemes/{id}/structure', async () => srv.request('PUT', `${AP}/schemes/${(await mkAppr('draft')).id}/structure`, { json: { groups: [{ name: 'g' }], subjects: [], indicators: [{ name: 'x', kind: 'leaf', method: 'ratio', full_marks: 10, cap: 0.5 }], grades: [{ name: '合格' }] } }), 422],
    ['POST', '/api/v1/appraisal/schemes/{id}/open', async () => srv.post(`${AP}/schemes/${(await srv.post(`${AP}/schemes`, { year: 2030, kind_id: 1, name: code('空方案'), subject_type: 'unit' })).json.id}/open`, {}), 409],
    ['PUT', '/api/v1/appraisal/schemes/{id}/subjects/{sid}/data', async () => { const s = await mkAppr('open'); return srv.request('PUT', `${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/data`, { json: { values: [{ indicator_id: s.scheme.indicators[0].id, actual: 1 }] } }); }, 422],
    ['POST', '/api/v1/appraisal/schemes/{id}/subjects/{sid}/accept', async () => { const s = await mkAppr('open'); return srv.post(`${AP}/schemes/${s.id}/subjects/${s.subjects[0]}/accept`, {}); }, 409],
    ['GET', '/api/v1/appraisal/schemes/{id}/results/{sid}', async () => srv.get(`${AP}/schemes/${(await mkAppr('draft')).id}/results/987654`), 404],
    ['POST', '/api/v1/appraisal/schemes/{id}/simulate', async () => srv.post(`${AP}/schemes/${(await mkAppr('open')).id}/simulate`, { changes: [{ subject_id: 987654, indicator_id: 1 }] }), 422],
    ['POST', '/api/v1/appraisal/schemes/{id}/publish', async () => srv.post(`${AP}/schemes/${(await mkAppr('submitted')).id}/publish`, {}), 409],
    ['GET', '/api/v1/appraisal/schemes/{id}/versions/{v}', async () => srv.get(`${AP}/schemes/${(await mkAppr('published')).id}/versions/2`), 404],
    ['GET', '/api/v1/appraisal/schemes/{id}/versions/{v}/diff', async () => srv.get(`${AP}/schemes/${(await mkAppr('published')).id}/versions/1/diff`), 400],
    ['POST', '/api/v1/appraisal/schemes/{id}/appeals', async () => { const s = await mkAppr('accepted'); return srv.post(`${AP}/schemes/${s.id}/appeals`, { subject_id: s.subjects[0], text: '早了' }); }, 409],
    ['POST', '/api/v1/appraisal/appeals/{id}/answer', async () => srv.post(`${AP}/appeals/${(await mkAppr('republished')).appeal.id}/answer`, { decision: 'upheld', answer: '再答' }), 409],
    ['GET', '/api/v1/public/notices', () => srv.anon.get('/api/v1/public/notices?tenant=999999'), 404],
    ['GET', '/api/v1/public/notices/{id}/{v}', async () => srv.anon.get(`/api/v1/public/notices/${(await mkAppr('accepted')).id}/1`), 404],
    ['GET', '/api/v1/benchmark/indicators', async () => (await asEnterprise()).get(`${BM}/indicators`), 403],
    ['POST', '/api/v1/benchmark/indicators', () => srv.post(`${BM}/indicators`, { code: 'gdp', name: code('重复'), unit: '', direction: 'higher', kind: 'flow' }), 409],
    ['POST', '/api/v1/benchmark/indicators', () => srv.post(`${BM}/indicators`, { code: 'Bad-Code', name: code('坏代码'), unit: '', direction: 'higher', kind: 'flow' }), 422],
    ['PATCH', '/api/v1/benchmark/indicators/{id}', async () => srv.patch(`${BM}/indicators/${(await bmSetup()).ind.gdp.id}`, { direction: 'lower' }), 422],
    ['DELETE', '/api/v1/benchmark/indicators/{id}', async () => srv.del(`${BM}/indicators/${(await bmSetup()).ind.gdp.id}`), 409],
    ['DELETE', '/api/v1/benchmark/indicators/{id}', () => srv.del(`${BM}/indicators/987654`), 404],
    ['POST', '/api/v1/benchmark/cities', async () => { await bmSetup(); return srv.post(`${BM}/cities`, { name: code('第二个本市'), is_self: true }); }, 409],
    ['DELETE', '/api/v1/benchmark/cities/{id}', async () => { await mkBmGoal(true); return srv.del(`${BM}/cities/${bmData.peers[1].id}`); }, 409],
    ['PUT', '/api/v1/benchmark/values', async () => { const { ind, self } = await bmSetup(); return srv.request('PUT', `${BM}/values`, { json: { values: [{ indicator_id: ind.gdp.id, city_id: self.id, year: 1800, value: 1 }] } }); }, 422],
    ['GET', '/api/v1/benchmark/values', () => srv.get(`${BM}/values?limit=10001`), 400],
    ['GET', '/api/v1/benchmark/values/import-template', () => srv.get(`${BM}/values/import-template?layout=tall`), 400],
    ['POST', '/api/v1/benchmark/values/import', async () => { await bmSetup(); return srv.request('POST', `${BM}/values/import?layout=long`, { body: '城市,指标,年份,数值\n无名市,地区生产总值,2021,1\n接口甲市,地区生产总值,20x1,1\n', headers: { 'Content-Type': 'text/csv' } }); }, 422],
    ['POST', '/api/v1/benchmark/values/import', () => srv.request('POST', `${BM}/values/import?layout=long`, { body: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }), 400],
    ['GET', '/api/v1/benchmark/compare', async () => srv.get(`${BM}/compare?indicator_id=${(await bmSetup()).ind.gdp.id}`), 400],
    ['GET', '/api/v1/benchmark/compare', () => srv.get(`${BM}/compare?indicator_id=987654&year=2024`), 404],
    ['GET', '/api/v1/benchmark/series', async () => srv.get(`${BM}/series?indicator_id=${(await bmSetup()).ind.gdp.id}&from=2024&to=2020`), 400],
    ['GET', '/api/v1/benchmark/projection', async () => srv.get(`${BM}/projection?indicator_id=${(await bmSetup()).ind.gdp.id}&year=2024&by=2024`), 400],
    ['POST', '/api/v1/benchmark/goals', async () => srv.post(`${BM}/goals`, { name: code('坏目标'), indicator_id: (await bmSetup()).ind.gdp.id, year: 2027, base_year: 2027, target_value: 1 }), 422],
    ['GET', '/api/v1/benchmark/goals/{id}', () => srv.get(`${BM}/goals/987654`), 404],
    ['PUT', '/api/v1/benchmark/goals/{id}/units', async () => { const g = await mkBmGoal(); const t = await mk({ kind: 'town' }); return srv.request('PUT', `${BM}/goals/${g.id}/units`, { json: { split: 'shares', units: [{ unit_id: t.id, weight: '0.5' }] } }); }, 422],
    ['POST', '/api/v1/benchmark/goals/{id}/send', async () => { const g = await mkBmGoal(); return srv.post(`${BM}/goals/${g.id}/send`, { scheme_id: (await mkBmScheme([await mk({ kind: 'town' })])).id, indicator_id: 1 }); }, 409],
    ['POST', '/api/v1/benchmark/goals/{id}/send', async () => { const { goal } = await mkBmSplitGoal(); return srv.post(`${BM}/goals/${goal.id}/send`, { scheme_id: 987654, indicator_id: 1 }); }, 422],
    ['POST', '/api/v1/benchmark/goals/{id}/send', async () => (await srv.login((await mkUser({ role: 'project_office' })).username, 'a-long-enough-password')).post(`${BM}/goals/${(await mkBmGoal()).id}/send`, { scheme_id: 1, indicator_id: 1 }), 403],
  ];
  for (const [method, path, call, status] of ERRORS) {
    test(`documents the ${status} of ${method} ${path} and its error body matches the Error schema`, async () => {
      const r = await call();
      assert.equal(r.status, status, `${method} ${path}: ${r.text.slice(0, 300)}`);
      assertDocumented(method, path, r);
    });
  }
});

describe('the documented query parameters of GET /api/v1/units are the ones enforced', () => {
  const op = DOC.paths['/api/v1/units'].get;
  const params = op.parameters.map(deref).filter((p) => p.in === 'query');

  before(async () => { await mk({ kind: 'town' }); });

  const ok = async (qs) => {
    const r = await srv.get(`/api/v1/units?${qs}`);
    assert.equal(r.status, 200, `${qs}: ${r.text.slice(0, 300)}`);
    assertDocumented('GET', '/api/v1/units', r);
  };
  const refused = async (qs, name) => {
    const r = await srv.get(`/api/v1/units?${qs}`);
    assertError(r, 400, 'bad_query', name);
    assertDocumented('GET', '/api/v1/units', r);
  };

  test('documents exactly the query parameters kind, parent_id, q, sort, page, page_size', () => {
    assert.deepEqual(params.map((p) => p.name).sort(), ['kind', 'page', 'page_size', 'parent_id', 'q', 'sort']);
  });

  for (const p of params) {
    const s = p.schema;
    if (s.enum) {
      test(`accepts every documented value of ${p.name} (${s.enum.length}) and refuses another`, async () => {
        for (const v of s.enum) await ok(`${p.name}=${encodeURIComponent(v)}`);
        await refused(`${p.name}=not-${s.enum[0]}`, p.name);
      });
    }
    if (s.type === 'integer') {
      test(`enforces the documented range of ${p.name} (${s.minimum}..${s.maximum ?? ''})`, async () => {
        await ok(`${p.name}=${s.minimum}`);
        await refused(`${p.name}=${s.minimum - 1}`, p.name);
        if (s.maximum !== undefined) {
          await ok(`${p.name}=${s.maximum}`);
          await refused(`${p.name}=${s.maximum + 1}`, p.name);
        }
        await refused(`${p.name}=x`, p.name);
      });
    }
    if (s.type === 'string' && s.maxLength) {
      test(`enforces the documented length of ${p.name} (${s.minLength}..${s.maxLength} characters)`, async () => {
        await ok(`${p.name}=${encodeURIComponent('张'.repeat(s.maxLength))}`);
        await refused(`${p.name}=${encodeURIComponent('张'.repeat(s.maxLength + 1))}`, p.name);
        if (s.minLength) await refused(`${p.name}=`, p.name);
      });
    }
    if (s.pattern) {
      test(`accepts values of ${p.name} matching its documented pattern and refuses others`, async () => {
        await ok(`${p.name}=root`);
        await ok(`${p.name}=${(await mk()).id}`);
        await refused(`${p.name}=top`, p.name);
      });
    }
  }
  test('refuses a query parameter the document does not list', async () => {
    await refused('limit=10', 'limit');
  });
});

describe('the documented request body of POST /api/v1/units is the one enforced', () => {
  const create = DOC.components.schemas.UnitCreate;
  const base = () => ({ code: code('BD'), name: '请求体测试', kind: 'other' });

  test('requires exactly the documented required fields', async () => {
    for (const f of Object.keys(create.properties)) {
      const body = base();
      delete body[f];
      const r = await srv.post('/api/v1/units', body);
      if (create.required.includes(f)) assertError(r, 422, 'missing_field', f);
      else assert.equal(r.status, 201, `${f} is optional: ${r.text}`);
    }
  });

  test('refuses a field the document does not list (additionalProperties: false)', async () => {
    assert.equal(create.additionalProperties, false);
    assertError(await srv.post('/api/v1/units', { ...base(), region: 'x' }), 422, 'unknown_field', 'region');
  });

  test('enforces the documented maxLength of every string field, counted in characters', async () => {
    for (const [f, s] of Object.entries(create.properties)) {
      if (s.type !== 'string' || s.enum || !s.maxLength || s.pattern === '^[0-9]{6}$') continue;
      const fill = s.pattern && s.pattern.includes('A-Za-z') ? 'A' : '张';
      const r1 = await srv.post('/api/v1/units', { ...base(), [f]: fill.repeat(s.maxLength) });
      assert.equal(r1.status, 201, `${f} of ${s.maxLength}: ${r1.text}`);
      const r2 = await srv.post('/api/v1/units', { ...base(), [f]: fill.repeat(s.maxLength + 1) });
      assertError(r2, 422, 'too_long', f);
    }
  });

  test('accepts every documented kind and refuses another (invalid_value)', async () => {
    for (const k of create.properties.kind.enum) assert.equal((await srv.post('/api/v1/units', { ...base(), kind: k })).status, 201);
    assertError(await srv.post('/api/v1/units', { ...base(), kind: 'province' }), 422, 'invalid_value', 'kind');
  });

  test('enforces the documented range of sort_order', async () => {
    const s = create.properties.sort_order;
    assert.equal((await srv.post('/api/v1/units', { ...base(), sort_order: s.minimum })).status, 201);
    assert.equal((await srv.post('/api/v1/units', { ...base(), sort_order: s.maximum })).status, 201);
    assertError(await srv.post('/api/v1/units', { ...base(), sort_order: s.minimum - 1 }), 422, 'invalid_value', 'sort_order');
    assertError(await srv.post('/api/v1/units', { ...base(), sort_order: s.maximum + 1 }), 422, 'invalid_value', 'sort_order');
  });

  test('documents the read-only fields of Unit as absent from UnitCreate and UnitPatch', () => {
    const ro = Object.entries(DOC.components.schemas.Unit.properties).filter(([, s]) => s.readOnly).map(([k]) => k).sort();
    assert.deepEqual(ro, ['child_count', 'created_at', 'id', 'updated_at']);
    for (const k of ro) {
      assert.ok(!(k in create.properties));
      assert.ok(!(k in DOC.components.schemas.UnitPatch.properties));
    }
  });
});

describe('error messages in two languages', () => {
  const raw = (path, lang) => srv.rawRequest(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lang === undefined ? '' : `Accept-Language: ${lang}\r\n`}Connection: close\r\n\r\n`);

  test('answers in Chinese when there is no Accept-Language header', async () => {
    const r = await raw('/api/v1/units/987654');
    const e = assertError({ ...r, method: 'GET', path: '/api/v1/units/987654' }, 404, 'not_found');
    assert.equal(e.message, e.message_zh);
    assert.match(e.message, CJK);
  });

  for (const lang of ['*', 'zh-CN', 'zh', 'zh-CN,zh;q=0.9,en;q=0.8', 'fr-FR']) {
    test(`answers in Chinese for Accept-Language "${lang}"`, async () => {
      const e = assertError(await srv.get('/api/v1/units/987654', { lang }), 404, 'not_found');
      assert.equal(e.message, e.message_zh);
      assert.match(e.message, CJK);
    });
  }

  for (const lang of ['en', 'en-US', 'en-GB,en;q=0.9', 'EN']) {
    test(`answers in English for Accept-Language "${lang}"`, async () => {
      const e = assertError(await srv.get('/api/v1/units/987654', { lang }), 404, 'not_found');
      assert.equal(e.message, e.message_en);
      assert.ok(isEnglish(e.message), `English: ${e.message}`);
    });
  }

  test('gives non-empty message_zh (Chinese) and message_en (English) for every kind of error', async () => {
    const u = await mk();
    const child = await mk({ parent_id: u.id });
    const calls = [
      ['bad_json', () => srv.request('POST', '/api/v1/units', { body: '{', headers: { 'Content-Type': 'application/json' } })],
      ['bad_query', () => srv.get('/api/v1/units?page=0')],
      ['missing_field', () => srv.post('/api/v1/units', { name: 'x', kind: 'town' })],
      ['unknown_field', () => srv.post('/api/v1/units', { code: code(), name: 'x', kind: 'town', foo: 1 })],
      ['wrong_type', () => srv.post('/api/v1/units', { code: code(), name: 1, kind: 'town' })],
      ['too_long', () => srv.post('/api/v1/units', { code: code(), name: 'x'.repeat(101), kind: 'town' })],
      ['invalid_value', () => srv.post('/api/v1/units', { code: code(), name: 'x', kind: 'city' })],
      ['cycle', () => srv.patch(`/api/v1/units/${u.id}`, { parent_id: child.id })],
      ['not_found', () => srv.get('/api/v1/units/987654')],
      ['method_not_allowed', () => srv.request('PUT', '/api/v1/units', { json: {} })],
      ['duplicate', () => srv.post('/api/v1/units', { code: u.code, name: 'x', kind: 'town' })],
      ['has_children', () => srv.del(`/api/v1/units/${u.id}`)],
      ['too_large', () => srv.request('POST', '/api/v1/units', { body: Buffer.from(' '.repeat(MAX_BODY + 1)), headers: { 'Content-Type': 'application/json' } })],
      ['unsupported_media_type', () => srv.request('POST', '/api/v1/units', { body: Buffer.from('{}'), headers: { 'Content-Type': 'text/plain' } })],
      ['unauthenticated', () => srv.anon.get('/api/v1/units')],
      ['bad_credentials', () => srv.anon.post('/api/v1/auth/login', { username: ADMIN_USERNAME, password: 'not-the-password' })],
      ['forbidden', async () => (await asEnterprise()).get('/api/v1/users')],
      ['csrf_failed', () => srv.post('/api/v1/units', { code: code(), name: 'x', kind: 'town' }, { csrf: false })],
      ['bad_origin', () => srv.post('/api/v1/units', { code: code(), name: 'x', kind: 'town' }, { headers: { Origin: 'https://evil.example' } })],
    ];
    const problems = [];
    const seen = new Map();
    for (const [want, call] of calls) {
      let r;
      try { r = await call(); } catch (err) { problems.push(`${want}: request failed: ${err.cause?.message || err.message}`); continue; }
      const e = r.json?.error;
      if (!e || e.code !== want) { problems.push(`${want}: got ${r.status} ${r.text.slice(0, 200)}`); continue; }
      if (typeof e.message_zh !== 'string' || !CJK.test(e.message_zh)) problems.push(`${want}: message_zh is not Chinese: ${e.message_zh}`);
      if (!isEnglish(e.message_en)) problems.push(`${want}: message_en is not English: ${e.message_en}`);
      if (e.message !== e.message_zh) problems.push(`${want}: default message is not the Chinese one`);
      seen.set(want, e.message_en);
    }
    assert.deepEqual(problems, []);
    assert.equal(new Set(seen.values()).size, seen.size, 'each kind of error has its own message');
  });

  test('answers in English for every kind of error when asked', async () => {
    const calls = [
      () => srv.get('/api/v1/units?page=0', { lang: 'en' }),
      () => srv.request('POST', '/api/v1/units', { json: { name: 'x', kind: 'town' }, lang: 'en' }),
      () => srv.request('POST', '/api/v1/units', { body: '{', headers: { 'Content-Type': 'application/json' }, lang: 'en' }),
      () => srv.request('PUT', '/api/v1/units', { json: {}, lang: 'en' }),
      () => srv.request('POST', '/api/v1/units', { body: Buffer.from('{}'), headers: { 'Content-Type': 'text/plain' }, lang: 'en' }),
      () => srv.request('POST', '/api/v1/units', { body: Buffer.from(' '.repeat(MAX_BODY + 1)), headers: { 'Content-Type': 'application/json' }, lang: 'en' }),
    ];
    for (const call of calls) {
      const r = await call();
      const e = r.json?.error;
      assert.ok(e, `error body: ${r.status} ${r.text.slice(0, 200)}`);
      assert.equal(e.message, e.message_en, `${e.code}: message is the English one`);
    }
  });
});
