// Access control (docs/api-contract.md, issue 4): the matrix of every demo role (and no login)
// against every operation in docs/openapi.json, exactly as the contract's permission table says;
// and data scope: a unit reporter and a town leader see only their unit and its descendants in
// lists, counts, search and reads by id, and another unit's id answers 404 (IDOR) when read; a
// write the role may not make answers one 403 for every id; nothing
// nothing.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, assertUnchanged, creditCode, sql, REPO_ROOT, DEMO_ACCOUNTS, DEMO_PASSWORD } from './server.mjs';

const DOC = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PW = 'correct horse battery';

/** The contract's permission table: action -> roles. 'public': no login; 'self': every role. */
const TABLE = {
  public: null,
  self: ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader', 'enterprise'],
  'units.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader'],
  'units.write': ['system_admin'],
  'users.read': ['system_admin'],
  'users.write': ['system_admin'],
  'audit.read': ['system_admin', 'appraisal_office'],
  'audit.export': ['system_admin', 'appraisal_office'],
  'login_log.read': ['system_admin'],
  'tenants.switch': ['system_admin'], // and only for an account in tenant 1, as the demo admin's is
  'enterprises.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader'],
  'enterprises.write': ['system_admin', 'project_office'],
  'projects.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader', 'enterprise'],
  'projects.write': ['system_admin', 'project_office'],
  'progress.write': ['system_admin', 'project_office', 'unit_reporter'],
  'problems.raise': ['system_admin', 'project_office', 'unit_reporter', 'enterprise'],
  'problems.handle': ['system_admin', 'project_office', 'unit_reporter'],
  'problems.manage': ['system_admin', 'project_office'],
  'project_settings.write': ['system_admin', 'project_office'],
  'project_stats.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader'],
  'appraisal.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader'],
  'appraisal.manage': ['system_admin', 'appraisal_office'],
  'appraisal.report': ['system_admin', 'appraisal_office', 'unit_reporter'],
  'appraisal.results': ['system_admin', 'appraisal_office'],
  'benchmark.read': ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader'],
  'benchmark.manage': ['system_admin', 'appraisal_office'],
};
/** The action each documented operation needs. */
const ACTION = {
  'GET /healthz': 'public',
  'GET /api/v1/version': 'public',
  'GET /api/v1/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'self',
  'GET /api/v1/auth/me': 'self',
  'POST /api/v1/auth/password': 'self',
  'GET /api/v1/tokens': 'self',
  'POST /api/v1/tokens': 'self',
  'DELETE /api/v1/tokens/{id}': 'self',
  'GET /api/v1/units': 'units.read',
  'GET /api/v1/units/export': 'units.read',
  'GET /api/v1/units/import-template': 'units.read',
  'POST /api/v1/units': 'units.write',
  'POST /api/v1/units/import': 'units.write',
  'POST /api/v1/users/import': 'users.write',
  'GET /api/v1/units/{id}': 'units.read',
  'PATCH /api/v1/units/{id}': 'units.write',
  'DELETE /api/v1/units/{id}': 'units.write',
  'GET /api/v1/users': 'users.read',
  'GET /api/v1/users/export': 'users.read',
  'GET /api/v1/users/import-template': 'users.read',
  'POST /api/v1/users': 'users.write',
  'GET /api/v1/users/{id}': 'users.read',
  'PATCH /api/v1/users/{id}': 'users.write',
  'POST /api/v1/users/{id}/password': 'users.write',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/audit/export': 'audit.export',
  'GET /api/v1/login-log': 'login_log.read',
  'GET /api/v1/login-log/export': 'login_log.read',
  'GET /api/v1/tenants': 'tenants.switch',
  'POST /api/v1/auth/tenant': 'tenants.switch',
  'GET /api/v1/enterprises': 'enterprises.read',
  'GET /api/v1/enterprises/export': 'enterprises.read',
  'GET /api/v1/enterprises/import-template': 'enterprises.read',
  'POST /api/v1/enterprises': 'enterprises.write',
  'POST /api/v1/enterprises/import': 'enterprises.write',
  'GET /api/v1/enterprises/{id}': 'enterprises.read',
  'PATCH /api/v1/enterprises/{id}': 'enterprises.write',
  'DELETE /api/v1/enterprises/{id}': 'enterprises.write',
  'GET /api/v1/industries': 'self',
  'GET /api/v1/projects': 'projects.read',
  'GET /api/v1/projects/export': 'projects.read',
  'GET /api/v1/projects/import-template': 'projects.read',
  'POST /api/v1/projects/import': 'projects.write',
  'GET /api/v1/progress/import-template': 'progress.write',
  'POST /api/v1/progress/import': 'progress.write',
  'POST /api/v1/projects': 'projects.write',
  'POST /api/v1/projects/warnings/recompute': 'project_settings.write',
  'GET /api/v1/projects/{id}': 'projects.read',
  'PATCH /api/v1/projects/{id}': 'projects.write',
  'DELETE /api/v1/projects/{id}': 'projects.write',
  'GET /api/v1/projects/{id}/reports': 'projects.read',
  'GET /api/v1/projects/{id}/reports/{month}/photos': 'projects.read',
  'POST /api/v1/projects/{id}/reports/{month}/photos': 'progress.write',
  'GET /api/v1/photos/{id}': 'projects.read',
  'DELETE /api/v1/photos/{id}': 'progress.write',
  // the appraisal's spreadsheets and evidence
  'GET /api/v1/appraisal/schemes/{id}/results/export': 'appraisal.results',
  'GET /api/v1/appraisal/schemes/{id}/versions/{v}/export': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/versions/{v}/notice.xlsx': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/data/import-template': 'appraisal.report',
  'POST /api/v1/appraisal/schemes/{id}/data/import': 'appraisal.report',
  'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': 'appraisal.report',
  'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': 'appraisal.report',
  'GET /api/v1/appraisal/evidence/{id}': 'appraisal.report',
  'DELETE /api/v1/appraisal/evidence/{id}': 'appraisal.report',
  'GET /api/v1/saved-filters': 'self',
  'POST /api/v1/saved-filters': 'self',
  'DELETE /api/v1/saved-filters/{id}': 'self',
  'PUT /api/v1/projects/{id}/reports/{month}': 'progress.write',
  'GET /api/v1/project-settings/warning-rules/{year}': 'projects.read',
  'PUT /api/v1/project-settings/warning-rules/{year}': 'project_settings.write',
  'GET /api/v1/project-settings/size-classes': 'projects.read',
  'PUT /api/v1/project-settings/size-classes': 'project_settings.write',
  'GET /api/v1/progress': 'project_stats.read',
  'GET /api/v1/progress/missing': 'project_stats.read',
  'GET /api/v1/problems': 'projects.read',
  'POST /api/v1/problems': 'problems.raise',
  'GET /api/v1/problems/{id}': 'projects.read',
  'POST /api/v1/problems/{id}/assign': 'problems.manage',
  'POST /api/v1/problems/{id}/accept': 'problems.handle',
  'POST /api/v1/problems/{id}/resolve': 'problems.handle',
  'POST /api/v1/problems/{id}/confirm': 'problems.raise',
  'POST /api/v1/problems/{id}/reopen': 'problems.raise',
  'POST /api/v1/problems/{id}/escalate': 'problems.manage',
  'GET /api/v1/project-stats': 'project_stats.read',
  'GET /api/v1/project-stats/export': 'project_stats.read',
  'GET /api/v1/cockpit': 'project_stats.read',
  'GET /api/v1/project-settings/targets/{year}': 'project_stats.read',
  'PUT /api/v1/project-settings/targets/{year}': 'project_settings.write',
  'GET /api/v1/appraisal/kinds': 'appraisal.read',
  'POST /api/v1/appraisal/kinds': 'appraisal.manage',
  'GET /api/v1/appraisal/schemes': 'appraisal.read',
  'POST /api/v1/appraisal/schemes': 'appraisal.manage',
  'GET /api/v1/appraisal/schemes/{id}': 'appraisal.read',
  'PATCH /api/v1/appraisal/schemes/{id}': 'appraisal.manage',
  'DELETE /api/v1/appraisal/schemes/{id}': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/copy': 'appraisal.manage',
  'PUT /api/v1/appraisal/schemes/{id}/structure': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/open': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/revise': 'appraisal.manage',
  'GET /api/v1/appraisal/schemes/{id}/data': 'appraisal.report',
  'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': 'appraisal.report',
  'PUT /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': 'appraisal.report',
  'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/submit': 'appraisal.report',
  'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/return': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/accept': 'appraisal.manage',
  'GET /api/v1/appraisal/schemes/{id}/results': 'appraisal.results',
  'GET /api/v1/appraisal/schemes/{id}/results/{sid}': 'appraisal.results',
  'POST /api/v1/appraisal/schemes/{id}/simulate': 'appraisal.results',
  'POST /api/v1/appraisal/schemes/{id}/publish': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/reopen': 'appraisal.manage',
  'POST /api/v1/appraisal/schemes/{id}/sources/refresh': 'appraisal.manage',
  'GET /api/v1/appraisal/schemes/{id}/versions': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/versions/{v}': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/versions/{v}/subjects/{sid}': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/versions/{v}/diff': 'appraisal.read',
  'GET /api/v1/appraisal/schemes/{id}/appeals': 'appraisal.report',
  'POST /api/v1/appraisal/schemes/{id}/appeals': 'appraisal.report',
  'POST /api/v1/appraisal/appeals/{id}/answer': 'appraisal.manage',
  'GET /api/v1/public/notices': 'public',
  'GET /api/v1/public/notices/{id}/{v}': 'public',
  'GET /api/v1/appraisal/awards': 'appraisal.read',
  'POST /api/v1/appraisal/awards': 'appraisal.manage',
  'GET /api/v1/appraisal/awards/{id}': 'appraisal.read',
  'DELETE /api/v1/appraisal/awards/{id}': 'appraisal.manage',
  'POST /api/v1/appraisal/awards/{id}/regenerate': 'appraisal.manage',
  'POST /api/v1/appraisal/awards/{id}/entries': 'appraisal.manage',
  'POST /api/v1/appraisal/awards/{id}/entries/{eid}/remove': 'appraisal.manage',
  'POST /api/v1/appraisal/awards/{id}/publish': 'appraisal.manage',
  'GET /api/v1/appraisal/awards/{id}/export': 'appraisal.read',
  'GET /api/v1/appraisal/awards/{id}/quotas': 'appraisal.report',
  'PUT /api/v1/appraisal/awards/{id}/quotas': 'appraisal.manage',
  'GET /api/v1/appraisal/awards/{id}/nominations': 'appraisal.report',
  'POST /api/v1/appraisal/awards/{id}/nominations': 'appraisal.report',
  'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}': 'appraisal.report',
  'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/approve': 'appraisal.manage',
  'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/reject': 'appraisal.manage',
  'GET /api/v1/public/awards': 'public',
  // benchmarking (对标赶超); sending a goal into an appraisal scheme is the appraisal's
  'GET /api/v1/benchmark/indicators': 'benchmark.read',
  'POST /api/v1/benchmark/indicators': 'benchmark.manage',
  'PATCH /api/v1/benchmark/indicators/{id}': 'benchmark.manage',
  'DELETE /api/v1/benchmark/indicators/{id}': 'benchmark.manage',
  'GET /api/v1/benchmark/cities': 'benchmark.read',
  'POST /api/v1/benchmark/cities': 'benchmark.manage',
  'PATCH /api/v1/benchmark/cities/{id}': 'benchmark.manage',
  'DELETE /api/v1/benchmark/cities/{id}': 'benchmark.manage',
  'GET /api/v1/benchmark/values': 'benchmark.read',
  'PUT /api/v1/benchmark/values': 'benchmark.manage',
  'GET /api/v1/benchmark/values/import-template': 'benchmark.read',
  'POST /api/v1/benchmark/values/import': 'benchmark.manage',
  'GET /api/v1/benchmark/compare': 'benchmark.read',
  'GET /api/v1/benchmark/series': 'benchmark.read',
  'GET /api/v1/benchmark/radar': 'benchmark.read',
  'GET /api/v1/benchmark/projection': 'benchmark.read',
  'GET /api/v1/benchmark/goals': 'benchmark.read',
  'POST /api/v1/benchmark/goals': 'benchmark.manage',
  'GET /api/v1/benchmark/goals/export': 'benchmark.read',
  'GET /api/v1/benchmark/goals/{id}': 'benchmark.read',
  'PATCH /api/v1/benchmark/goals/{id}': 'benchmark.manage',
  'DELETE /api/v1/benchmark/goals/{id}': 'benchmark.manage',
  'GET /api/v1/benchmark/goals/{id}/history': 'benchmark.read',
  'PUT /api/v1/benchmark/goals/{id}/units': 'benchmark.manage',
  'POST /api/v1/benchmark/goals/{id}/send': 'appraisal.manage',
};
/** The status of a successful call of each operation (200 when not listed). */
const SUCCESS = {
  'POST /api/v1/auth/logout': 204, 'POST /api/v1/auth/password': 204, 'POST /api/v1/tokens': 201,
  'DELETE /api/v1/tokens/{id}': 204, 'POST /api/v1/units': 201, 'DELETE /api/v1/units/{id}': 204,
  'POST /api/v1/users': 201, 'POST /api/v1/users/{id}/password': 204,
  'POST /api/v1/enterprises': 201, 'DELETE /api/v1/enterprises/{id}': 204,
  'POST /api/v1/projects': 201, 'DELETE /api/v1/projects/{id}': 204, 'POST /api/v1/problems': 201,
  'POST /api/v1/projects/{id}/reports/{month}/photos': 201, 'DELETE /api/v1/photos/{id}': 204,
  'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': 201, 'DELETE /api/v1/appraisal/evidence/{id}': 204,
  'POST /api/v1/saved-filters': 201, 'DELETE /api/v1/saved-filters/{id}': 204,
  'POST /api/v1/appraisal/kinds': 201, 'POST /api/v1/appraisal/schemes': 201, 'DELETE /api/v1/appraisal/schemes/{id}': 204,
  'POST /api/v1/appraisal/schemes/{id}/copy': 201, 'POST /api/v1/appraisal/schemes/{id}/appeals': 201,
  'POST /api/v1/appraisal/awards': 201, 'DELETE /api/v1/appraisal/awards/{id}': 204,
  'POST /api/v1/appraisal/awards/{id}/nominations': 201, 'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}': 204,
  'POST /api/v1/benchmark/indicators': 201, 'DELETE /api/v1/benchmark/indicators/{id}': 204,
  'POST /api/v1/benchmark/cities': 201, 'DELETE /api/v1/benchmark/cities/{id}': 204,
  'POST /api/v1/benchmark/goals': 201, 'DELETE /api/v1/benchmark/goals/{id}': 204,
};
/**
 * Operations on one project that a role may take but the demo account finds no project for: the
 * enterprise account sees only its own enterprise's projects, and the throwaway projects are no
 * enterprise's, so they answer 404 not_found, as an unknown id does (the action itself is allowed).
 */
