// The annual appraisal 考核评优 (docs/api-contract.md, "Appraisal and awards (issue 7)", and the
// rules of docs/appraisal-rules.md): one scheme taken through its whole life by the appraisal
// office — created, its structure put (two groups of units, an indicator tree two levels deep
// with a leaf of every method, bonus, deduction and veto nodes, three grades with a quota),
// opened (the structure then locked), data entered per subject by the reporter and the office,
// submitted, returned, resubmitted and accepted; the results checked number by number against
// scores worked out by hand in the comments below; the what-if (simulate) that writes nothing;
// publication refused while a subject is not accepted or a leaf has a data error; versions frozen
// (version 1 unchanged after a reopen and a second publication, and the diff between them);
// appeals within the window; the public notice. Then who may do what (a reporter sees only its
// own subjects, the leader and the project office read), and bad input on every write, each
// refused with the field named and nothing changed (read back).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck, assertError, sql, DEMO_PASSWORD } from './server.mjs';

const AP = '/api/v1/appraisal';
const S = `${AP}/schemes`;
const YEAR = 2031; // a year of its own: the demo's schemes (if any) are of other years
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const SUMMARY_KEYS = ['id', 'year', 'kind_id', 'kind_name', 'name', 'subject_type', 'state', 'revision', 'published_version',
  'published_at', 'subject_count', 'leaf_count', 'bonus_cap', 'deduction_cap', 'appeal_days', 'issuing_office',
  'notice_title', 'created_at', 'updated_at'];
const DETAIL_KEYS = [...SUMMARY_KEYS, 'groups', 'subjects', 'indicators', 'grades'];
const LEAF_SETTINGS = ['full_marks', 'method', 'direction', 'cap', 'floor', 'step', 'min_score', 'base', 'disallowed',
  'satisfactory', 'bands', 'trim'];
/** The settings each method uses (a leaf's other settings answer null). */
const METHOD_SETTINGS = {
  ratio: ['cap', 'floor'],
  rank: ['step', 'min_score'],
  efficacy: ['base', 'disallowed', 'satisfactory'],
  band: ['bands'],
  check: [],
  survey: ['trim'],
};

let srv;
let units;
const byCode = {};
const c = {}; // demo clients by user name
let kinds;    // code -> kind
let seq = 0;

const put = (as, path, json) => as.request('PUT', path, { json });
/** The keys of each kind of answer, checked against the contract's in one test at the end. */
const shapes = [];
function shape(what, obj, keys) { shapes.push([what, Object.keys(obj || {}).sort(), [...keys].sort()]); }
/**
 * Runs one refused write per case (run(case) → the response), then check(case) → a string when
 * something changed (after which it restores what it must); every case that is not refused as
 * expected is listed, so that one disagreement does not hide the others. Returns the list.
 */