const OUT_OF_SCOPE = {
  enterprise: ['GET /api/v1/projects/{id}', 'GET /api/v1/projects/{id}/reports', 'GET /api/v1/projects/{id}/reports/{month}/photos',
    'GET /api/v1/photos/{id}', 'POST /api/v1/problems', 'GET /api/v1/problems/{id}', 'POST /api/v1/problems/{id}/confirm',
    'POST /api/v1/problems/{id}/reopen'],
};
/** The smallest JPEG the server recognises (its bytes begin FF D8 FF). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const pad2 = (n) => String(n).padStart(2, '0');
const NOW = new Date();
const THIS_MONTH = `${NOW.getFullYear()}-${pad2(NOW.getMonth() + 1)}`;
const TOMORROW = (() => { const d = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() + 1); return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`; })();

const documented = [];
for (const [path, item] of Object.entries(DOC.paths)) {
  for (const m of Object.keys(item)) if (METHODS.includes(m)) documented.push(`${m.toUpperCase()} ${path}`);
}

const BM = '/api/v1/benchmark';
let bmShared = null; // the benchmarking data every call shares (made once, by the administrator)

let srv;
let units;          // every demo unit (as the administrator sees them)
const byCode = {};  // code -> unit
const clients = {}; // demo user name -> logged-in client
let seq = 0;

/** The ids of unit u and all its descendants. */
function subtree(code) {
  const root = byCode[code];
  const ids = new Set([root.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) if (u.parent_id !== null && ids.has(u.parent_id) && !ids.has(u.id)) { ids.add(u.id); grew = true; }
  }
  return ids;
}
/** The unit ids a demo account may see (null: all). */
const scopeOf = (name) => (DEMO_ACCOUNTS[name].unit && ['unit_reporter', 'leader'].includes(DEMO_ACCOUNTS[name].role) ? subtree(DEMO_ACCOUNTS[name].unit) : null);

before(async () => {
  srv = await startServer({ data: 'demo' });
  units = await srv.listUnits();
  for (const u of units) byCode[u.code] = u;
  for (const name of Object.keys(DEMO_ACCOUNTS)) clients[name] = await srv.login(name, DEMO_PASSWORD);
});
after(async () => { await stopAndCheck(srv); });

describe('the permission table', () => {
  test('every documented operation has its action in this test (and nothing else is listed)', () => {
    assert.deepEqual(documented.slice().sort(), Object.keys(ACTION).sort());
  });

  test('the demo accounts have the roles and units of the contract', async () => {
    for (const [name, { role, unit }] of Object.entries(DEMO_ACCOUNTS)) {
      const u = clients[name].user;
      assert.equal(u.role, role, name);
      assert.equal(u.unit_id, unit ? byCode[unit].id : null, `${name}'s unit`);
    }
    assert.ok(byCode['TOWN-01-JJ'] && byCode['TOWN-01-JJ'].parent_id === byCode['TOWN-01'].id, 'TOWN-01 has the child TOWN-01-JJ');
  });

  test('GET /api/v1/auth/me lists exactly the permissions of the role', async () => {
    for (const [name, { role }] of Object.entries(DEMO_ACCOUNTS)) {
      const r = await clients[name].me();
      assert.equal(r.status, 200, r.text);
      const want = Object.entries(TABLE).filter(([a, roles]) => roles && a !== 'self' && roles.includes(role)).map(([a]) => a).sort();
      assert.deepEqual([...r.json.permissions].sort(), want, name);
    }
  });
});

/**
 * A call of operation `key` by client c (a demo client, or srv.anon), prepared so that it
 * succeeds when allowed: fresh throwaway records made by the administrator, ids inside the
 * caller's scope. Returns { response, after } where after() restores what the call may have
 * ended (the caller's session after logout or a password change).
 */