async function eachRefused(cases, run, check) {
  const problems = [];
  for (const cs of cases) {
    const label = `${JSON.stringify(cs.body ?? cs.label).slice(0, 140)} (expected ${cs.code || '422'} ${cs.field})`;
    const r = await run(cs);
    try { refused(r, cs.field, cs.code); } catch (e) { problems.push(`${label}: got ${r.status} ${r.text.slice(0, 240)}`); }
    const changed = check ? await check(cs, r) : null;
    if (changed) problems.push(`${label}: ${changed}`);
  }
  return problems;
}
/** The newest 1,000 records of the operation log (every resource). */
const auditLog = async () => (await ok(await srv.get('/api/v1/audit?page_size=1000'))).items;
const pick = (obj, keys) => Object.fromEntries(keys.map((k) => [k, obj[k]]));
async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 800)}`);
  return r.json;
}
const getScheme = async (id, as = c.appraisal) => ok(await as.get(`${S}/${id}`));
/** Every node of an indicator tree, depth first. */
function flatten(nodes, out = []) {
  for (const n of nodes) { out.push(n); flatten(n.children || [], out); }
  return out;
}
/** The ids of a scheme's indicators by name. */
const idsByName = (scheme) => Object.fromEntries(flatten(scheme.indicators).map((n) => [n.name, n.id]));
/** A new scheme (201), with defaults for what is not given. */
async function mkScheme(fields = {}, as = c.appraisal) {
  return ok(await as.post(S, {
    year: YEAR, kind_id: kinds.performance.id, name: `考核方案${++seq}`, subject_type: 'unit', ...fields,
  }), 201);
}
/**
 * A 422 naming field exactly (a string) or by a pattern (a RegExp); the code is one of the 422
 * codes. code 'repeat': a repeat within the request, which the contract leaves open between
 * 422 invalid_value and 409 duplicate (the contract's 409 for a unit code already used).
 */
function refused(r, field, code) {
  if (code === 'repeat') {
    assert.ok((r.status === 422 && r.json?.error?.code === 'invalid_value') || (r.status === 409 && r.json?.error?.code === 'duplicate'),
      `422 invalid_value or 409 duplicate: ${r.method} ${r.path} -> ${r.status} ${r.text.slice(0, 300)}`);
    const e = assertError(r, r.status, r.json.error.code, undefined);
    if (field instanceof RegExp) assert.match(e.field || '', field, `field of ${r.text}`);
    else assert.equal(e.field, field, `field of ${r.text}`);
    return e;
  }
  const e = assertError(r, 422, code || r.json?.error?.code, undefined);
  assert.ok(['missing_field', 'unknown_field', 'wrong_type', 'too_long', 'invalid_value'].includes(e.code), `a 422 code: ${r.text}`);
  if (field instanceof RegExp) assert.match(e.field || '', field, `field of ${r.text}`);
  else assert.equal(e.field, field, `field of ${r.text}`);
  return e;
}

// ---------------------------------------------------------------------------------------------
// The scheme of the workflow: 考核方案 of the towns (group 0, five subjects) and of the parks and a
// subdistrict (group 1, three subjects), scored on seven leaves under two nodes (full marks 100).
const GROUP_A = ['TOWN-01', 'TOWN-02', 'TOWN-03', 'TOWN-04', 'TOWN-05'];
const GROUP_B = ['PARK-01', 'PARK-02', 'JD-01'];
const L = {
  ratio: '地区生产总值目标完成率', rank: '固定资产投资增速', step: '安全生产事故起数', efficacy: '招商引资成效',
  band: '营商环境评价', check: '信访积案化解', survey: '群众满意度',
  bonus: '创新工作加分', deduction: '通报批评扣分', lowest: '重大安全事故', bar_top: '党风廉政建设',
};
const INDICATORS = [
  { name: '经济发展', kind: 'node', children: [
    // 20 × min(a / t, 1.2); a / t below 0.5 gives 0
    { name: L.ratio, kind: 'leaf', full_marks: 20, method: 'ratio', direction: 'higher', cap: 1.2, floor: 0.5 },
    // 20 − (rank − 1) × (20 − 8) / (n − 1)
    { name: L.rank, kind: 'leaf', full_marks: 20, method: 'rank', direction: 'higher', min_score: 8 },
    // lower is better: max(5 − (rank − 1) × 2, 1)
    { name: L.step, kind: 'leaf', full_marks: 5, method: 'rank', direction: 'lower', step: 2, min_score: 1 },
    // 15 × (0.6 + 0.4 × (a − lo) / (hi − lo)), lo and hi the group's worst and best
    { name: L.efficacy, kind: 'leaf', full_marks: 15, method: 'efficacy', direction: 'higher', base: '0.6' },
  ] },
  { name: '社会治理', kind: 'node', children: [
    // the first band reached: a ≥ 90 gives 15 × 1, ≥ 75 gives 15 × 0.8, ≥ 60 gives 15 × 0.5, else 0
    { name: L.band, kind: 'leaf', full_marks: 15, method: 'band', direction: 'higher',
      bands: [{ threshold: 90, factor: 1 }, { threshold: 75, factor: 0.8 }, { threshold: 60, factor: 0.5 }] },
    { name: L.check, kind: 'leaf', full_marks: 10, method: 'check' },
    // 15 × mean / 100, the highest and the lowest rating dropped when there are 5 or more
    { name: L.survey, kind: 'leaf', full_marks: 15, method: 'survey' },
  ] },
  { name: L.bonus, kind: 'bonus', children: [] },
  { name: L.deduction, kind: 'deduction', children: [] },
  { name: L.lowest, kind: 'veto', veto_mode: 'lowest', children: [] },
  { name: L.bar_top, kind: 'veto', veto_mode: 'bar_top', children: [] },
];
const GRADES = [{ name: '优秀', min_score: 90, quota: 0.2 }, { name: '良好', min_score: 80 }, { name: '一般' }];
const BONUS_CAP = 3;
const DEDUCTION_CAP = 5;

/**
 * The data of each subject. Group A (n = 5):
 *
 *            ratio (a/t)            rank  step  efficacy  band     check  survey                       bonus     deduction  veto
 *   TOWN-01  95/100                 70    2     18        95       1      90 80 100 70 85              2 + 1.5   —          —
 *   TOWN-02  130/100                80    1     20        90       1      100 100 100 100              —         1.5        —
 *   TOWN-03  40/100                 70    2     10        60       0      60 70 80                     —         4 + 3      —
 *   TOWN-04  88/80                  50    3     13.3      80       1      90 95 92 88 91 10            1         —          lowest
 *   TOWN-05  "97.225"/100           30    5     15        59.999   1      88                           —         —          —
 *
 * Scores (points, each rounded once to 0.01, half away from zero):
 *   ratio:    TOWN-01 20 × 0.95 = 19.00; TOWN-02 1.3 capped at 1.2: 24.00; TOWN-03 0.4 < floor 0.5: 0.00;
 *             TOWN-04 20 × 1.1 = 22.00; TOWN-05 20 × 0.97225 = 19.445 → 19.45 (half away from zero)
 *   rank:     80 → 1; 70, 70 → 2, 2; 50 → 4; 30 → 5 (ties share the best rank): 20 − (r − 1) × 12 / 4 =
 *             TOWN-02 20.00, TOWN-01 17.00, TOWN-03 17.00, TOWN-04 11.00, TOWN-05 8.00
 *   step:     lower is better: 1 → 1; 2, 2 → 2; 3 → 4; 5 → 5: max(5 − (r − 1) × 2, 1) =
 *             TOWN-02 5.00, TOWN-01 3.00, TOWN-03 3.00, TOWN-04 max(−1, 1) = 1.00, TOWN-05 1.00
 *   efficacy: lo 10, hi 20: TOWN-01 15 × (0.6 + 0.4 × 0.8) = 13.80; TOWN-02 15.00; TOWN-03 9.00;
 *             TOWN-04 15 × (0.6 + 0.4 × 0.33) = 15 × 0.732 = 10.98; TOWN-05 15 × 0.8 = 12.00
 *   band:     95 → 15.00; 90 (the threshold itself) → 15.00; 60 → 7.50; 80 → 12.00; 59.999 → 0.00
 *   check:    1 → 10.00, 0 → 0.00
 *   survey:   TOWN-01 (90 + 80 + 85) / 3 = 85 → 12.75; TOWN-02 100 → 15.00 (4 ratings: none dropped);
 *             TOWN-03 70 → 10.50; TOWN-04 95 and 10 dropped, (90 + 92 + 88 + 91) / 4 = 90.25 → 13.5375 → 13.54;
 *             TOWN-05 88 → 13.20
 *   leaf_sum: TOWN-01 19 + 17 + 3 + 13.80 + 15 + 10 + 12.75 = 90.55
 *             TOWN-02 24 + 20 + 5 + 15 + 15 + 10 + 15 = 104.00
 *             TOWN-03 0 + 17 + 3 + 9 + 7.50 + 0 + 10.50 = 47.00
 *             TOWN-04 22 + 11 + 1 + 10.98 + 12 + 10 + 13.54 = 80.52
 *             TOWN-05 19.45 + 8 + 1 + 12 + 0 + 10 + 13.20 = 63.65
 *   total:    bonus capped at 3, deduction at 5: TOWN-01 90.55 + min(3.5, 3) = 93.55; TOWN-02 104 − 1.5 = 102.50;
 *             TOWN-03 47 − min(7, 5) = 42.00; TOWN-04 80.52 + 1 = 81.52; TOWN-05 63.65
 *   rank:     TOWN-02 1, TOWN-01 2, TOWN-04 3, TOWN-05 4, TOWN-03 5
 *   grade:    优秀 needs 90 and a rank within floor(0.2 × 5) = 1: TOWN-02 优秀; TOWN-01 (93.55, rank 2) 良好;
 *             TOWN-04 (81.52) would be 良好, its veto (lowest) makes it 一般; TOWN-05, TOWN-03 一般
 *
 * Group B (n = 3):
 *
 *            ratio     rank  step  efficacy  band    check  survey               deduction
 *   PARK-01  100/100   10    1     7         100     1      100 90 80 70 60      —
 *   PARK-02  50/100    10    2     7         75      1      95                   0.25
 *   JD-01    0/100     5     3     7         74.99   1      50 50                —
 *
 *   ratio:    PARK-01 20.00; PARK-02 0.5 is the floor itself (not below it): 10.00; JD-01 0 < 0.5: 0.00
 *   rank:     10, 10 → 1, 1; 5 → 3: 20 − (r − 1) × 12 / 2: 20.00, 20.00, 8.00
 *   step:     1, 2, 3 → 5.00, 3.00, max(1, 1) = 1.00
 *   efficacy: every value 7: hi = lo gives full marks, 15.00 each
 *   band:     100 → 15.00; 75 → 12.00; 74.99 → 7.50
 *   survey:   PARK-01 100 and 60 dropped, 80 → 12.00; PARK-02 95 → 14.25; JD-01 50 → 7.50
 *   leaf_sum: PARK-01 20 + 20 + 5 + 15 + 15 + 10 + 12 = 97.00; PARK-02 10 + 20 + 3 + 15 + 12 + 10 + 14.25 = 84.25;
 *             JD-01 0 + 8 + 1 + 15 + 7.50 + 10 + 7.50 = 49.00
 *   total:    97.00, 84.00, 49.00; ranks 1, 2, 3
 *   grade:    floor(0.2 × 3) = 0 places for 优秀: PARK-01 (97.00) 良好; PARK-02 良好; JD-01 一般
 *
 * PARK-02 is first entered with a ratio target of 0 (a data error: its ratio leaf scores 0, status
 * bad_target; leaf_sum 74.25, total 74.00) and fixed before publication.
 */
const DATA = {
  'TOWN-01': { ratio: [95, 100], rank: 70, step: 2, efficacy: 18, band: 95, check: 1, survey: [90, 80, 100, 70, 85], bonus: [2, 1.5] },
  'TOWN-02': { ratio: [130, 100], rank: 80, step: 1, efficacy: 20, band: 90, check: 1, survey: [100, 100, 100, 100], deduction: [1.5] },
  'TOWN-03': { ratio: [40, 100], rank: 70, step: 2, efficacy: 10, band: 60, check: 0, survey: [60, 70, 80], deduction: [4, 3] },
  'TOWN-04': { ratio: [88, 80], rank: 50, step: 3, efficacy: 13.3, band: 80, check: 1, survey: [90, 95, 92, 88, 91, 10], bonus: [1], veto: ['lowest'] },
  'TOWN-05': { ratio: ['97.225', 100], rank: 30, step: 5, efficacy: 15, band: 59.999, check: 1, survey: [88] },
  'PARK-01': { ratio: [100, 100], rank: 10, step: 1, efficacy: 7, band: 100, check: 1, survey: [100, 90, 80, 70, 60] },
  'PARK-02': { ratio: [50, 0], rank: 10, step: 2, efficacy: 7, band: 75, check: 1, survey: [95], deduction: [0.25] },
  'JD-01': { ratio: [0, 100], rank: 5, step: 3, efficacy: 7, band: 74.99, check: 1, survey: [50, 50] },
};
/** The results worked out above: code -> [leaf_sum, bonus, deduction, total, rank, grade_name, veto]. */
const EXPECTED = {
  'TOWN-02': [104, 0, 1.5, 102.5, 1, '优秀', 'none'],
  'TOWN-01': [90.55, 3, 0, 93.55, 2, '良好', 'none'],
  'TOWN-04': [80.52, 1, 0, 81.52, 3, '一般', 'lowest'],
  'TOWN-05': [63.65, 0, 0, 63.65, 4, '一般', 'none'],
  'TOWN-03': [47, 0, 5, 42, 5, '一般', 'none'],
  'PARK-01': [97, 0, 0, 97, 1, '良好', 'none'],
  'PARK-02': [84.25, 0, 0.25, 84, 2, '良好', 'none'],
  'JD-01': [49, 0, 0, 49, 3, '一般', 'none'],
};
/** Leaf scores worked out above: code -> [ratio, rank, step, efficacy, band, check, survey]. */
const LEAF_SCORES = {
  'TOWN-01': [19, 17, 3, 13.8, 15, 10, 12.75],
  'TOWN-02': [24, 20, 5, 15, 15, 10, 15],
  'TOWN-03': [0, 17, 3, 9, 7.5, 0, 10.5],
  'TOWN-04': [22, 11, 1, 10.98, 12, 10, 13.54],
  'TOWN-05': [19.45, 8, 1, 12, 0, 10, 13.2],
  'PARK-01': [20, 20, 5, 15, 15, 10, 12],
  'PARK-02': [10, 20, 3, 15, 12, 10, 14.25],
  'JD-01': [0, 8, 1, 15, 7.5, 10, 7.5],
};
const RESULT_KEYS = ['subject_id', 'name', 'group_id', 'leaf_sum', 'bonus', 'deduction', 'total', 'rank', 'grade', 'grade_name', 'veto', 'errors'];
const RESULT_LEAF_KEYS = ['indicator_id', 'path', 'method', 'full_marks', 'target', 'actual', 'ratings', 'score', 'status', 'formula'];
const LEAF_ORDER = ['ratio', 'rank', 'step', 'efficacy', 'band', 'check', 'survey'];

/** The PUT body of a subject's data, from DATA (ids from the scheme's indicators). */
function dataBody(code, ids, override = {}) {
  const d = { ...DATA[code], ...override };
  const values = [
    { indicator_id: ids[L.ratio], actual: d.ratio[0], target: d.ratio[1] },
    { indicator_id: ids[L.rank], actual: d.rank, note: `${code} 增速` },
    { indicator_id: ids[L.step], actual: d.step },
    { indicator_id: ids[L.efficacy], actual: d.efficacy },
    { indicator_id: ids[L.band], actual: d.band },
    { indicator_id: ids[L.check], actual: d.check },
    { indicator_id: ids[L.survey], ratings: d.survey },
    ...(d.veto || []).map((v) => ({ indicator_id: ids[L[v]], actual: 1 })),
  ];
  const items = [
    ...(d.bonus || []).map((p, i) => ({ indicator_id: ids[L.bonus], points: p, reason: `加分事项${i + 1}` })),
    ...(d.deduction || []).map((p, i) => ({ indicator_id: ids[L.deduction], points: p, reason: `扣分事项${i + 1}` })),
  ];
  return { values, items };
}

before(async () => {
  srv = await startServer({ data: 'demo' });
  units = await srv.listUnits();
  for (const u of units) byCode[u.code] = u;
  for (const name of ['appraisal', 'project', 'reporter', 'leader', 'town_leader', 'enterprise']) c[name] = await srv.login(name, DEMO_PASSWORD);
  const k = await ok(await srv.get(`${AP}/kinds`));
  kinds = Object.fromEntries(k.items.map((x) => [x.code, x]));
});
after(async () => { await stopAndCheck(srv); });

describe('kinds', () => {
  test('a tenant starts with the three kinds of the contract, and the office adds one', async () => {
    assert.deepEqual(['performance', 'civilisation', 'enterprise'].map((code) => [code, kinds[code]?.name]),
      [['performance', '绩效管理'], ['civilisation', '精神文明建设'], ['enterprise', '优秀企业']]);
    for (const x of Object.values(kinds)) shape('kind', x, ['code', 'id', 'name']);
    const made = await ok(await c.appraisal.post(`${AP}/kinds`, { code: 'safety', name: '安全生产' }), 201);
    assert.deepEqual({ ...made, id: 0 }, { id: 0, code: 'safety', name: '安全生产' });
    const list = await ok(await c.leader.get(`${AP}/kinds`));
    assert.ok(list.items.some((x) => x.id === made.id && x.code === 'safety'));
    assertError(await c.leader.post(`${AP}/kinds`, { code: 'x1', name: '领导' }), 403, 'forbidden', null);
    assertError(await c.appraisal.post(`${AP}/kinds`, { code: 'safety', name: '再来' }), 409, 'duplicate', 'code');
  });
});

describe('the workflow of one scheme, from its creation to its second published version', () => {
  let sc;        // the scheme as last answered
  let ids;       // indicator name -> id
  const sid = {}; // unit code -> subject id
  let v1;        // GET versions/1 right after the first publication
  let results;   // the results before publication
  const put1 = (as, code, body) => put(as, `${S}/${sc.id}/subjects/${sid[code]}/data`, body);
  const act = (as, code, action, body = {}) => as.post(`${S}/${sc.id}/subjects/${sid[code]}/${action}`, body);
  const stateOf = async (code) => (await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid[code]}/data`))).state;

  test('create: 201 a draft with the fields given, no structure yet, listed for its year and kind', async () => {
    const r = await c.appraisal.post(S, {
      year: YEAR, kind_id: kinds.performance.id, name: '2031年度镇（街道）园区综合考核', subject_type: 'unit',
      bonus_cap: BONUS_CAP, deduction_cap: DEDUCTION_CAP, appeal_days: 7, issuing_office: '市绩效管理办公室',
      notice_title: '关于2031年度镇（街道）园区综合考核结果的通报',
    });
    sc = await ok(r, 201);
    shape('scheme', sc, DETAIL_KEYS);
    assert.deepEqual({ ...pick(sc, DETAIL_KEYS), id: 0, revision: 0, created_at: '', updated_at: '' }, {
      id: 0, year: YEAR, kind_id: kinds.performance.id, kind_name: '绩效管理', name: '2031年度镇（街道）园区综合考核',
      subject_type: 'unit', state: 'draft', revision: 0, published_version: null, published_at: null, subject_count: 0, leaf_count: 0,
      created_at: '', updated_at: '', bonus_cap: 3, deduction_cap: 5, appeal_days: 7, issuing_office: '市绩效管理办公室',
      notice_title: '关于2031年度镇（街道）园区综合考核结果的通报', groups: [], subjects: [], indicators: [], grades: [],
    });
    assert.ok(Number.isInteger(sc.revision), 'revision is an integer');
    assert.match(sc.created_at, TS);
    assert.match(r.text, /"bonus_cap":3\.00\b/, 'points are written with two decimals');
    assert.deepEqual(await getScheme(sc.id), sc, 'GET answers the same scheme');
    const list = await ok(await c.appraisal.get(`${S}?year=${YEAR}&kind_id=${kinds.performance.id}`));
    const mine = list.items.find((x) => x.id === sc.id);
    shape('scheme summary', mine, SUMMARY_KEYS);
    assert.deepEqual(pick(mine, SUMMARY_KEYS), pick(sc, SUMMARY_KEYS));
    assert.ok(list.items.every((x) => x.year === YEAR && x.kind_id === kinds.performance.id));
    const other = await ok(await c.appraisal.get(`${S}?year=${YEAR - 1}`));
    assert.ok(!other.items.some((x) => x.id === sc.id), 'not listed for another year');
  });

  test('PUT structure: groups, subjects, the indicator tree and the grades, answered with their ids', async () => {
    const body = {
      groups: [{ name: '镇（街道）组' }, { name: '园区组' }],
      subjects: [...GROUP_A.map((code) => ({ group: 0, unit_id: byCode[code].id })), ...GROUP_B.map((code) => ({ group: 1, unit_id: byCode[code].id }))],
      indicators: INDICATORS,
      grades: GRADES,
    };
    sc = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, body));
    assert.equal(sc.state, 'draft');
    assert.equal(sc.subject_count, 8);
    assert.equal(sc.leaf_count, 7);
    assert.deepEqual(sc.groups.map((g) => g.name), ['镇（街道）组', '园区组']);
    for (const g of sc.groups) assert.ok(Number.isInteger(g.id));
    assert.deepEqual(sc.subjects.map((s) => [s.unit_id, s.group_id, s.enterprise_id, s.name]), [
      ...GROUP_A.map((code) => [byCode[code].id, sc.groups[0].id, null, byCode[code].name]),
      ...GROUP_B.map((code) => [byCode[code].id, sc.groups[1].id, null, byCode[code].name]),
    ]);
    for (const s of sc.subjects) sid[units.find((u) => u.id === s.unit_id).code] = s.id;
    assert.deepEqual(sc.grades, [{ name: '优秀', min_score: 90, quota: 0.2 }, { name: '良好', min_score: 80, quota: null },
      { name: '一般', min_score: null, quota: null }]);
    // the tree as sent, each node with an id, each leaf with every setting (those of other methods null)
    assert.deepEqual(sc.indicators.map((n) => [n.name, n.kind, n.children.map((x) => x.name)]), INDICATORS.map((n) => [n.name, n.kind, n.children.map((x) => x.name)]));
    const all = flatten(sc.indicators);
    assert.equal(new Set(all.map((n) => n.id)).size, all.length, 'every node has its own id');
    for (const n of all) {
      assert.ok(Number.isInteger(n.id) && n.id > 0, `${n.name} has an id`);
      if (n.kind !== 'leaf') {
        for (const k of LEAF_SETTINGS) assert.ok(!(k in n) || n[k] === null, `${n.name} (${n.kind}) has no ${k}`);
        continue;
      }
      for (const k of LEAF_SETTINGS) assert.ok(k in n, `${n.name} has ${k}`);
      for (const k of LEAF_SETTINGS.filter((x) => !['full_marks', 'method', 'direction'].includes(x) && !METHOD_SETTINGS[n.method].includes(x))) {
        assert.equal(n[k], null, `${n.name} (${n.method}): ${k} is null`);
      }
    }
    const leaf = Object.fromEntries(all.map((n) => [n.name, n]));
    assert.deepEqual([leaf[L.ratio].full_marks, leaf[L.ratio].cap, leaf[L.ratio].floor, leaf[L.ratio].direction], [20, 1.2, 0.5, 'higher']);
    assert.deepEqual([leaf[L.rank].min_score, leaf[L.rank].step], [8, null]);
    assert.deepEqual([leaf[L.step].direction, leaf[L.step].step, leaf[L.step].min_score], ['lower', 2, 1]);
    assert.equal(leaf[L.efficacy].base, 0.6);
    assert.deepEqual(leaf[L.band].bands, [{ threshold: 90, factor: 1 }, { threshold: 75, factor: 0.8 }, { threshold: 60, factor: 0.5 }]);
    assert.equal(leaf[L.lowest].veto_mode, 'lowest');
    assert.equal(leaf[L.bar_top].veto_mode, 'bar_top');
    ids = idsByName(sc);
    assert.deepEqual(await getScheme(sc.id), sc);
  });

  test('PUT structure again with the ids it answered keeps every id', async () => {
    const again = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, {
      groups: sc.groups, subjects: sc.subjects.map((s) => ({ id: s.id, group: sc.groups.findIndex((g) => g.id === s.group_id), unit_id: s.unit_id })),
      indicators: sc.indicators, grades: sc.grades,
    }));
    assert.deepEqual(again.groups, sc.groups);
    assert.deepEqual(again.subjects, sc.subjects);
    assert.deepEqual(again.indicators, sc.indicators);
    assert.deepEqual(again.grades, sc.grades);
    sc = again;
  });

  test('open: draft → open; the structure is then locked (409 invalid_state, nothing changed), the scheme cannot be deleted', async () => {
    assertError(await c.appraisal.post(`${S}/${sc.id}/publish`, {}), 409, 'invalid_state');
    sc = await ok(await c.appraisal.post(`${S}/${sc.id}/open`, {}));
    assert.equal(sc.state, 'open');
    const locked = await getScheme(sc.id);
    assertError(await put(c.appraisal, `${S}/${sc.id}/structure`, { groups: sc.groups, subjects: [], indicators: [], grades: GRADES }), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${S}/${sc.id}/open`, {}), 409, 'invalid_state');
    assertError(await c.appraisal.del(`${S}/${sc.id}`), 409, 'invalid_state');
    assert.deepEqual(await getScheme(sc.id), locked, 'the structure is as it was');
    // the settings of the scheme itself may still change
    const renamed = await ok(await c.appraisal.patch(`${S}/${sc.id}`, { issuing_office: '市绩效管理工作领导小组办公室' }));
    assert.equal(renamed.issuing_office, '市绩效管理工作领导小组办公室');
    sc = renamed;
  });

  test('data: the reporter lists and enters only its own subject; the office enters the others; read back as sent', async () => {
    const mine = await ok(await c.reporter.get(`${S}/${sc.id}/data`));
    assert.deepEqual(mine.items.map((x) => [x.subject_id, x.name, x.group_id, x.state]),
      [[sid['TOWN-01'], byCode['TOWN-01'].name, sc.groups[0].id, 'draft']], 'TOWN-01 only (TOWN-01-JJ is no subject)');
    const everyone = await ok(await c.appraisal.get(`${S}/${sc.id}/data`));
    assert.deepEqual(everyone.items.map((x) => x.subject_id).sort((a, b) => a - b), Object.values(sid).sort((a, b) => a - b));
    for (const x of everyone.items) shape('data list item', x, ['comment', 'group_id', 'name', 'state', 'subject_id', 'updated_at']);

    const body = dataBody('TOWN-01', ids);
    const r = await put1(c.reporter, 'TOWN-01', body);
    await ok(r);
    const back = await ok(await c.reporter.get(`${S}/${sc.id}/subjects/${sid['TOWN-01']}/data`));
    shape('subject data', back, ['comment', 'group_id', 'items', 'name', 'state', 'subject_id', 'updated_at', 'values']);
    for (const v of back.values) shape('data value', v, ['indicator_id', 'target', 'actual', 'ratings', 'note']);
    for (const x of back.items) shape('data item', x, ['indicator_id', 'points', 'reason']);
    assert.equal(back.state, 'draft');
    const byInd = Object.fromEntries(back.values.map((v) => [v.indicator_id, v]));
    assert.deepEqual([byInd[ids[L.ratio]].actual, byInd[ids[L.ratio]].target], [95, 100]);
    assert.deepEqual([byInd[ids[L.rank]].actual, byInd[ids[L.rank]].target, byInd[ids[L.rank]].note], [70, null, 'TOWN-01 增速']);
    assert.deepEqual(byInd[ids[L.survey]].ratings, [90, 80, 100, 70, 85]);
    assert.equal(byInd[ids[L.ratio]].ratings, null, 'ratings are null but for a survey');
    assert.deepEqual(back.items.map((x) => [x.indicator_id, x.points, x.reason]),
      [[ids[L.bonus], 2, '加分事项1'], [ids[L.bonus], 1.5, '加分事项2']]);

    for (const code of [...GROUP_A, ...GROUP_B].filter((x) => x !== 'TOWN-01')) await ok(await put1(c.appraisal, code, dataBody(code, ids)));
    const t5 = await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid['TOWN-05']}/data`));
    const t5ratio = t5.values.find((v) => v.indicator_id === ids[L.ratio]);
    assert.equal(t5ratio.actual, 97.225, 'a decimal sent as a string is read back as the number');
    const t4 = await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid['TOWN-04']}/data`));
    assert.equal(t4.values.find((v) => v.indicator_id === ids[L.lowest]).actual, 1, 'a triggered veto: actual 1');
    const raw = await c.appraisal.get(`${S}/${sc.id}/subjects/${sid['TOWN-02']}/data`);
    assert.match(raw.text, /"points":1\.50\b/, 'item points written with two decimals');
  });

  test('submit, return with a comment, resubmit, accept; each action refused from the wrong state', async () => {
    // a draft can be neither accepted nor returned
    assertError(await act(c.appraisal, 'TOWN-01', 'accept'), 409, 'invalid_state');
    assertError(await act(c.appraisal, 'TOWN-01', 'return', { comment: '未提交' }), 409, 'invalid_state');
    await ok(await act(c.reporter, 'TOWN-01', 'submit'));
    assert.equal(await stateOf('TOWN-01'), 'submitted');
    assertError(await act(c.reporter, 'TOWN-01', 'submit'), 409, 'invalid_state');
    assertError(await put1(c.reporter, 'TOWN-01', dataBody('TOWN-01', ids)), 409, 'invalid_state', undefined);
    // the reporter does not review
    assertError(await act(c.reporter, 'TOWN-01', 'accept'), 403, 'forbidden');
    assertError(await act(c.reporter, 'TOWN-01', 'return', { comment: '自己退回' }), 403, 'forbidden');
    await ok(await act(c.appraisal, 'TOWN-01', 'return', { comment: '请补充满意度测评的原始记录' }));
    const returned = await ok(await c.reporter.get(`${S}/${sc.id}/subjects/${sid['TOWN-01']}/data`));
    assert.deepEqual([returned.state, returned.comment], ['returned', '请补充满意度测评的原始记录']);
    const listed = (await ok(await c.reporter.get(`${S}/${sc.id}/data`))).items[0];
    assert.deepEqual([listed.state, listed.comment], ['returned', '请补充满意度测评的原始记录']);
    // returned: the reporter may change its data again and resubmit
    await ok(await put1(c.reporter, 'TOWN-01', dataBody('TOWN-01', ids)));
    await ok(await act(c.reporter, 'TOWN-01', 'submit'));
    await ok(await act(c.appraisal, 'TOWN-01', 'accept'));
    assert.equal(await stateOf('TOWN-01'), 'accepted');
    assertError(await act(c.appraisal, 'TOWN-01', 'accept'), 409, 'invalid_state');
    assertError(await act(c.reporter, 'TOWN-01', 'submit'), 409, 'invalid_state');
    assertError(await put1(c.appraisal, 'TOWN-01', dataBody('TOWN-01', ids)), 409, 'invalid_state', undefined);
    // the office submits the others; accepts all but PARK-02
    for (const code of [...GROUP_A, ...GROUP_B].filter((x) => x !== 'TOWN-01')) await ok(await act(c.appraisal, code, 'submit'));
    for (const code of [...GROUP_A, ...GROUP_B].filter((x) => !['TOWN-01', 'PARK-02'].includes(x))) await ok(await act(c.appraisal, code, 'accept'));
  });

  test('publish is refused while a subject is not accepted (PARK-02 submitted)', async () => {
    assert.equal(await stateOf('PARK-02'), 'submitted');
    assertError(await c.appraisal.post(`${S}/${sc.id}/publish`, {}), 409, 'invalid_state');
    assert.equal((await getScheme(sc.id)).state, 'open');
    assert.deepEqual((await ok(await c.appraisal.get(`${S}/${sc.id}/versions`))).items, []);
  });

  test('results: a leaf with a data error (PARK-02\'s ratio target 0) scores 0 with its status, and publish is refused while it stands', async () => {
    const r = await ok(await c.appraisal.get(`${S}/${sc.id}/results`));
    const p2 = r.items.find((x) => x.subject_id === sid['PARK-02']);
    assert.deepEqual([p2.leaf_sum, p2.total, p2.rank], [74.25, 74, 2], 'ratio 0: 74.25 − 0.25');
    assert.ok(Array.isArray(p2.errors) ? p2.errors.length === 1 : p2.errors === 1, `one error: ${JSON.stringify(p2.errors)}`);
    for (const x of r.items.filter((y) => y.subject_id !== sid['PARK-02'])) {
      assert.ok(Array.isArray(x.errors) ? x.errors.length === 0 : x.errors === 0, `no error for ${x.name}: ${JSON.stringify(x.errors)}`);
    }
    const d = await ok(await c.appraisal.get(`${S}/${sc.id}/results/${sid['PARK-02']}`));
    const ratio = d.leaves.find((x) => x.indicator_id === ids[L.ratio]);
    assert.deepEqual([ratio.status, ratio.score, ratio.target, ratio.actual], ['bad_target', 0, 0, 50]);
    assert.ok(ratio.formula.length > 0, 'the error is explained');
    // accepted with the error: still refused
    await ok(await act(c.appraisal, 'PARK-02', 'accept'));
    assertError(await c.appraisal.post(`${S}/${sc.id}/publish`, {}), 409, 'invalid_state');
    assert.equal((await getScheme(sc.id)).state, 'open');
    // returned, fixed by the office, accepted again
    await ok(await act(c.appraisal, 'PARK-02', 'return', { comment: '目标值不能为0' }));
    await ok(await put1(c.appraisal, 'PARK-02', dataBody('PARK-02', ids, { ratio: [50, 100] })));
    await ok(await act(c.appraisal, 'PARK-02', 'submit'));
    await ok(await act(c.appraisal, 'PARK-02', 'accept'));
  });

  test('results: every total, rank and grade as worked out by hand, by group then rank', async () => {
    const r = await c.appraisal.get(`${S}/${sc.id}/results`);
    results = await ok(r);
    shape('results', results, ['scheme_id', 'name', 'year', 'groups', 'grades', 'items']);
    for (const x of results.items) shape('results item', x, RESULT_KEYS);
    assert.equal(results.scheme_id, sc.id);
    assert.deepEqual(results.groups, [{ id: sc.groups[0].id, name: '镇（街道）组', size: 5 }, { id: sc.groups[1].id, name: '园区组', size: 3 }]);
    assert.deepEqual(results.grades.map((g) => g.name), ['优秀', '良好', '一般']);
    const codeOf = Object.fromEntries(Object.entries(sid).map(([code, id]) => [id, code]));
    assert.deepEqual(results.items.map((x) => codeOf[x.subject_id]), Object.keys(EXPECTED), 'group A by rank, then group B by rank');
    for (const x of results.items) {
      const code = codeOf[x.subject_id];
      assert.deepEqual([x.leaf_sum, x.bonus, x.deduction, x.total, x.rank, x.grade_name, x.veto], EXPECTED[code], code);
      assert.equal(x.name, byCode[code].name);
      assert.equal(x.group_id, sc.groups[GROUP_A.includes(code) ? 0 : 1].id);
      assert.equal(results.grades[x.grade]?.name, x.grade_name, `${code}: grade is the index of grade_name in grades`);
      assert.ok(Array.isArray(x.errors) ? x.errors.length === 0 : x.errors === 0, `${code} has no error: ${JSON.stringify(x.errors)}`);
    }
    assert.match(r.text, /"total":102\.50\b/, 'points written with two decimals');
    assert.match(r.text, /"total":93\.55\b/);
  });

  test('results of one subject: each leaf\'s score, status and a formula with its numbers', async () => {
    for (const code of Object.keys(EXPECTED)) {
      const d = await ok(await c.appraisal.get(`${S}/${sc.id}/results/${sid[code]}`));
      shape('subject result', d, [...RESULT_KEYS, 'leaves', 'items']);
      for (const x of d.leaves) shape('subject result leaf', x, RESULT_LEAF_KEYS);
      assert.equal(d.subject_id, sid[code]);
      assert.deepEqual([d.leaf_sum, d.bonus, d.deduction, d.total, d.rank, d.grade_name, d.veto], EXPECTED[code], code);
      assert.deepEqual(d.leaves.map((x) => x.indicator_id), LEAF_ORDER.map((k) => ids[L[k]]), `${code}: the leaves in tree order`);
      assert.deepEqual(d.leaves.map((x) => x.score), LEAF_SCORES[code], `${code}: leaf scores`);
      for (const x of d.leaves) {
        assert.equal(x.status, 'ok', `${code} ${x.path}`);
        assert.ok(String(x.path).includes(flatten(sc.indicators).find((n) => n.id === x.indicator_id).name), `path names the leaf: ${x.path}`);
        assert.equal(typeof x.formula, 'string');
      }
      assert.deepEqual(d.leaves.map((x) => x.method), ['ratio', 'rank', 'rank', 'efficacy', 'band', 'check', 'survey']);
      assert.deepEqual(d.leaves.map((x) => x.full_marks), [20, 20, 5, 15, 15, 10, 15]);
    }
    const t5 = await ok(await c.appraisal.get(`${S}/${sc.id}/results/${sid['TOWN-05']}`));
    const ratio = t5.leaves[0];
    assert.deepEqual([ratio.actual, ratio.target, ratio.score], [97.225, 100, 19.45]);
    for (const n of ['20.00', '97.225', '100', '1.2', '19.45']) assert.ok(ratio.formula.includes(n), `the ratio formula has ${n}: ${ratio.formula}`);
    const t1 = await ok(await c.appraisal.get(`${S}/${sc.id}/results/${sid['TOWN-01']}`));
    const rank = t1.leaves[1];
    for (const n of ['2', '5', '20.00', '8.00', '17.00']) assert.ok(rank.formula.includes(n), `the rank formula has ${n}: ${rank.formula}`);
    const survey = t1.leaves[6];
    assert.deepEqual(survey.ratings, [90, 80, 100, 70, 85]);
    for (const n of ['15.00', '12.75']) assert.ok(survey.formula.includes(n), `the survey formula has ${n}: ${survey.formula}`);
    const raw = await c.appraisal.get(`${S}/${sc.id}/results/${sid['TOWN-04']}`);
    assert.match(raw.text, /"score":10\.98\b/);
    assert.ok(Array.isArray(t1.items), 'the bonus and deduction items');
    assert.deepEqual(t1.items.map((x) => x.points).sort(), [1.5, 2]);
  });

  test('simulate: changed values give the new totals, ranks and grades with the old ones beside, and write nothing', async () => {
    const before = await ok(await c.appraisal.get(`${S}/${sc.id}/results`));
    const t5data = await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid['TOWN-05']}/data`));
    // TOWN-05's rank value 30 → 90 (rank 1 of the leaf: 20.00; TOWN-02 rank 2: 17.00; TOWN-01 and TOWN-03
    // rank 3: 20 − 2 × 3 = 14.00; TOWN-04 rank 5: 8.00) and its band value 59.999 → 95 (15.00):
    //   TOWN-02 102.50 − 3 = 99.50 (1, 优秀); TOWN-05 63.65 + 12 + 15 = 90.65 (2, 良好: 90 reached, but rank 2 is
    //   beyond the quota); TOWN-01 93.55 − 3 = 90.55 (3, 良好); TOWN-04 81.52 − 3 = 78.52 (4, 一般); TOWN-03 39.00 (5)
    const r = await c.appraisal.post(`${S}/${sc.id}/simulate`, { changes: [
      { subject_id: sid['TOWN-05'], indicator_id: ids[L.rank], actual: 90 },
      { subject_id: sid['TOWN-05'], indicator_id: ids[L.band], actual: '95' },
    ] });
    const sim = await ok(r);
    const codeOf = Object.fromEntries(Object.entries(sid).map(([code, id]) => [id, code]));
    const want = {
      'TOWN-02': [99.5, 1, '优秀'], 'TOWN-05': [90.65, 2, '良好'], 'TOWN-01': [90.55, 3, '良好'], 'TOWN-04': [78.52, 4, '一般'],
      'TOWN-03': [39, 5, '一般'], 'PARK-01': [97, 1, '良好'], 'PARK-02': [84, 2, '良好'], 'JD-01': [49, 3, '一般'],
    };
    assert.deepEqual(sim.items.map((x) => codeOf[x.subject_id]), Object.keys(want), 'by group, then the new rank');
    for (const x of sim.items) {
      shape('simulated item', x, [...RESULT_KEYS, 'before']);
      shape('simulated item before', x.before, ['total', 'rank', 'grade']);
      const code = codeOf[x.subject_id];
      assert.deepEqual([x.total, x.rank, x.grade_name], want[code], code);
      const old = before.items.find((y) => y.subject_id === x.subject_id);
      assert.deepEqual([x.before?.total, x.before?.rank, x.before?.grade], [old.total, old.rank, old.grade], `${code}: before`);
    }
    assert.deepEqual(await ok(await c.appraisal.get(`${S}/${sc.id}/results`)), before, 'the results are as they were');
    assert.deepEqual(await ok(await c.appraisal.get(`${S}/${sc.id}/subjects/${sid['TOWN-05']}/data`)), t5data, 'the data is as it was');
    // a change naming a subject or an indicator not of the scheme
    refused(await c.appraisal.post(`${S}/${sc.id}/simulate`, { changes: [{ subject_id: 987654, indicator_id: ids[L.rank], actual: 1 }] }), 'changes[0].subject_id');
    refused(await c.appraisal.post(`${S}/${sc.id}/simulate`, { changes: [{ subject_id: sid['TOWN-05'], indicator_id: 987654, actual: 1 }] }), 'changes[0].indicator_id');
  });

  test('publish: open → published, version 1 frozen with the results; data and structure then refused', async () => {
    const r = await ok(await c.appraisal.post(`${S}/${sc.id}/publish`, {}));
    assert.equal(r.version, 1, 'the answer names the version made');
    sc = await getScheme(sc.id);
    assert.deepEqual([sc.state, sc.published_version], ['published', 1]);
    const versions = await ok(await c.appraisal.get(`${S}/${sc.id}/versions`));
    assert.equal(versions.items.length, 1);
    shape('version', versions.items[0], ['published_at', 'published_by', 'version']);
    assert.equal(versions.items[0].version, 1);
    assert.match(versions.items[0].published_at, TS);
    assert.ok(versions.items[0].published_by, 'who published it');
    v1 = await ok(await c.appraisal.get(`${S}/${sc.id}/versions/1`));
    const pick = (x) => [x.subject_id, x.leaf_sum, x.bonus, x.deduction, x.total, x.rank, x.grade_name, x.veto];
    assert.deepEqual(v1.items.map(pick), results.items.map(pick), 'the frozen results are those computed');
    const d = await ok(await c.appraisal.get(`${S}/${sc.id}/versions/1/subjects/${sid['TOWN-05']}`));
    assert.deepEqual(d.leaves.map((x) => x.score), LEAF_SCORES['TOWN-05']);
    assert.ok(d.leaves[0].formula.includes('19.45'));
    assertError(await put1(c.appraisal, 'TOWN-02', dataBody('TOWN-02', ids)), 409, 'invalid_state', undefined);
    assertError(await put1(c.reporter, 'TOWN-01', dataBody('TOWN-01', ids)), 409, 'invalid_state', undefined);
    assertError(await c.appraisal.post(`${S}/${sc.id}/publish`, {}), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${S}/${sc.id}/revise`, { reason: '已发布' }), 409, 'invalid_state');
    assertError(await c.appraisal.patch(`${S}/${sc.id}`, { name: '改名' }), 409, 'invalid_state');
    assertError(await put(c.appraisal, `${S}/${sc.id}/structure`, { groups: [], subjects: [], indicators: [], grades: GRADES }), 409, 'invalid_state');
    assertError(await c.appraisal.get(`${S}/${sc.id}/versions/2`), 404, 'not_found');
    assert.deepEqual(await getScheme(sc.id), sc);
  });

  test('the reporter and the leader read the published version, never the live results', async () => {
    for (const who of ['reporter', 'leader']) {
      const v = await ok(await c[who].get(`${S}/${sc.id}/versions/1`));
      assert.deepEqual(v, v1, `${who} reads version 1`);
      await ok(await c[who].get(`${S}/${sc.id}/versions/1/subjects/${sid['TOWN-01']}`));
      assertError(await c[who].get(`${S}/${sc.id}/results`), 403, 'forbidden');
      assertError(await c[who].get(`${S}/${sc.id}/results/${sid['TOWN-01']}`), 403, 'forbidden');
    }
  });

  let appeal;
  test('appeals: the reporter appeals for its subject within the window; another subject is 404; the office answers', async () => {
    const r = await c.reporter.post(`${S}/${sc.id}/appeals`, { subject_id: sid['TOWN-01'], text: '满意度测评样本不足，申请复核' });
    appeal = await ok(r, 201);
    // the contract does not spell the appeal out: as built, {id, scheme_id, subject_id, version, subject_name,
    // text, state: open|upheld|rejected, answer, raised_by_name, created_at, answered_at}
    assert.deepEqual([appeal.subject_id, appeal.text, appeal.version, appeal.state], [sid['TOWN-01'], '满意度测评样本不足，申请复核', 1, 'open']);
    assert.ok(Number.isInteger(appeal.id));
    assertError(await c.leader.post(`${S}/${sc.id}/appeals`, { subject_id: sid['TOWN-01'], text: '领导申诉' }), 403, 'forbidden');
    const listed = await ok(await c.appraisal.get(`${S}/${sc.id}/appeals`));
    assert.deepEqual(listed.items.map((x) => x.id), [appeal.id]);
    const seen = await ok(await c.reporter.get(`${S}/${sc.id}/appeals`));
    assert.deepEqual(seen.items.map((x) => x.id), [appeal.id]);
    assertError(await c.reporter.post(`${AP}/appeals/${appeal.id}/answer`, { decision: 'upheld', answer: '自己答复' }), 403, 'forbidden');
    refused(await c.appraisal.post(`${AP}/appeals/${appeal.id}/answer`, { decision: 'maybe', answer: '待定' }), 'decision');
    const answered = await ok(await c.appraisal.post(`${AP}/appeals/${appeal.id}/answer`, { decision: 'upheld', answer: '经复核，申诉成立，重新计分' }));
    assert.deepEqual([answered.id, answered.state, answered.answer], [appeal.id, 'upheld', '经复核，申诉成立，重新计分']);
    const after = (await ok(await c.reporter.get(`${S}/${sc.id}/appeals`))).items[0];
    assert.deepEqual([after.state, after.answer], ['upheld', '经复核，申诉成立，重新计分']);
    assertError(await c.appraisal.post(`${AP}/appeals/987654/answer`, { decision: 'rejected', answer: '无' }), 404, 'not_found');
    // a subject of the scheme outside the reporter's unit: 404, as for its data
    assertError(await c.reporter.post(`${S}/${sc.id}/appeals`, { subject_id: sid['TOWN-02'], text: '越权申诉' }), 404, 'not_found', 'subject_id');
    assert.deepEqual((await ok(await c.appraisal.get(`${S}/${sc.id}/appeals`))).items.map((x) => x.id), [appeal.id], 'nothing was filed');
  });

  test('reopen and a second publication: version 2 with the change, version 1 unchanged, the diff lists the changed subject', async () => {
    assertError(await c.appraisal.post(`${S}/${sc.id}/reopen`, {}), 422, 'missing_field', 'reason');
    sc = await ok(await c.appraisal.post(`${S}/${sc.id}/reopen`, { reason: '申诉成立，重新审核' }));
    assert.equal(sc.state, 'open');
    assert.equal(sc.published_version, 1, 'the published version stays until the next');
    // TOWN-02's 党风廉政 veto (bar_top) found on review: its 102.50 and rank 1 stay, 优秀 is barred → 良好.
    // TOWN-01 (rank 2) is still beyond the quota of one: nobody else moves.
    await ok(await act(c.appraisal, 'TOWN-02', 'return', { comment: '补报否决事项' }));
    const t2 = dataBody('TOWN-02', ids);
    t2.values.push({ indicator_id: ids[L.bar_top], actual: 1 });
    await ok(await put1(c.appraisal, 'TOWN-02', t2));
    await ok(await act(c.appraisal, 'TOWN-02', 'submit'));
    await ok(await act(c.appraisal, 'TOWN-02', 'accept'));
    await ok(await c.appraisal.patch(`${S}/${sc.id}`, { appeal_days: 0 }));
    assert.equal((await ok(await c.appraisal.post(`${S}/${sc.id}/publish`, {}))).version, 2);
    sc = await getScheme(sc.id);
    assert.deepEqual([sc.state, sc.published_version], ['published', 2]);
    const versions = (await ok(await c.appraisal.get(`${S}/${sc.id}/versions`))).items;
    assert.deepEqual(versions.map((x) => x.version).sort(), [1, 2]);
    assert.deepEqual(await ok(await c.appraisal.get(`${S}/${sc.id}/versions/1`)), v1, 'version 1 is frozen');
    const v2 = await ok(await c.appraisal.get(`${S}/${sc.id}/versions/2`));
    const t2v2 = v2.items.find((x) => x.subject_id === sid['TOWN-02']);
    assert.deepEqual([t2v2.total, t2v2.rank, t2v2.grade_name, t2v2.veto], [102.5, 1, '良好', 'bar_top']);
    const t1v2 = v2.items.find((x) => x.subject_id === sid['TOWN-01']);
    assert.deepEqual([t1v2.total, t1v2.rank, t1v2.grade_name], [93.55, 2, '良好']);
    const diff = await ok(await c.appraisal.get(`${S}/${sc.id}/versions/2/diff?from=1`));
    assert.deepEqual(diff.items, [{ subject_id: sid['TOWN-02'], name: byCode['TOWN-02'].name,
      from: { total: 102.5, rank: 1, grade_name: '优秀' }, to: { total: 102.5, rank: 1, grade_name: '良好' } }]);
    assert.deepEqual((await ok(await c.leader.get(`${S}/${sc.id}/versions/2/diff?from=1`))).items, diff.items);
  });

  test('appeals are refused when appeal_days is 0, and before any publication', async () => {
    const e = assertError(await c.reporter.post(`${S}/${sc.id}/appeals`, { subject_id: sid['TOWN-01'], text: '再次申诉' }), 409, 'invalid_state');
    assert.ok(e.message_en.length > 0);
    assert.deepEqual((await ok(await c.appraisal.get(`${S}/${sc.id}/appeals`))).items.map((x) => x.id), [appeal.id], 'nothing was filed');
    let fresh = await mkScheme({ appeal_days: 10 });
    fresh = await ok(await put(c.appraisal, `${S}/${fresh.id}/structure`, { groups: [{ name: '组' }], subjects: [{ group: 0, unit_id: byCode['TOWN-01'].id }],
      indicators: [{ name: '考核', kind: 'node', children: [{ name: '完成', kind: 'leaf', full_marks: 100, method: 'check' }] }], grades: [{ name: '合格' }] }));
    const subject = fresh.subjects[0].id;
    assertError(await c.reporter.post(`${S}/${fresh.id}/appeals`, { subject_id: subject, text: '草稿' }), 409, 'invalid_state');
    await ok(await c.appraisal.post(`${S}/${fresh.id}/open`, {}));
    assertError(await c.reporter.post(`${S}/${fresh.id}/appeals`, { subject_id: subject, text: '未发布' }), 409, 'invalid_state');
  });

  test('the public notice: listed and readable without a login once published; a draft or open scheme\'s is 404', async () => {
    const code = sql(srv.db, 'SELECT division_code FROM tenants WHERE id = (SELECT min(id) FROM tenants)').trim();
    const q = code ? `?tenant=${code}` : '';
    const list = await ok(await srv.anon.get(`/api/v1/public/notices${q}`));
    const ours = list.items.filter((x) => x.scheme_id === sc.id);
    assert.ok(ours.some((x) => x.version === 2), `version 2 is listed: ${JSON.stringify(ours)}`);
    for (const x of ours) {
      shape('public notice', x, ['issuing_office', 'published_at', 'scheme_id', 'title', 'version']);
      assert.deepEqual([x.title, x.issuing_office], ['关于2031年度镇（街道）园区综合考核结果的通报', '市绩效管理工作领导小组办公室']);
      assert.match(x.published_at, TS);
    }
    const r = await srv.anon.get(`/api/v1/public/notices/${sc.id}/2${q}`);
    const notice = await ok(r);
    assert.equal(notice.title, '关于2031年度镇（街道）园区综合考核结果的通报');
    const items = notice.items ?? notice.results?.items;
    assert.ok(Array.isArray(items), `the notice carries its results: ${r.text.slice(0, 300)}`);
    assert.deepEqual(items.find((x) => x.subject_id === sid['TOWN-02'])?.grade_name, '良好');
    assert.deepEqual(items.find((x) => x.subject_id === sid['TOWN-01'])?.total, 93.55);
    assertError(await srv.anon.get(`/api/v1/public/notices/${sc.id}/3${q}`), 404, 'not_found');
    // a draft and an open scheme (never published) have no notice
    const draft = await mkScheme();
    const open = await mkScheme();
    await ok(await put(c.appraisal, `${S}/${open.id}/structure`, { groups: [{ name: '组' }], subjects: [{ group: 0, unit_id: byCode['TOWN-06'].id }],
      indicators: [{ name: '考核', kind: 'node', children: [{ name: '完成', kind: 'leaf', full_marks: 100, method: 'check' }] }], grades: [{ name: '合格' }] }));
    await ok(await c.appraisal.post(`${S}/${open.id}/open`, {}));
    for (const id of [draft.id, open.id]) {
      for (const v of [0, 1]) assertError(await srv.anon.get(`/api/v1/public/notices/${id}/${v}${q}`), 404, 'not_found');
    }
    assert.ok(!(await ok(await srv.anon.get(`/api/v1/public/notices${q}`))).items.some((x) => [draft.id, open.id].includes(x.scheme_id)));
    // a city that does not exist has no notices
    assertError(await srv.anon.get('/api/v1/public/notices?tenant=999998'), 404, 'not_found');
    assertError(await srv.anon.get(`/api/v1/public/notices/${sc.id}/2?tenant=999998`), 404, 'not_found');
    // the other routes of the appraisal need a login
    assertError(await srv.anon.get(`${S}/${sc.id}`), 401, 'unauthenticated');
    assertError(await srv.anon.get(`${S}/${sc.id}/versions/2`), 401, 'unauthenticated');
  });

  test('the operation log records the scheme, data and appeal writes', async () => {
    const log = await auditLog();
    for (const [resource, id] of [['appraisal_scheme', sc.id], ['appraisal_appeal', appeal.id]]) {
      assert.ok(log.some((x) => x.resource === resource && x.resource_id === id), `${resource} ${id} is logged`);
    }
    assert.ok(log.some((x) => x.resource === 'appraisal_data' && x.username === 'reporter'), 'the reporter\'s data entry is logged');
  });

  test('the operation log is filtered by the appraisal resources', async () => {
    for (const resource of ['appraisal_scheme', 'appraisal_data', 'appraisal_appeal']) {
      const r = await srv.get(`/api/v1/audit?resource=${resource}&page_size=1000`);
      assert.equal(r.status, 200, `resource=${resource}: ${r.text}`);
      assert.ok(r.json.items.length > 0 && r.json.items.every((x) => x.resource === resource), resource);
    }
  });
});

describe('revise and copy', () => {
  test('revise: open → draft with revision + 1 and the data kept; the reason is required', async () => {
    const s = await mkScheme();
    const body = { groups: [{ name: '组' }], subjects: [{ group: 0, unit_id: byCode['TOWN-07'].id }],
      indicators: [{ name: '考核', kind: 'node', children: [{ name: '完成', kind: 'leaf', full_marks: 100, method: 'check' }] }], grades: [{ name: '合格' }] };
    const st = await ok(await put(c.appraisal, `${S}/${s.id}/structure`, body));
    const opened = await ok(await c.appraisal.post(`${S}/${s.id}/open`, {}));
    const leaf = flatten(st.indicators).find((n) => n.kind === 'leaf').id;
    const subject = st.subjects[0].id;
    await ok(await put(c.appraisal, `${S}/${s.id}/subjects/${subject}/data`, { values: [{ indicator_id: leaf, actual: 1 }], items: [] }));
    assertError(await c.appraisal.post(`${S}/${s.id}/revise`, {}), 422, 'missing_field', 'reason');
    const revised = await ok(await c.appraisal.post(`${S}/${s.id}/revise`, { reason: '调整指标权重' }));
    assert.deepEqual([revised.state, revised.revision], ['draft', opened.revision + 1]);
    assertError(await c.appraisal.post(`${S}/${s.id}/revise`, { reason: '再次' }), 409, 'invalid_state');
    const data = await ok(await c.appraisal.get(`${S}/${s.id}/subjects/${subject}/data`));
    assert.deepEqual(data.values.map((v) => [v.indicator_id, v.actual]), [[leaf, 1]], 'the data is kept');
    assertError(await put(c.appraisal, `${S}/${s.id}/subjects/${subject}/data`, { values: [], items: [] }), 409, 'invalid_state', undefined);
    const log = await auditLog();
    assert.ok(log.some((x) => x.resource === 'appraisal_scheme' && x.resource_id === s.id && JSON.stringify(x.changes).includes('调整指标权重')), 'the reason is logged');
  });

  test('copy: a new draft of another year with the same groups, subjects, indicators and grades, and no data', async () => {
    const s = await mkScheme({ bonus_cap: 2 });
    const st = await ok(await put(c.appraisal, `${S}/${s.id}/structure`, { groups: [{ name: '甲组' }, { name: '乙组' }],
      subjects: [{ group: 0, unit_id: byCode['TOWN-07'].id }, { group: 1, unit_id: byCode['TOWN-08'].id }],
      indicators: [{ name: '考核', kind: 'node', children: [{ name: '完成率', kind: 'leaf', full_marks: 60, method: 'ratio', direction: 'higher', cap: 1 }] },
        { name: '加分', kind: 'bonus', children: [] }], grades: GRADES }));
    const copy = await ok(await c.appraisal.post(`${S}/${s.id}/copy`, { year: YEAR + 1, name: '下一年度考核' }), 201);
    assert.notEqual(copy.id, s.id);
    assert.deepEqual([copy.year, copy.name, copy.state, copy.kind_id, copy.bonus_cap], [YEAR + 1, '下一年度考核', 'draft', s.kind_id, 2]);
    const strip = (x) => JSON.parse(JSON.stringify(x, (k, v) => (['id', 'group_id'].includes(k) ? undefined : v)));
    assert.deepEqual(strip(copy.groups), strip(st.groups));
    assert.deepEqual(copy.subjects.map((x) => [x.unit_id, copy.groups.findIndex((g) => g.id === x.group_id)]), [[byCode['TOWN-07'].id, 0], [byCode['TOWN-08'].id, 1]]);
    assert.deepEqual(strip(copy.indicators), strip(st.indicators));
    assert.deepEqual(copy.grades, st.grades);
    const data = await ok(await c.appraisal.get(`${S}/${copy.id}/data`));
    assert.ok(data.items.every((x) => x.state === 'draft'));
  });

  test('DELETE removes a draft (then 404)', async () => {
    const s = await mkScheme();
    const r = await c.appraisal.del(`${S}/${s.id}`);
    assert.ok([200, 204].includes(r.status), r.text);
    assertError(await c.appraisal.get(`${S}/${s.id}`), 404, 'not_found');
  });
});

describe('who may do what', () => {
  let sc;
  let ids;
  const sid = {};
  before(async () => {
    sc = await mkScheme();
    sc = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, {
      groups: [{ name: '镇组' }], subjects: ['TOWN-01', 'TOWN-02', 'TOWN-03'].map((code) => ({ group: 0, unit_id: byCode[code].id })),
      indicators: [{ name: '考核', kind: 'node', children: [{ name: '完成', kind: 'leaf', full_marks: 100, method: 'check' }] }],
      grades: [{ name: '优秀', min_score: 90 }, { name: '合格' }],
    }));
    for (const s of sc.subjects) sid[units.find((u) => u.id === s.unit_id).code] = s.id;
    ids = idsByName(sc);
    await ok(await c.appraisal.post(`${S}/${sc.id}/open`, {}));
  });
  const body = (v = 1) => ({ values: [{ indicator_id: ids['完成'], actual: v }], items: [] });
  const path = (code, tail = 'data') => `${S}/${sc.id}/subjects/${sid[code]}/${tail}`;

  test('a reporter reads and writes only its own subjects\' data; another subject is 404 and unchanged', async () => {
    await ok(await put(c.reporter, path('TOWN-01'), body(1)));
    await ok(await put(c.appraisal, path('TOWN-02'), body(0)));
    const before = await ok(await c.appraisal.get(path('TOWN-02')));
    assertError(await c.reporter.get(path('TOWN-02')), 404, 'not_found');
    assertError(await put(c.reporter, path('TOWN-02'), body(1)), 404, 'not_found');
    assertError(await c.reporter.post(path('TOWN-02', 'submit'), {}), 404, 'not_found');
    assertError(await c.reporter.get(`${S}/${sc.id}/subjects/987654/data`), 404, 'not_found');
    assert.deepEqual(await ok(await c.appraisal.get(path('TOWN-02'))), before);
    assert.deepEqual((await ok(await c.reporter.get(`${S}/${sc.id}/data`))).items.map((x) => x.subject_id), [sid['TOWN-01']]);
    // the town leader of TOWN-02 is a leader: no data at all
    assertError(await c.town_leader.get(`${S}/${sc.id}/data`), 403, 'forbidden');
  });

  test('a reporter reads schemes but cannot manage them, review, compute or simulate', async () => {
    assert.equal((await ok(await c.reporter.get(`${S}/${sc.id}`))).id, sc.id);
    assert.ok((await ok(await c.reporter.get(`${S}?year=${YEAR}`))).items.some((x) => x.id === sc.id));
    assertError(await c.reporter.post(S, { year: YEAR, kind_id: kinds.performance.id, name: '填报员方案', subject_type: 'unit' }), 403, 'forbidden');
    assertError(await c.reporter.patch(`${S}/${sc.id}`, { name: '改名' }), 403, 'forbidden');
    assertError(await put(c.reporter, `${S}/${sc.id}/structure`, { groups: [], subjects: [], indicators: [], grades: [] }), 403, 'forbidden');
    assertError(await c.reporter.post(`${S}/${sc.id}/publish`, {}), 403, 'forbidden');
    assertError(await c.reporter.get(`${S}/${sc.id}/results`), 403, 'forbidden', null);
    assertError(await c.reporter.get(`${S}/${sc.id}/results/${sid['TOWN-01']}`), 403, 'forbidden');
    assertError(await c.reporter.post(`${S}/${sc.id}/simulate`, { changes: [] }), 403, 'forbidden');
    await ok(await c.reporter.post(path('TOWN-01', 'submit'), {}));
    assertError(await c.reporter.post(path('TOWN-01', 'accept'), {}), 403, 'forbidden');
    assertError(await c.reporter.post(path('TOWN-01', 'return'), { comment: 'x' }), 403, 'forbidden');
    assert.equal((await ok(await c.appraisal.get(path('TOWN-01')))).state, 'submitted');
  });

  test('the leader reads schemes and published versions only: no data, no results before publication, no management', async () => {
    assert.equal((await ok(await c.leader.get(`${S}/${sc.id}`))).id, sc.id);
    assertError(await c.leader.get(`${S}/${sc.id}/data`), 403, 'forbidden');
    assertError(await c.leader.get(path('TOWN-03')), 403, 'forbidden');
    assertError(await put(c.leader, path('TOWN-03'), body(1)), 403, 'forbidden');
    assertError(await c.leader.get(`${S}/${sc.id}/results`), 403, 'forbidden');
    assertError(await c.leader.post(`${S}/${sc.id}/simulate`, { changes: [] }), 403, 'forbidden');
    assertError(await c.leader.post(S, { year: YEAR, kind_id: kinds.performance.id, name: '领导方案', subject_type: 'unit' }), 403, 'forbidden');
    assertError(await c.leader.post(path('TOWN-01', 'accept'), {}), 403, 'forbidden');
    assert.deepEqual((await ok(await c.leader.get(`${S}/${sc.id}/versions`))).items, []);
    assertError(await c.leader.get(`${S}/${sc.id}/versions/1`), 404, 'not_found');
  });

  test('the project office reads schemes but cannot manage them', async () => {
    assert.equal((await ok(await c.project.get(`${S}/${sc.id}`))).id, sc.id);
    assertError(await c.project.post(S, { year: YEAR, kind_id: kinds.performance.id, name: '项目办方案', subject_type: 'unit' }), 403, 'forbidden');
    assertError(await c.project.patch(`${S}/${sc.id}`, { name: '改名' }), 403, 'forbidden');
    assertError(await c.project.post(`${S}/${sc.id}/revise`, { reason: 'x' }), 403, 'forbidden');
    assertError(await c.project.del(`${S}/${sc.id}`), 403, 'forbidden');
    assertError(await c.project.get(`${S}/${sc.id}/results`), 403, 'forbidden');
    assertError(await c.project.post(path('TOWN-01', 'accept'), {}), 403, 'forbidden');
    assert.equal((await getScheme(sc.id)).name, sc.name);
  });

  test('an enterprise account reads no appraisal at all', async () => {
    assertError(await c.enterprise.get(`${S}?year=${YEAR}`), 403, 'forbidden');
    assertError(await c.enterprise.get(`${S}/${sc.id}`), 403, 'forbidden');
  });

  test('the appraisal office does everything: reviews, computes and publishes', async () => {
    await ok(await c.appraisal.post(path('TOWN-01', 'accept'), {}));
    for (const code of ['TOWN-02', 'TOWN-03']) {
      if (code === 'TOWN-03') await ok(await put(c.appraisal, path(code), body(1)));
      await ok(await c.appraisal.post(path(code, 'submit'), {}));
      await ok(await c.appraisal.post(path(code, 'accept'), {}));
    }
    const r = await ok(await c.appraisal.get(`${S}/${sc.id}/results`));
    const codeOf = Object.fromEntries(Object.entries(sid).map(([code, id]) => [id, code]));
    // check: 1 → 100.00, 0 → 0.00; TOWN-01 and TOWN-03 tie at 100.00 and share rank 1 (both 优秀: no quota), TOWN-02 is rank 3 (sorted here: the order of a tie is not the point)
    assert.deepEqual(r.items.map((x) => [codeOf[x.subject_id], x.total, x.rank, x.grade_name]).sort(),
      [['TOWN-01', 100, 1, '优秀'], ['TOWN-02', 0, 3, '合格'], ['TOWN-03', 100, 1, '优秀']]);
    await ok(await c.appraisal.post(`${S}/${sc.id}/simulate`, { changes: [] }));
    const pub = await ok(await c.appraisal.post(`${S}/${sc.id}/publish`, {}));
    assert.equal(pub.version, 1);
    assert.deepEqual([(await getScheme(sc.id)).state, (await getScheme(sc.id)).published_version], ['published', 1]);
    assert.equal((await ok(await c.reporter.get(`${S}/${sc.id}/versions/1`))).items.length, 3, 'the reporter reads the published version');
  });
});

describe('bad input: 4xx with the field named, and nothing changed', () => {
  test('creating a scheme: every field missing, of the wrong type or out of range; a duplicate; the list unchanged', async () => {
    const good = { year: YEAR, kind_id: kinds.performance.id, name: '错误输入测试方案', subject_type: 'unit' };
    const listed = async () => (await ok(await c.appraisal.get(S))).items;
    const before = await listed();
    const cases = [
      [{ ...good, year: undefined }, 'missing_field', 'year'],
      [{ ...good, kind_id: undefined }, 'missing_field', 'kind_id'],
      [{ ...good, name: undefined }, 'missing_field', 'name'],
      [{ ...good, subject_type: undefined }, 'missing_field', 'subject_type'],
      [{ ...good, year: '2031' }, 'wrong_type', 'year'],
      [{ ...good, year: 2031.5 }, 'wrong_type', 'year'],
      [{ ...good, year: 999 }, 'invalid_value', 'year'],
      [{ ...good, year: 10000 }, 'invalid_value', 'year'],
      [{ ...good, year: -2031 }, 'invalid_value', 'year'],
      [{ ...good, kind_id: String(kinds.performance.id) }, 'wrong_type', 'kind_id'],
      [{ ...good, kind_id: 987654 }, 'invalid_value', 'kind_id'],
      [{ ...good, kind_id: 0 }, 'invalid_value', 'kind_id'],
      [{ ...good, name: 5 }, 'wrong_type', 'name'],
      [{ ...good, name: null }, 'wrong_type', 'name'],
      [{ ...good, name: '' }, 'invalid_value', 'name'],
      [{ ...good, name: '   ' }, 'invalid_value', 'name'],
      [{ ...good, name: '方案\n换行' }, 'invalid_value', 'name'],
      [{ ...good, name: '长'.repeat(1001) }, 'too_long', 'name'],
      [{ ...good, subject_type: 'person' }, 'invalid_value', 'subject_type'],
      [{ ...good, subject_type: 1 }, 'wrong_type', 'subject_type'],
      [{ ...good, bonus_cap: -1 }, 'invalid_value', 'bonus_cap'],
      [{ ...good, bonus_cap: 1.234 }, 'invalid_value', 'bonus_cap'],
      [{ ...good, bonus_cap: true }, 'wrong_type', 'bonus_cap'],
      [{ ...good, deduction_cap: '5.001' }, 'invalid_value', 'deduction_cap'],
      [{ ...good, deduction_cap: -0.01 }, 'invalid_value', 'deduction_cap'],
      [{ ...good, appeal_days: -1 }, 'invalid_value', 'appeal_days'],
      [{ ...good, appeal_days: 1.5 }, 'wrong_type', 'appeal_days'],
      [{ ...good, appeal_days: '7' }, 'wrong_type', 'appeal_days'],
      [{ ...good, issuing_office: 7 }, 'wrong_type', 'issuing_office'],
      [{ ...good, notice_title: ['通报'] }, 'wrong_type', 'notice_title'],
      [{ ...good, state: 'open' }, 'unknown_field', 'state'],
      [{ ...good, id: 5 }, 'unknown_field', 'id'],
    ];
    const problems = await eachRefused(cases.map(([b, code, field]) => ({ body: JSON.parse(JSON.stringify(b)), code, field })),
      (cs) => c.appraisal.post(S, cs.body),
      async (cs, r) => {
        if (r.status !== 201) return null;
        await c.appraisal.del(`${S}/${r.json.id}`); // made: taken away again so that the next cases start alike
        return 'a scheme was made';
      });
    assert.deepEqual(await listed(), before, 'no scheme was made');
    const made = await mkScheme({ name: '重名方案' });
    assertError(await c.appraisal.post(S, { ...good, name: '重名方案' }), 409, 'duplicate');
    assert.equal((await listed()).filter((x) => x.name === '重名方案').length, 1);
    // the same name in another year or of another kind is another scheme
    await mkScheme({ name: '重名方案', year: YEAR + 1 });
    await mkScheme({ name: '重名方案', kind_id: kinds.civilisation.id });
    assertError(await c.appraisal.request('POST', S, { body: '{"year":2031,', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await c.appraisal.request('POST', S, { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    // PATCH likewise
    refused(await c.appraisal.patch(`${S}/${made.id}`, { bonus_cap: -3 }), 'bonus_cap', 'invalid_value');
    refused(await c.appraisal.patch(`${S}/${made.id}`, { year: 2040 }), 'year', 'unknown_field');
    assert.deepEqual(await getScheme(made.id), made);
    assert.deepEqual(problems, [], 'every bad field refused with its field named');
  });

  describe('the structure', () => {
    let sc;
    const u = (code) => byCode[code].id;
    const base = () => ({
      groups: [{ name: '甲组' }, { name: '乙组' }],
      subjects: [{ group: 0, unit_id: u('TOWN-01') }, { group: 1, unit_id: u('TOWN-02') }],
      indicators: [
        { name: '经济', kind: 'node', children: [{ name: '完成率', kind: 'leaf', full_marks: 50, method: 'ratio', direction: 'higher', cap: 1.2 }] },
        { name: '治理', kind: 'node', children: [{ name: '评价', kind: 'leaf', full_marks: 50, method: 'band', direction: 'higher',
          bands: [{ threshold: 90, factor: 1 }, { threshold: 60, factor: 0.5 }] }] },
      ],
      grades: [{ name: '优秀', min_score: 90, quota: 0.2 }, { name: '良好', min_score: 80 }, { name: '一般' }],
    });
    before(async () => {
      sc = await mkScheme();
      sc = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, base()));
    });
    /** Each structure (base() changed by mutate) refused naming field, the scheme read back unchanged; returns what was not. */
    const refuseAll = (cases) => eachRefused(cases.map(([mutate, field, code]) => {
      const b = base();
      mutate(b);
      return { body: b, field, code, label: String(field) };
    }), (cs) => put(c.appraisal, `${S}/${sc.id}/structure`, cs.body), async () => {
      const now = await getScheme(sc.id);
      if (JSON.stringify(now) === JSON.stringify(sc)) return null;
      sc = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, base()));
      return 'the structure changed';
    });

    test('subjects: a subject in two groups, the same unit twice, a group that does not exist, a unit that does not exist', async () => {
      const s0 = sc.subjects[0];
      assert.deepEqual(await refuseAll([
        [(b) => { b.subjects = [{ id: s0.id, group: 0, unit_id: s0.unit_id }, { id: s0.id, group: 1, unit_id: s0.unit_id }]; }, /^subjects\[1\]/, 'repeat'],
        [(b) => { b.subjects.push({ group: 1, unit_id: u('TOWN-01') }); }, 'subjects[2].unit_id', 'repeat'],
        [(b) => { b.subjects.push({ group: 0, unit_id: u('TOWN-02') }); }, 'subjects[2].unit_id', 'repeat'],
        [(b) => { b.subjects[1].group = 2; }, 'subjects[1].group', 'invalid_value'],
        [(b) => { b.subjects[1].group = -1; }, 'subjects[1].group', 'invalid_value'],
        [(b) => { delete b.subjects[1].group; }, 'subjects[1].group', 'missing_field'],
        [(b) => { b.subjects[1].unit_id = 987654; }, 'subjects[1].unit_id', 'invalid_value'],
        [(b) => { delete b.subjects[1].unit_id; }, 'subjects[1].unit_id', 'missing_field'],
        [(b) => { b.subjects[1].id = 987654; }, 'subjects[1].id', 'invalid_value'],
      ]), []);
    });

    test('leaves: no full marks, cap below 1, bands out of order, a factor over 1, an unknown method or kind', async () => {
      const ratio = (b) => b.indicators[0].children[0];
      const band = (b) => b.indicators[1].children[0];
      assert.deepEqual(await refuseAll([
        [(b) => { delete ratio(b).full_marks; }, 'indicators[0].children[0].full_marks', 'missing_field'],
        [(b) => { ratio(b).full_marks = 0; }, 'indicators[0].children[0].full_marks', 'invalid_value'],
        [(b) => { ratio(b).full_marks = 12.345; }, 'indicators[0].children[0].full_marks', 'invalid_value'],
        [(b) => { ratio(b).cap = 0.99; }, 'indicators[0].children[0].cap', 'invalid_value'],
        [(b) => { ratio(b).cap = '1.0000001'; }, 'indicators[0].children[0].cap', 'invalid_value'],
        [(b) => { ratio(b).method = 'vote'; }, 'indicators[0].children[0].method', 'invalid_value'],
        [(b) => { delete ratio(b).method; }, 'indicators[0].children[0].method', 'missing_field'],
        [(b) => { ratio(b).direction = 'up'; }, 'indicators[0].children[0].direction', 'invalid_value'],
        [(b) => { band(b).bands = [{ threshold: 60, factor: 0.5 }, { threshold: 90, factor: 1 }]; }, /^indicators\[1\]\.children\[0\]\.bands/, 'invalid_value'],
        [(b) => { band(b).bands[0].factor = 1.5; }, /^indicators\[1\]\.children\[0\]\.bands/, 'invalid_value'],
        [(b) => { band(b).bands[1].factor = -0.1; }, /^indicators\[1\]\.children\[0\]\.bands/, 'invalid_value'],
        [(b) => { b.indicators[0].kind = 'group'; }, 'indicators[0].kind', 'invalid_value'],
        [(b) => { delete b.indicators[0].name; }, 'indicators[0].name', 'missing_field'],
        [(b) => { b.indicators.push({ name: '否决', kind: 'veto', veto_mode: 'sometimes', children: [] }); }, 'indicators[2].veto_mode', 'invalid_value'],
      ]), []);
    });

    test('grades: a quota over 1, a last grade with a minimum or a quota, no grade at all', async () => {
      assert.deepEqual(await refuseAll([
        [(b) => { b.grades[0].quota = 1.5; }, 'grades[0].quota', 'invalid_value'],
        [(b) => { b.grades[0].quota = 0; }, 'grades[0].quota', 'invalid_value'],
        [(b) => { b.grades[2].min_score = 60; }, 'grades[2].min_score', 'invalid_value'],
        [(b) => { b.grades[2].quota = 0.5; }, 'grades[2].quota', 'invalid_value'],
        [(b) => { b.grades[1].min_score = '80.001'; }, 'grades[1].min_score', 'invalid_value'],
        [(b) => { b.grades = []; }, 'grades', 'invalid_value'],
      ]), []);
    });
  });

  describe('data', () => {
    let sc;
    let ids;
    let subject;
    let path;
    before(async () => {
      sc = await mkScheme();
      sc = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, {
        groups: [{ name: '组' }], subjects: [{ group: 0, unit_id: byCode['TOWN-01'].id }],
        indicators: [
          { name: '经济', kind: 'node', children: [{ name: '完成率', kind: 'leaf', full_marks: 50, method: 'ratio', direction: 'higher', cap: 1.2 },
            { name: '满意度', kind: 'leaf', full_marks: 50, method: 'survey' }] },
          { name: '加分', kind: 'bonus', children: [] },
        ],
        grades: [{ name: '合格' }],
      }));
      ids = idsByName(sc);
      subject = sc.subjects[0].id;
      path = `${S}/${sc.id}/subjects/${subject}/data`;
      await ok(await c.appraisal.post(`${S}/${sc.id}/open`, {}));
      await ok(await put(c.reporter, path, { values: [{ indicator_id: ids['完成率'], actual: 90, target: 100 }], items: [{ indicator_id: ids['加分'], points: 1, reason: '创新' }] }));
    });

    test('an unknown indicator, a value on a node, an item on a leaf, a rating over 100, seven decimals: 422 with the field, nothing changed', async () => {
      const before = await ok(await c.reporter.get(path));
      const good = { indicator_id: ids['完成率'], actual: 95, target: 100 };
      const cases = [
        [{ values: [good, { indicator_id: 987654, actual: 1 }], items: [] }, 'values[1].indicator_id'],
        [{ values: [{ indicator_id: ids['经济'], actual: 1 }], items: [] }, 'values[0].indicator_id'],
        [{ values: [{ indicator_id: ids['加分'], actual: 1 }], items: [] }, 'values[0].indicator_id'],
        [{ values: [good], items: [{ indicator_id: ids['完成率'], points: 1, reason: '叶子' }] }, 'items[0].indicator_id'],
        [{ values: [good], items: [{ indicator_id: ids['经济'], points: 1, reason: '节点' }] }, 'items[0].indicator_id'],
        [{ values: [good], items: [{ indicator_id: 987654, points: 1, reason: '无' }] }, 'items[0].indicator_id'],
        [{ values: [good, { indicator_id: ids['满意度'], ratings: [90, 100.5] }], items: [] }, /^values\[1\]\.ratings/],
        [{ values: [good, { indicator_id: ids['满意度'], ratings: [-1] }], items: [] }, /^values\[1\]\.ratings/],
        [{ values: [good, { indicator_id: ids['满意度'], ratings: ['九十'] }], items: [] }, /^values\[1\]\.ratings/],
        [{ values: [{ ...good, actual: 1.1234567 }], items: [] }, 'values[0].actual'],
        [{ values: [{ ...good, actual: '95.0000001' }], items: [] }, 'values[0].actual'],
        [{ values: [{ ...good, target: '1e400' }], items: [] }, 'values[0].target'],
        [{ values: [{ ...good, actual: 'abc' }], items: [] }, 'values[0].actual'],
        [{ values: [{ ...good, actual: true }], items: [] }, 'values[0].actual'],
        [{ values: [{ actual: 1 }], items: [] }, 'values[0].indicator_id'],
        [{ values: [good], items: [{ indicator_id: ids['加分'], points: 1.234, reason: '三位小数' }] }, 'items[0].points'],
        [{ values: [good], items: [{ indicator_id: ids['加分'], points: -1, reason: '负分' }] }, 'items[0].points'],
        [{ values: [good], items: [{ indicator_id: ids['加分'], reason: '无分' }] }, 'items[0].points'],
        [{ values: [good, good], items: [] }, 'values[1].indicator_id', 'repeat'],
        [{ values: [{ ...good, score: 50 }], items: [] }, 'values[0].score'],
        [{ values: good, items: [] }, 'values'],
        [{ values: [good], items: [], state: 'accepted' }, 'state'],
      ];
      const original = { values: before.values, items: before.items.map((x) => ({ indicator_id: x.indicator_id, points: x.points, reason: x.reason })) };
      const problems = await eachRefused(cases.map(([body, field, code]) => ({ body, field, code })), (cs) => put(c.reporter, path, cs.body), async () => {
        if (JSON.stringify(await ok(await c.reporter.get(path))) === JSON.stringify(before)) return null;
        await ok(await put(c.reporter, path, original));
        return 'the data changed';
      });
      assert.deepEqual(problems, []);
      // six decimals are exact
      await ok(await put(c.reporter, path, { values: [{ ...good, actual: '95.123456' }], items: [] }));
      assert.equal((await ok(await c.reporter.get(path))).values[0].actual, 95.123456);
    });

    test('review actions on a subject that does not exist, or of another scheme, are 404', async () => {
      for (const tail of ['data', 'submit', 'accept']) {
        assertError(await c.appraisal.post(`${S}/${sc.id}/subjects/987654/${tail}`, {}), tail === 'data' ? 405 : 404, tail === 'data' ? 'method_not_allowed' : 'not_found');
      }
      assertError(await c.appraisal.get(`${S}/987654/subjects/${subject}/data`), 404, 'not_found');
      assertError(await c.appraisal.get(`${S}/987654`), 404, 'not_found');
      assertError(await c.appraisal.get(`${S}/abc`), 404, 'not_found');
      assertError(await c.appraisal.get(`${S}/${sc.id}/versions/1`), 404, 'not_found');
    });
  });
});

describe('the shapes of the answers', () => {
  test('every answer checked above has exactly the keys the contract lists', () => {
    const seen = new Map();
    for (const [what, got, want] of shapes) {
      if (JSON.stringify(got) === JSON.stringify(want)) continue;
      const extra = got.filter((k) => !want.includes(k));
      const missing = want.filter((k) => !got.includes(k));
      seen.set(`${what}: extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing)}`, true);
    }
    assert.ok(shapes.length > 0);
    assert.deepEqual([...seen.keys()], []);
  });
});