async function call(key, c, name) {
  const admin = srv;
  const n = ++seq;
  const scope = name ? scopeOf(name) : null;
  const inScopeUnit = scope ? units.find((u) => scope.has(u.id)) : units[0];
  const throwawayUnit = async () => {
    const r = await admin.post('/api/v1/units', { code: `MX${n}`, name: '矩阵测试', kind: 'other', parent_id: name && scope ? inScopeUnit.id : null });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const throwawayUser = async () => {
    const r = await admin.post('/api/v1/users', { username: `matrix${n}`, display_name: '矩阵测试', role: 'enterprise', password: PW });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const throwawayEnterprise = async () => {
    const r = await admin.post('/api/v1/enterprises', { credit_code: creditCode(100000 + n), name: '矩阵企业', ownership: 'foreign' });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  /** A project of the caller's scope (the administrator makes it), signed this month: reports are accepted. */
  const throwawayProject = async () => {
    const r = await admin.post('/api/v1/projects', {
      code: `MXJ-${n}`, name: '矩阵测试项目', unit_id: inScopeUnit.id, category: 'other', source: 'domestic',
      milestones: { signed: { actual: `${THIS_MONTH}-01` } },
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  /** A photo of a throwaway project's report of this month (the administrator files both). */
  const throwawayPhoto = async () => {
    const p = await throwawayProject();
    const rep = await admin.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 1 } });
    assert.equal(rep.status, 200, rep.text);
    const r = await admin.request('POST', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}/photos`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  /**
   * A problem on a project of the caller's scope, taken to a state by the administrator (assigned
   * to a unit of the caller's scope). For confirm and reopen the caller raises it when its role
   * may (only the raiser or a manager may confirm or reopen); other roles are refused by role.
   */
  const problemIn = async (state, raiser = admin) => {
    const project = (await throwawayProject()).id;
    let r = await raiser.post('/api/v1/problems', { project_id: project, title: '矩阵问题' });
    if (r.status !== 201) r = await admin.post('/api/v1/problems', { project_id: project, title: '矩阵问题' });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const steps = { raised: [], open: ['assign'], accepted: ['assign', 'accept'], resolved: ['assign', 'accept', 'resolve'] }[state];
    for (const a of steps) {
      const x = await admin.post(`/api/v1/problems/${id}/${a}`, a === 'assign' ? { unit_id: inScopeUnit.id, deadline: TOMORROW } : {});
      assert.equal(x.status, 200, x.text);
    }
    return id;
  };
  /**
   * An appraisal scheme made by the appraisal office, taken to a state: one group, one subject
   * (the caller's in-scope unit), one check leaf, one grade; data 1, submitted, accepted,
   * published (appeal_days 7) as the state asks. Returns { id, subject, leaf }.
   */
  const office = clients.appraisal;
  const apprScheme = async (state) => {
    const kinds = await office.get('/api/v1/appraisal/kinds');
    assert.equal(kinds.status, 200, kinds.text);
    const made = await office.post('/api/v1/appraisal/schemes', { year: 2030, kind_id: kinds.json.items[0].id, name: `矩阵方案${n}`, subject_type: 'unit', appeal_days: 7 });
    assert.equal(made.status, 201, made.text);
    const id = made.json.id;
    const st = await office.request('PUT', `/api/v1/appraisal/schemes/${id}/structure`, { json: {
      groups: [{ name: '矩阵组' }], subjects: [{ group: 0, unit_id: inScopeUnit.id }],
      indicators: [{ name: '矩阵', kind: 'node', children: [{ name: '达标', kind: 'leaf', full_marks: 100, method: 'check' }] }],
      grades: [{ name: '合格' }] } });
    assert.equal(st.status, 200, st.text);
    const subject = st.json.subjects[0].id;
    const leaf = st.json.indicators[0].children[0].id;
    const steps = { draft: [], open: ['open'], submitted: ['open', 'data', 'submit'], accepted: ['open', 'data', 'submit', 'accept'],
      published: ['open', 'data', 'submit', 'accept', 'publish'] }[state];
    for (const a of steps) {
      let x;
      if (a === 'open' || a === 'publish') x = await office.post(`/api/v1/appraisal/schemes/${id}/${a}`, {});
      else if (a === 'data') x = await office.request('PUT', `/api/v1/appraisal/schemes/${id}/subjects/${subject}/data`, { json: { values: [{ indicator_id: leaf, actual: 1 }], items: [] } });
      else x = await office.post(`/api/v1/appraisal/schemes/${id}/subjects/${subject}/${a}`, {});
      assert.equal(x.status, 200, `${a}: ${x.text}`);
    }
    return { id, subject, leaf };
  };
  /**
   * An honour list made by the office: of units, derived from a published scheme of the caller's
   * in-scope unit (published when asked: then every reader sees it); or of individuals (a draft,
   * which reporters see) with a quota of 2 for that unit, and a submitted nomination when asked.
   */
  const awardList = async (kind, { publish = false, nominate = false } = {}) => {
    const made = await office.post('/api/v1/appraisal/awards', { kind, name: `矩阵名单${n}`, scheme_id: (await apprScheme('published')).id });
    assert.equal(made.status, 201, made.text);
    const l = made.json;
    if (kind === 'person') {
      const q = await office.request('PUT', `/api/v1/appraisal/awards/${l.id}/quotas`, { json: { items: [{ unit_id: inScopeUnit.id, quota: 2 }] } });
      assert.equal(q.status, 200, q.text);
    }
    if (nominate) {
      const x = await office.post(`/api/v1/appraisal/awards/${l.id}/nominations`, { unit_id: inScopeUnit.id, name: '矩阵个人', deeds: '矩阵事迹' });
      assert.equal(x.status, 201, x.text);
      l.nomination = x.json.id;
    }
    if (publish) assert.equal((await office.post(`/api/v1/appraisal/awards/${l.id}/publish`, {})).status, 200);
    return l;
  };
  const apprTenant = () => {
    const code = sql(srv.db, 'SELECT division_code FROM tenants WHERE id = (SELECT min(id) FROM tenants)').trim();
    return code ? `?tenant=${code}` : '';
  };
  const RULES = { milestone_red_days: 60, invest_red_pct: 50, invest_yellow_pct: 80, invest_from_month: 3, problem_red_days: 30 };
  /**
   * Benchmarking, made once by the administrator: this city (the demo's, or one made when there is
   * none) and a peer, with GDP for 2019–2024. Returns { gdp, self, peer }.
   */
  const bm = () => {
    bmShared ??= (async () => {
      const ok = (r, status = 200) => { assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 300)}`); return r.json; };
      const gdp = ok(await admin.get(`${BM}/indicators`)).items.find((x) => x.code === 'gdp');
      const self = ok(await admin.get(`${BM}/cities`)).items.find((x) => x.is_self) ||
        ok(await admin.post(`${BM}/cities`, { name: '矩阵本市', is_self: true }), 201);
      const peer = ok(await admin.post(`${BM}/cities`, { name: '矩阵对标市' }), 201);
      const values = [];
      for (let year = 2019; year <= 2024; year++) {
        values.push({ indicator_id: gdp.id, city_id: self.id, year, value: 1000 + 50 * (year - 2019) });
        values.push({ indicator_id: gdp.id, city_id: peer.id, year, value: 1500 + 30 * (year - 2019) });
      }
      ok(await admin.request('PUT', `${BM}/values`, { json: { values } }));
      return { gdp, self, peer };
    })();
    return bmShared;
  };
  const bmMade = async (path, body) => {
    const r = await admin.post(`${BM}/${path}`, body);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  /** A goal (GDP 1500 by 2027) made by the administrator, split to the caller's in-scope unit when asked. */
  const bmGoal = async (split = false) => {
    const g = await bmMade('goals', { name: `矩阵目标${n}`, indicator_id: (await bm()).gdp.id, year: 2027, base_year: 2020, target_value: 1500 });
    if (split) {
      const r = await admin.request('PUT', `${BM}/goals/${g.id}/units`, { json: { split: 'shares', units: [{ unit_id: inScopeUnit.id, weight: 1 }] } });
      assert.equal(r.status, 200, r.text);
    }
    return g;
  };
  const bmIndicator = () => bmMade('indicators', { code: `mx_${n}`, name: `矩阵指标${n}`, unit: '件', direction: 'higher', kind: 'flow' });
  const bmCity = () => bmMade('cities', { name: `矩阵城市${n}` });
  // a fresh session for the calls that end sessions, so that c's session stays
  const own = async () => (name ? srv.login(name, DEMO_PASSWORD) : c);
  switch (key) {
    case 'GET /healthz': return c.get('/healthz');
    case 'GET /api/v1/version': return c.get('/api/v1/version');
    case 'GET /api/v1/openapi.json': return c.get('/api/v1/openapi.json');
    case 'POST /api/v1/auth/login': return c.post('/api/v1/auth/login', { username: name || 'admin', password: DEMO_PASSWORD });
    case 'POST /api/v1/auth/logout': return (await own()).post('/api/v1/auth/logout', undefined);
    case 'GET /api/v1/auth/me': return c.get('/api/v1/auth/me');
    case 'POST /api/v1/auth/password': {
      // change to a new password and back; both end every session of the user: log in again after
      const s = await own();
      const r = await s.post('/api/v1/auth/password', { current_password: DEMO_PASSWORD, new_password: 'a temporary password' });
      if (r.status === 204) {
        await s.refresh();
        const back = await s.post('/api/v1/auth/password', { current_password: 'a temporary password', new_password: DEMO_PASSWORD });
        assert.equal(back.status, 204, `changing ${name}'s password back: ${back.text}`);
        clients[name] = await srv.login(name, DEMO_PASSWORD);
        if (name === 'admin') {
          // the harness's own administrator session ended too: give it the new one
          const again = await srv.login(name, DEMO_PASSWORD);
          srv.admin.cookie = again.cookie;
          srv.admin.csrf = again.csrf;
        }
      }
      return r;
    }
    case 'GET /api/v1/tokens': return c.get('/api/v1/tokens');
    case 'POST /api/v1/tokens': return c.post('/api/v1/tokens', { name: `matrix ${n}` });
    case 'DELETE /api/v1/tokens/{id}': {
      const t = name ? await c.post('/api/v1/tokens', { name: `matrix ${n}` }) : await admin.post('/api/v1/tokens', { name: `matrix ${n}` });
      assert.equal(t.status, 201, t.text);
      return c.del(`/api/v1/tokens/${t.json.id}`);
    }
    case 'GET /api/v1/units': return c.get('/api/v1/units');
    case 'GET /api/v1/units/export': return c.get('/api/v1/units/export?format=csv');
    case 'GET /api/v1/units/import-template': return c.get('/api/v1/units/import-template');
    case 'POST /api/v1/units': return assertUnchangedUnlessAllowed(c, () => c.post('/api/v1/units', { code: `MXP${n}`, name: '矩阵测试', kind: 'other' }));
    case 'POST /api/v1/units/import': return assertUnchangedUnlessAllowed(c, () => c.request('POST', '/api/v1/units/import', {
      body: `单位编码,单位名称,单位类型\nMXI${n},矩阵导入,其他\n`, headers: { 'Content-Type': 'text/csv' },
    }));
    case 'POST /api/v1/users/import': return c.request('POST', '/api/v1/users/import?dry_run=true', {
      body: `用户名,姓名,角色,初始密码\nmxi${n},矩阵导入,领导,a matrix password\n`, headers: { 'Content-Type': 'text/csv' },
    });
    case 'GET /api/v1/units/{id}': return c.get(`/api/v1/units/${inScopeUnit.id}`);
    case 'PATCH /api/v1/units/{id}': {
      const u = await throwawayUnit();
      return assertUnchangedUnlessAllowed(c, () => c.patch(`/api/v1/units/${u.id}`, { name: '矩阵改名' }));
    }
    case 'DELETE /api/v1/units/{id}': {
      const u = await throwawayUnit();
      return assertUnchangedUnlessAllowed(c, () => c.del(`/api/v1/units/${u.id}`));
    }
    case 'GET /api/v1/users': return c.get('/api/v1/users');
    case 'GET /api/v1/users/export': return c.get('/api/v1/users/export');
    case 'GET /api/v1/users/import-template': return c.get('/api/v1/users/import-template');
    case 'POST /api/v1/users': return c.post('/api/v1/users', { username: `matrixp${n}`, display_name: '矩阵测试', role: 'enterprise', password: PW });
    case 'GET /api/v1/users/{id}': return c.get(`/api/v1/users/${(await throwawayUser()).id}`);
    case 'PATCH /api/v1/users/{id}': return c.patch(`/api/v1/users/${(await throwawayUser()).id}`, { display_name: '矩阵改名' });
    case 'POST /api/v1/users/{id}/password': return c.post(`/api/v1/users/${(await throwawayUser()).id}/password`, { new_password: 'set by the matrix' });
    case 'GET /api/v1/audit': return c.get('/api/v1/audit');
    case 'GET /api/v1/audit/export': return c.get('/api/v1/audit/export');
    case 'GET /api/v1/login-log': return c.get('/api/v1/login-log');
    case 'GET /api/v1/login-log/export': return c.get('/api/v1/login-log/export');
    case 'GET /api/v1/tenants': return c.get('/api/v1/tenants');
    case 'POST /api/v1/auth/tenant': return c.post('/api/v1/auth/tenant', { tenant_id: 1 }); // the city it is in
    case 'GET /api/v1/enterprises': return c.get('/api/v1/enterprises');
    case 'GET /api/v1/enterprises/export': return c.get('/api/v1/enterprises/export?format=csv');
    case 'GET /api/v1/enterprises/import-template': return c.get('/api/v1/enterprises/import-template');
    case 'POST /api/v1/enterprises': return c.post('/api/v1/enterprises', { credit_code: creditCode(n), name: '矩阵测试', ownership: 'domestic' });
    case 'POST /api/v1/enterprises/import': return c.request('POST', '/api/v1/enterprises/import?dry_run=true', {
      body: `统一社会信用代码,企业名称,企业性质\n${creditCode(n)},矩阵导入,内资\n`, headers: { 'Content-Type': 'text/csv' },
    });
    case 'GET /api/v1/enterprises/{id}': return c.get(`/api/v1/enterprises/${(await throwawayEnterprise()).id}`);
    case 'PATCH /api/v1/enterprises/{id}': return c.patch(`/api/v1/enterprises/${(await throwawayEnterprise()).id}`, { name: '矩阵改名' });
    case 'DELETE /api/v1/enterprises/{id}': return c.del(`/api/v1/enterprises/${(await throwawayEnterprise()).id}`);
    case 'GET /api/v1/industries': return c.get('/api/v1/industries?level=1');
    case 'GET /api/v1/projects': return c.get('/api/v1/projects');
    case 'GET /api/v1/projects/export': return c.get('/api/v1/projects/export?format=csv');
    case 'GET /api/v1/projects/import-template': return c.get('/api/v1/projects/import-template');
    case 'POST /api/v1/projects/import': return c.request('POST', '/api/v1/projects/import?dry_run=true', {
      body: `项目编码,项目名称,责任单位,项目类别,项目来源\nMXI-${n},矩阵导入项目,${inScopeUnit.code},其他,内资\n`, headers: { 'Content-Type': 'text/csv' },
    });
    case 'GET /api/v1/progress/import-template': return c.get(`/api/v1/progress/import-template?month=${THIS_MONTH}`);
    case 'POST /api/v1/progress/import': return c.request('POST', `/api/v1/progress/import?month=${THIS_MONTH}&dry_run=true`, {
      body: `项目编码,本月完成投资（万元）\n${(await throwawayProject()).code},1\n`, headers: { 'Content-Type': 'text/csv' },
    });
    case 'POST /api/v1/projects': return c.post('/api/v1/projects', { code: `MXP-${n}`, name: '矩阵测试项目', unit_id: inScopeUnit.id, category: 'other', source: 'domestic' });
    case 'POST /api/v1/projects/warnings/recompute': return c.post('/api/v1/projects/warnings/recompute', {});
    case 'GET /api/v1/projects/{id}': return c.get(`/api/v1/projects/${(await throwawayProject()).id}`);
    case 'PATCH /api/v1/projects/{id}': return c.patch(`/api/v1/projects/${(await throwawayProject()).id}`, { name: '矩阵改名' });
    case 'DELETE /api/v1/projects/{id}': return c.del(`/api/v1/projects/${(await throwawayProject()).id}`);
    case 'GET /api/v1/projects/{id}/reports': return c.get(`/api/v1/projects/${(await throwawayProject()).id}/reports`);
    case 'PUT /api/v1/projects/{id}/reports/{month}':
      return c.request('PUT', `/api/v1/projects/${(await throwawayProject()).id}/reports/${THIS_MONTH}`, { json: { amount: 100, progress: '矩阵' } });
    case 'GET /api/v1/project-settings/warning-rules/{year}': return c.get('/api/v1/project-settings/warning-rules/2001');
    case 'PUT /api/v1/project-settings/warning-rules/{year}': return c.request('PUT', '/api/v1/project-settings/warning-rules/2001', { json: RULES });
    case 'GET /api/v1/project-settings/size-classes': return c.get('/api/v1/project-settings/size-classes');
    case 'PUT /api/v1/project-settings/size-classes':
      return c.request('PUT', '/api/v1/project-settings/size-classes', { json: { thresholds: [10000000000, 50000000000, 100000000000, 500000000000] } });
    case 'GET /api/v1/projects/{id}/reports/{month}/photos': return c.get(`/api/v1/projects/${(await throwawayPhoto()).project_id}/reports/${THIS_MONTH}/photos`);
    case 'POST /api/v1/projects/{id}/reports/{month}/photos': {
      const p = await throwawayProject();
      await admin.request('PUT', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}`, { json: { amount: 1 } });
      return c.request('POST', `/api/v1/projects/${p.id}/reports/${THIS_MONTH}/photos`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
    }
    case 'GET /api/v1/photos/{id}': return c.get((await throwawayPhoto()).url);
    case 'DELETE /api/v1/photos/{id}': return c.del((await throwawayPhoto()).url);
    case 'GET /api/v1/appraisal/schemes/{id}/results/export': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('accepted')).id}/results/export`);
    case 'GET /api/v1/appraisal/schemes/{id}/versions/{v}/export': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/versions/1/export`);
    case 'GET /api/v1/appraisal/schemes/{id}/versions/{v}/notice.xlsx': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/versions/1/notice.xlsx`);
    case 'GET /api/v1/appraisal/schemes/{id}/data/import-template': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('open')).id}/data/import-template`);
    case 'POST /api/v1/appraisal/schemes/{id}/data/import': {
      const s = await apprScheme('open');
      const sheet = (await office.get(`/api/v1/appraisal/schemes/${s.id}/data/import-template`)).bytes;
      return c.request('POST', `/api/v1/appraisal/schemes/${s.id}/data/import?dry_run=true`, { body: sheet, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    }
    case 'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': {
      const s = await apprScheme('open');
      return c.get(`/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/evidence`);
    }
    case 'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence': {
      const s = await apprScheme('open');
      return c.request('POST', `/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/evidence`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
    }
    case 'GET /api/v1/appraisal/evidence/{id}':
    case 'DELETE /api/v1/appraisal/evidence/{id}': {
      const s = await apprScheme('open');
      const up = await office.request('POST', `/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/evidence`, { body: JPEG, headers: { 'Content-Type': 'image/jpeg' } });
      assert.equal(up.status, 201, up.text);
      return key.startsWith('GET') ? c.get(up.json.url) : c.del(up.json.url);
    }
    case 'GET /api/v1/saved-filters': return c.get('/api/v1/saved-filters');
    case 'POST /api/v1/saved-filters': return c.post('/api/v1/saved-filters', { resource: 'projects', name: `矩阵${n}`, query: 'warning=red' });
    case 'DELETE /api/v1/saved-filters/{id}': {
      const made = await c.post('/api/v1/saved-filters', { resource: 'problems', name: `矩阵删${n}`, query: 'overdue=true' });
      return c.del(`/api/v1/saved-filters/${made.json.id}`);
    }
    case 'GET /api/v1/progress': return c.get(`/api/v1/progress?unit_id=${inScopeUnit.id}`);
    case 'GET /api/v1/progress/missing': return c.get('/api/v1/progress/missing');
    case 'GET /api/v1/problems': return c.get('/api/v1/problems');
    case 'POST /api/v1/problems': return c.post('/api/v1/problems', { project_id: (await throwawayProject()).id, title: '矩阵问题' });
    case 'GET /api/v1/problems/{id}': return c.get(`/api/v1/problems/${await problemIn('open')}`);
    case 'POST /api/v1/problems/{id}/assign':
      return c.post(`/api/v1/problems/${await problemIn('raised')}/assign`, { unit_id: inScopeUnit.id, deadline: TOMORROW });
    case 'POST /api/v1/problems/{id}/accept': return c.post(`/api/v1/problems/${await problemIn('open')}/accept`, {});
    case 'POST /api/v1/problems/{id}/resolve': return c.post(`/api/v1/problems/${await problemIn('accepted')}/resolve`, {});
    case 'POST /api/v1/problems/{id}/confirm': return c.post(`/api/v1/problems/${await problemIn('resolved', c)}/confirm`, {});
    case 'POST /api/v1/problems/{id}/reopen': return c.post(`/api/v1/problems/${await problemIn('resolved', c)}/reopen`, { comment: '矩阵' });
    case 'POST /api/v1/problems/{id}/escalate': {
      const id = await problemIn('accepted');
      // overdue as time would make it: the stored deadline moved back
      sql(srv.db, `UPDATE problems SET deadline = '2000-01-01' WHERE tenant_id = (SELECT min(id) FROM tenants) AND id = ${id}`);
      return c.post(`/api/v1/problems/${id}/escalate`, { comment: '矩阵督办' });
    }
    case 'GET /api/v1/project-stats': return c.get('/api/v1/project-stats');
    case 'GET /api/v1/project-stats/export': return c.get('/api/v1/project-stats/export');
    case 'GET /api/v1/cockpit': return c.get('/api/v1/cockpit');
    case 'GET /api/v1/project-settings/targets/{year}': return c.get('/api/v1/project-settings/targets/2001');
    case 'PUT /api/v1/project-settings/targets/{year}':
      return c.request('PUT', '/api/v1/project-settings/targets/2001', { json: { targets: [{ unit_id: 0, measure: 'signed', count: 3, amount: 0 }] } });
    case 'GET /api/v1/appraisal/kinds': return c.get('/api/v1/appraisal/kinds');
    case 'POST /api/v1/appraisal/kinds': return c.post('/api/v1/appraisal/kinds', { code: `mx${n}`, name: `矩阵类别${n}` });
    case 'GET /api/v1/appraisal/schemes': return c.get('/api/v1/appraisal/schemes');
    case 'POST /api/v1/appraisal/schemes': {
      const kinds = await office.get('/api/v1/appraisal/kinds');
      return c.post('/api/v1/appraisal/schemes', { year: 2030, kind_id: kinds.json.items[0].id, name: `矩阵新方案${n}`, subject_type: 'unit' });
    }
    case 'GET /api/v1/appraisal/schemes/{id}': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('draft')).id}`);
    case 'PATCH /api/v1/appraisal/schemes/{id}': return c.patch(`/api/v1/appraisal/schemes/${(await apprScheme('draft')).id}`, { name: `矩阵改名${n}` });
    case 'DELETE /api/v1/appraisal/schemes/{id}': return c.del(`/api/v1/appraisal/schemes/${(await apprScheme('draft')).id}`);
    case 'POST /api/v1/appraisal/schemes/{id}/copy': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/copy`, { year: 2031, name: `矩阵复制${n}` });
    case 'PUT /api/v1/appraisal/schemes/{id}/structure': return c.request('PUT', `/api/v1/appraisal/schemes/${(await apprScheme('draft')).id}/structure`, { json: {
      groups: [{ name: '矩阵组' }], subjects: [{ group: 0, unit_id: inScopeUnit.id }],
      indicators: [{ name: '矩阵', kind: 'node', children: [{ name: '达标', kind: 'leaf', full_marks: 10, method: 'check' }] }], grades: [{ name: '合格' }] } });
    case 'POST /api/v1/appraisal/schemes/{id}/open': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('draft')).id}/open`, {});
    case 'POST /api/v1/appraisal/schemes/{id}/revise': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('open')).id}/revise`, { reason: '矩阵' });
    case 'POST /api/v1/appraisal/schemes/{id}/sources/refresh': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('open')).id}/sources/refresh`, {});
    case 'GET /api/v1/appraisal/schemes/{id}/data': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('open')).id}/data`);
    case 'GET /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': {
      const s = await apprScheme('open');
      return c.get(`/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/data`);
    }
    case 'PUT /api/v1/appraisal/schemes/{id}/subjects/{sid}/data': {
      const s = await apprScheme('open');
      return c.request('PUT', `/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/data`, { json: { values: [{ indicator_id: s.leaf, actual: 1 }], items: [] } });
    }
    case 'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/submit': {
      const s = await apprScheme('open');
      return c.post(`/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/submit`, {});
    }
    case 'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/return': {
      const s = await apprScheme('submitted');
      return c.post(`/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/return`, { comment: '矩阵退回' });
    }
    case 'POST /api/v1/appraisal/schemes/{id}/subjects/{sid}/accept': {
      const s = await apprScheme('submitted');
      return c.post(`/api/v1/appraisal/schemes/${s.id}/subjects/${s.subject}/accept`, {});
    }
    case 'GET /api/v1/appraisal/schemes/{id}/results': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('accepted')).id}/results`);
    case 'GET /api/v1/appraisal/schemes/{id}/results/{sid}': {
      const s = await apprScheme('accepted');
      return c.get(`/api/v1/appraisal/schemes/${s.id}/results/${s.subject}`);
    }
    case 'POST /api/v1/appraisal/schemes/{id}/simulate': {
      const s = await apprScheme('accepted');
      return c.post(`/api/v1/appraisal/schemes/${s.id}/simulate`, { changes: [{ subject_id: s.subject, indicator_id: s.leaf, actual: 0 }] });
    }
    case 'POST /api/v1/appraisal/schemes/{id}/publish': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('accepted')).id}/publish`, {});
    case 'POST /api/v1/appraisal/schemes/{id}/reopen': return c.post(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/reopen`, { reason: '矩阵' });
    case 'GET /api/v1/appraisal/schemes/{id}/versions': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/versions`);
    case 'GET /api/v1/appraisal/schemes/{id}/versions/{v}': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/versions/1`);
    case 'GET /api/v1/appraisal/schemes/{id}/versions/{v}/subjects/{sid}': {
      const s = await apprScheme('published');
      return c.get(`/api/v1/appraisal/schemes/${s.id}/versions/1/subjects/${s.subject}`);
    }
    case 'GET /api/v1/appraisal/schemes/{id}/versions/{v}/diff': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/versions/1/diff?from=1`);
    case 'GET /api/v1/appraisal/schemes/{id}/appeals': return c.get(`/api/v1/appraisal/schemes/${(await apprScheme('published')).id}/appeals`);
    case 'POST /api/v1/appraisal/schemes/{id}/appeals': {
      const s = await apprScheme('published');
      return c.post(`/api/v1/appraisal/schemes/${s.id}/appeals`, { subject_id: s.subject, text: '矩阵申诉' });
    }
    case 'POST /api/v1/appraisal/appeals/{id}/answer': {
      const s = await apprScheme('published');
      const a = await office.post(`/api/v1/appraisal/schemes/${s.id}/appeals`, { subject_id: s.subject, text: '矩阵申诉' });
      assert.equal(a.status, 201, a.text);
      return c.post(`/api/v1/appraisal/appeals/${a.json.id}/answer`, { decision: 'rejected', answer: '矩阵答复' });
    }
    case 'GET /api/v1/public/notices': return c.get(`/api/v1/public/notices${apprTenant()}`);
    case 'GET /api/v1/public/notices/{id}/{v}': return c.get(`/api/v1/public/notices/${(await apprScheme('published')).id}/1${apprTenant()}`);
    case 'GET /api/v1/appraisal/awards': return c.get('/api/v1/appraisal/awards');
    case 'POST /api/v1/appraisal/awards': return c.post('/api/v1/appraisal/awards', { kind: 'unit', name: `矩阵新名单${n}`, scheme_id: (await apprScheme('published')).id });
    case 'GET /api/v1/appraisal/awards/{id}': return c.get(`/api/v1/appraisal/awards/${(await awardList('unit', { publish: true })).id}`);
    case 'DELETE /api/v1/appraisal/awards/{id}': return c.del(`/api/v1/appraisal/awards/${(await awardList('unit')).id}`);
    case 'POST /api/v1/appraisal/awards/{id}/regenerate': return c.post(`/api/v1/appraisal/awards/${(await awardList('unit')).id}/regenerate`, { reason: '矩阵' });
    case 'POST /api/v1/appraisal/awards/{id}/entries': {
      const l = await awardList('unit');
      const x = await office.post(`/api/v1/appraisal/awards/${l.id}/entries/${l.entries[0].id}/remove`, { reason: '矩阵撤下' });
      assert.equal(x.status, 200, x.text);
      return c.post(`/api/v1/appraisal/awards/${l.id}/entries`, { subject_id: l.entries[0].subject_id, reason: '矩阵恢复' });
    }
    case 'POST /api/v1/appraisal/awards/{id}/entries/{eid}/remove': {
      const l = await awardList('unit');
      return c.post(`/api/v1/appraisal/awards/${l.id}/entries/${l.entries[0].id}/remove`, { reason: '矩阵撤下' });
    }
    case 'POST /api/v1/appraisal/awards/{id}/publish': return c.post(`/api/v1/appraisal/awards/${(await awardList('unit')).id}/publish`, {});
    case 'GET /api/v1/appraisal/awards/{id}/export': return c.get(`/api/v1/appraisal/awards/${(await awardList('unit', { publish: true })).id}/export`);
    case 'GET /api/v1/appraisal/awards/{id}/quotas': return c.get(`/api/v1/appraisal/awards/${(await awardList('person')).id}/quotas`);
    case 'PUT /api/v1/appraisal/awards/{id}/quotas': return c.request('PUT', `/api/v1/appraisal/awards/${(await awardList('person')).id}/quotas`, { json: { items: [{ unit_id: inScopeUnit.id, quota: 1 }] } });
    case 'GET /api/v1/appraisal/awards/{id}/nominations': return c.get(`/api/v1/appraisal/awards/${(await awardList('person', { nominate: true })).id}/nominations`);
    case 'POST /api/v1/appraisal/awards/{id}/nominations': return c.post(`/api/v1/appraisal/awards/${(await awardList('person')).id}/nominations`, { unit_id: inScopeUnit.id, name: '矩阵被推荐人', deeds: '矩阵事迹' });
    case 'DELETE /api/v1/appraisal/awards/{id}/nominations/{nid}': {
      const l = await awardList('person', { nominate: true });
      return c.del(`/api/v1/appraisal/awards/${l.id}/nominations/${l.nomination}`);
    }
    case 'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/approve': {
      const l = await awardList('person', { nominate: true });
      return c.post(`/api/v1/appraisal/awards/${l.id}/nominations/${l.nomination}/approve`, {});
    }
    case 'POST /api/v1/appraisal/awards/{id}/nominations/{nid}/reject': {
      const l = await awardList('person', { nominate: true });
      return c.post(`/api/v1/appraisal/awards/${l.id}/nominations/${l.nomination}/reject`, { reason: '矩阵退回' });
    }
    case 'GET /api/v1/public/awards': return c.get(`/api/v1/public/awards${apprTenant()}`);
    case 'GET /api/v1/benchmark/indicators': return c.get(`${BM}/indicators`);
    case 'POST /api/v1/benchmark/indicators': return c.post(`${BM}/indicators`, { code: `mxn_${n}`, name: `矩阵新指标${n}`, unit: '件', direction: 'higher', kind: 'flow' });
    case 'PATCH /api/v1/benchmark/indicators/{id}': return c.patch(`${BM}/indicators/${(await bmIndicator()).id}`, { note: '矩阵' });
    case 'DELETE /api/v1/benchmark/indicators/{id}': return c.del(`${BM}/indicators/${(await bmIndicator()).id}`);
    case 'GET /api/v1/benchmark/cities': return c.get(`${BM}/cities`);
    case 'POST /api/v1/benchmark/cities': return c.post(`${BM}/cities`, { name: `矩阵新城市${n}` });
    case 'PATCH /api/v1/benchmark/cities/{id}': return c.patch(`${BM}/cities/${(await bmCity()).id}`, { note: '矩阵' });
    case 'DELETE /api/v1/benchmark/cities/{id}': return c.del(`${BM}/cities/${(await bmCity()).id}`);
    case 'GET /api/v1/benchmark/values': return c.get(`${BM}/values?limit=10`);
    case 'PUT /api/v1/benchmark/values': {
      const { gdp, peer } = await bm();
      return c.request('PUT', `${BM}/values`, { json: { values: [{ indicator_id: gdp.id, city_id: peer.id, year: 2010, value: n }] } });
    }
    case 'GET /api/v1/benchmark/values/import-template': return c.get(`${BM}/values/import-template?layout=long&indicator_id=${(await bm()).gdp.id}&from=2023&to=2024`);
    case 'POST /api/v1/benchmark/values/import': {
      const { peer } = await bm();
      return c.request('POST', `${BM}/values/import?layout=long&dry_run=true`, { body: `城市,指标,年份,数值\n${peer.name},gdp,2011,${n}\n`, headers: { 'Content-Type': 'text/csv' } });
    }
    case 'GET /api/v1/benchmark/compare': return c.get(`${BM}/compare?indicator_id=${(await bm()).gdp.id}&year=2024`);
    case 'GET /api/v1/benchmark/series': return c.get(`${BM}/series?indicator_id=${(await bm()).gdp.id}&from=2020&to=2024`);
    case 'GET /api/v1/benchmark/radar': return c.get(`${BM}/radar?indicators=${(await bm()).gdp.id}&year=2024`);
    case 'GET /api/v1/benchmark/projection': {
      const { gdp, peer } = await bm();
      return c.get(`${BM}/projection?indicator_id=${gdp.id}&year=2024&peers=${peer.id}`);
    }
    case 'GET /api/v1/benchmark/goals': return c.get(`${BM}/goals`);
    case 'POST /api/v1/benchmark/goals': return c.post(`${BM}/goals`, { name: `矩阵新目标${n}`, indicator_id: (await bm()).gdp.id, year: 2027, base_year: 2020, target_value: 1500 });
    case 'GET /api/v1/benchmark/goals/export': return c.get(`${BM}/goals/export`);
    case 'GET /api/v1/benchmark/goals/{id}': return c.get(`${BM}/goals/${(await bmGoal(true)).id}`);
    case 'PATCH /api/v1/benchmark/goals/{id}': return c.patch(`${BM}/goals/${(await bmGoal()).id}`, { note: '矩阵' });
    case 'DELETE /api/v1/benchmark/goals/{id}': return c.del(`${BM}/goals/${(await bmGoal()).id}`);
    case 'GET /api/v1/benchmark/goals/{id}/history': return c.get(`${BM}/goals/${(await bmGoal()).id}/history`);
    case 'PUT /api/v1/benchmark/goals/{id}/units': return c.request('PUT', `${BM}/goals/${(await bmGoal()).id}/units`, { json: { split: 'same', units: [{ unit_id: inScopeUnit.id }] } });
    case 'POST /api/v1/benchmark/goals/{id}/send': {
      const g = await bmGoal(true);
      const s = await apprScheme('open'); // a scheme of units whose one subject is the goal's unit
      return c.post(`${BM}/goals/${g.id}/send`, { scheme_id: s.id, indicator_id: s.leaf });
    }
    default: throw new Error(`no call for ${key}`);
  }
}

/** Run a unit write; when it is refused, assert that no unit changed. */
async function assertUnchangedUnlessAllowed(c, fn) {
  const before = await srv.listUnits();
  const r = await fn();
  if (r.status >= 400) assert.deepEqual(await srv.listUnits(), before, `a refused write changes no unit: ${r.status} ${r.text}`);
  return r;
}

describe('the access matrix: every role and every operation', () => {
  const who = [['(no login)', null], ...Object.keys(DEMO_ACCOUNTS).map((n) => [n, n])];
  for (const [label, name] of who) {
    test(`${label}: every operation is allowed or refused exactly as the permission table says`, async () => {
      const problems = [];
      // every documented operation, and those of the contract not documented yet (the first test names them)
      for (const key of [...new Set([...documented, ...Object.keys(ACTION)])]) {
        const action = ACTION[key];
        const role = name ? DEMO_ACCOUNTS[name].role : null;
        const allowed = action === 'public' || (role !== null && TABLE[action].includes(role));
        const c = name ? clients[name] : srv.anon;
        let r;
        try { r = await call(key, c, name); } catch (e) { problems.push(`${key}: ${e.message}`); continue; }
        const outOfScope = allowed && (OUT_OF_SCOPE[name] || []).includes(key);
        const want = outOfScope ? 404 : allowed ? (SUCCESS[key] || 200) : (role === null ? 401 : 403);
        const code = outOfScope ? 'not_found' : allowed ? null : (role === null ? 'unauthenticated' : 'forbidden');
        if (r.status !== want || (code && r.json?.error?.code !== code)) {
          problems.push(`${key} as ${label} (${action}): expected ${want}${code ? ` ${code}` : ''}, got ${r.status} ${r.text.slice(0, 160)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});

describe('data scope: a unit reporter and a town leader see their unit and its descendants only', () => {
  const scoped = [['reporter', 'TOWN-01'], ['town_leader', 'TOWN-02']];

  before(async () => {
    units = await srv.listUnits();
    for (const u of units) byCode[u.code] = u;
  });

  for (const [name, code] of scoped) {
    test(`${name} (${code}): lists and counts only units in scope, for every filter and search`, async () => {
      const scope = subtree(code);
      assert.ok(scope.size >= 2, `${code} has a child`);
      const c = clients[name];
      const queries = ['', 'kind=town', 'kind=other', 'kind=department', 'parent_id=root', `parent_id=${byCode[code].id}`,
        `parent_id=${byCode.FGW.id}`, 'q=%E9%95%87', 'q=%E5%B1%80', `q=${encodeURIComponent(byCode.FGW.name)}`, 'q=TOWN', 'sort=-name', 'sort=code'];
      for (const qs of queries) {
        const query = `page_size=1000${qs.startsWith('sort=') ? '' : '&sort=id'}${qs ? `&${qs}` : ''}`;
        const all = await srv.get(`/api/v1/units?${query}`);
        const mine = await c.get(`/api/v1/units?${query}`);
        assert.equal(mine.status, 200, `${qs}: ${mine.text}`);
        const want = all.json.items.filter((u) => scope.has(u.id));
        assert.deepEqual(mine.json.items, want, `${name} ?${qs}: exactly the admin's result within scope`);
        assert.equal(mine.json.total, want.length, `${name} ?${qs}: the total counts only units in scope`);
      }
      const one = await c.get('/api/v1/units?page_size=1');
      assert.equal(one.json.total, scope.size, 'the total of a one-item page counts the whole scope, nothing more');
    });

    test(`${name} (${code}): reads every unit in scope by id, and gets 404 for every other unit, as for an id that does not exist`, async () => {
      const scope = subtree(code);
      const c = clients[name];
      const missing = await c.get('/api/v1/units/987654');
      assertError(missing, 404, 'not_found');
      for (const u of units) {
        const r = await c.get(`/api/v1/units/${u.id}`);
        if (scope.has(u.id)) {
          assert.equal(r.status, 200, `${u.code}: ${r.text}`);
          assert.deepEqual(r.json, u);
        } else {
          assertError(r, 404, 'not_found');
          // the message names the id asked for: compare with the ids taken out
          assert.equal(r.text.replace(/\d+/g, 'N'), missing.text.replace(/\d+/g, 'N'), `${u.code}: the same answer as an unknown id`);
        }
      }
    });

    test(`${name} (${code}): PATCH or DELETE of any unit's id, in scope or not, answers the same 403 (the role may change no unit) and changes nothing`, async () => {
      const scope = subtree(code);
      const c = clients[name];
      const others = units.filter((u) => !scope.has(u.id));
      const own = units.find((u) => scope.has(u.id));
      const answers = new Set();
      for (const u of [own, others[0], others.find((x) => x.child_count === 0), byCode[code === 'TOWN-01' ? 'TOWN-02' : 'TOWN-01'], { id: 999999 }]) {
        const p = await assertUnchanged(srv, () => c.patch(`/api/v1/units/${u.id}`, { name: '越权修改' }));
        assertError(p, 403, 'forbidden');
        const d = await assertUnchanged(srv, () => c.del(`/api/v1/units/${u.id}`));
        assertError(d, 403, 'forbidden');
        answers.add(p.text).add(d.text);
      }
      assert.equal(answers.size, 1, 'the answer is the same for an own, a foreign and a missing id: it reveals nothing');
    });

    test(`${name} (${code}): a unit of another scope cannot be named as a filter to learn about it`, async () => {
      const c = clients[name];
      const other = byCode[code === 'TOWN-01' ? 'TOWN-02' : 'TOWN-01'];
      const r = await c.get(`/api/v1/units?parent_id=${other.id}`);
      // either an empty list or 404, but never the children of a unit outside scope
      if (r.status === 200) assert.deepEqual(r.json.items, [], r.text);
      else assertError(r, 404, 'not_found');
    });
  }

  test('a goal split among units: a scoped role sees only the units of its subtree, in the goal and in the list', async () => {
    const gdp = (await srv.get('/api/v1/benchmark/indicators')).json.items.find((x) => x.code === 'gdp');
    const made = await srv.post('/api/v1/benchmark/goals', { name: '分解范围目标', indicator_id: gdp.id, year: 2027, base_year: 2020, target_value: 900 });
    assert.equal(made.status, 201, made.text);
    const split = ['TOWN-01', 'TOWN-01-JJ', 'TOWN-02', 'FGW'].map((c) => ({ unit_id: byCode[c].id, weight: 1 }));
    const put = await srv.request('PUT', `/api/v1/benchmark/goals/${made.json.id}/units`, { json: { split: 'weights', units: split } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.units.length, 4);
    for (const name of ['reporter', 'town_leader', 'leader', 'project', 'appraisal']) {
      const scope = scopeOf(name);
      const want = split.filter((u) => !scope || scope.has(u.unit_id)).map((u) => u.unit_id).sort((a, b) => a - b);
      const ids = (g) => g.units.map((u) => u.unit_id).sort((a, b) => a - b);
      const one = await clients[name].get(`/api/v1/benchmark/goals/${made.json.id}`);
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(ids(one.json), want, `${name}: the goal's units`);
      const list = await clients[name].get('/api/v1/benchmark/goals');
      assert.deepEqual(ids(list.json.items.find((g) => g.id === made.json.id)), want, `${name}: the list's units`);
      assert.equal(one.json.total, put.json.total, `${name}: the goal's total is the same for all`);
    }
  });

  test('the city-wide leader and the offices see every unit', async () => {
    units = await srv.listUnits();
    for (const name of ['leader', 'project', 'appraisal']) {
      const r = await clients[name].get('/api/v1/units?page_size=1000&sort=id');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.items, units, name);
    }
  });

  test('the scope follows the unit: a reporter moved to another unit sees that unit from then on', async () => {
    const r = await srv.post('/api/v1/users', { username: 'mover', display_name: '调动', role: 'unit_reporter', unit_id: byCode['TOWN-01'].id, password: PW });
    assert.equal(r.status, 201, r.text);
    const c = await srv.login('mover', PW);
    assert.equal((await c.get(`/api/v1/units/${byCode['TOWN-03'].id}`)).status, 404);
    assert.equal((await srv.patch(`/api/v1/users/${r.json.id}`, { unit_id: byCode['TOWN-03'].id })).status, 200);
    const c2 = await srv.login('mover', PW);
    assert.equal((await c2.get(`/api/v1/units/${byCode['TOWN-03'].id}`)).status, 200);
    assert.equal((await c2.get(`/api/v1/units/${byCode['TOWN-01'].id}`)).status, 404);
  });

  test('a unit moved into a reporter\'s unit comes into scope; moved out, it leaves', async () => {
    const rep = clients.reporter;
    const u = await srv.post('/api/v1/units', { code: 'MOVE-IN', name: '迁入单位', kind: 'other' });
    assert.equal(u.status, 201);
    assert.equal((await rep.get(`/api/v1/units/${u.json.id}`)).status, 404);
    assert.equal((await srv.patch(`/api/v1/units/${u.json.id}`, { parent_id: byCode['TOWN-01-JJ'].id })).status, 200);
    assert.equal((await rep.get(`/api/v1/units/${u.json.id}`)).status, 200, 'a grandchild of TOWN-01 is in scope');
    assert.equal((await srv.patch(`/api/v1/units/${u.json.id}`, { parent_id: null })).status, 200);
    assert.equal((await rep.get(`/api/v1/units/${u.json.id}`)).status, 404);
  });
});
