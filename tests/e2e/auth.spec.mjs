// Browser test of logging in, roles and data scope (issue 4): node --test tests/e2e/
// A unit reporter sees only their unit (TOWN-01) and its child, has no write buttons, and cannot
// open another unit or the users page by address; an administrator creates a user through the
// dialog, and that user then sees only their own unit. Screenshots:
// ${SCREENSHOT_DIR || 'build'}/e2e-login.png, e2e-users.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, uiLogout, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, base, browser, page, admin
let created // { username, password } of the user made in the second test

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  page = await newPage(browser)
  admin = await apiLogin(base, 'admin')
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

const unitRows = () => page.locator(`${tid('units-table')} .el-table__body-wrapper tr.el-table__row`)

async function unitByCode(code) {
  const r = await admin.json(`/api/v1/units?q=${encodeURIComponent(code)}&page_size=100`)
  const u = r.items.find((x) => x.code === code)
  assert.ok(u, `demo unit ${code} exists`)
  return u
}

async function visibleUnitCodes() {
  return page.locator(`${tid('units-table')} .el-table__body-wrapper [data-testid^="unit-name-"]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid').slice('unit-name-'.length)))
}

test('reporter: own unit only, no write buttons, no other unit or page by address', { timeout: 240_000 }, async () => {
  const town1 = await unitByCode('TOWN-01')
  const town2 = await unitByCode('TOWN-02')

  // Not logged in: any page leads to the login page, which remembers where the user wanted to go.
  const resp = await page.goto(base + '/#/units')
  assert.equal(resp.status(), 200)
  await page.locator(tid('login-page')).waitFor()
  await page.waitForURL(/#\/login\?redirect=/)
  mkdirSync(SHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-login.png'), fullPage: true })

  // A wrong password: the server's message, nothing more.
  await page.locator(tid('login-username')).fill('reporter')
  await page.locator(tid('login-password')).fill('not-the-password')
  await page.locator(tid('login-submit')).click()
  const alert = page.locator(tid('login-error'))
  await alert.waitFor()
  assert.equal(await alert.getAttribute('data-code'), 'bad_credentials')
  assert.ok((await alert.innerText()).trim().length > 0, 'an error message is shown')
  await page.locator(tid('login-page')).waitFor()

  // Log in: back to the units page asked for.
  await uiLogin(page, 'reporter')
  await page.waitForURL(/#\/units$/)
  assert.match(await page.locator(tid('user-role')).innerText(), /填报员/)

  // The menu has no admin pages; the units page has no write buttons.
  await page.locator(tid('menu-units')).waitFor()
  for (const m of ['menu-users', 'menu-audit', 'menu-login-log']) {
    assert.equal(await page.locator(tid(m)).count(), 0, `${m} hidden for a unit reporter`)
  }
  await unitRows().first().waitFor()
  assert.deepEqual(await visibleUnitCodes(), ['TOWN-01'], 'the tree starts at the reporter\'s own unit')
  await page.locator(`${tid('units-table')} .el-table__body-wrapper .el-table__expand-icon`).first().click()
  await page.locator(tid('unit-name-TOWN-01-JJ')).waitFor()
  assert.deepEqual((await visibleUnitCodes()).sort(), ['TOWN-01', 'TOWN-01-JJ'])
  for (const b of ['unit-create', 'unit-edit', 'unit-add-child', 'unit-delete']) {
    assert.equal(await page.locator(tid(b)).count(), 0, `${b} hidden without units.write`)
  }

  // The flat list (text filter) is scoped too: "TOWN" matches only the reporter's units.
  await page.locator(tid('units-filter-q')).fill('TOWN')
  await page.locator(tid('units-search')).click()
  await page.locator(tid('units-mode'), { hasText: '筛选结果' }).waitFor()
  await page.locator(tid('unit-name-TOWN-01')).waitFor()
  assert.deepEqual((await visibleUnitCodes()).sort(), ['TOWN-01', 'TOWN-01-JJ'])

  // Own unit by address: shown.
  await page.goto(`${base}/#/units/${town1.id}`)
  await page.locator(tid('unit-detail-code'), { hasText: 'TOWN-01' }).waitFor()

  // Another unit's edit page by address: no permission (editing needs units.write).
  await page.goto(`${base}/#/units/${town2.id}/edit`)
  await page.locator(tid('forbidden-page')).waitFor()
  assert.equal(await page.locator(tid('unit-dialog')).count(), 0)
  // Another unit's page by address: not found (outside the scope, nothing is revealed).
  await page.goto(`${base}/#/units/${town2.id}`)
  await page.locator(tid('not-found-page')).waitFor()
  assert.doesNotMatch(await page.locator(tid('not-found-page')).innerText(), new RegExp(town2.name))
  // The users page by address: no permission.
  await page.goto(`${base}/#/users`)
  await page.locator(tid('forbidden-page')).waitFor()
  assert.equal(await page.locator(tid('users-table')).count(), 0)

  // Log out: the session is gone, a page by address leads to the login page again.
  await uiLogout(page)
  await page.goto(`${base}/#/units`)
  await page.locator(tid('login-page')).waitFor()
})

test('admin creates a unit reporter through the dialog; that user sees only their unit', { timeout: 240_000 }, async () => {
  const target = await unitByCode('FGW-ZDXM') // a unit below a top-level one: the tree must start there
  const username = 'e2e_' + Date.now().toString(36)
  const password = 'long enough passphrase 42'
  created = { username, password }

  await page.goto(`${base}/#/users`)
  await uiLogin(page, 'admin')
  await page.waitForURL(/#\/users$/)
  for (const m of ['menu-users', 'menu-audit', 'menu-login-log']) await page.locator(tid(m)).waitFor()
  await page.locator(`${tid('users-table')} ${tid('user-row-reporter')}`).waitFor()

  const dialog = page.locator(tid('user-dialog'))
  await page.locator(tid('user-create')).click()
  await dialog.waitFor({ state: 'visible' })
  await dialog.locator(tid('user-form-username')).fill(username)
  await dialog.locator(tid('user-form-display-name')).fill('端到端填报员')
  await dialog.locator(tid('user-form-role')).click()
  await page.locator('.ps-role-popper .el-select-dropdown__item', { hasText: '填报员' }).first().click()
  // Client-side checks: a short password, then a unit reporter without a unit.
  await dialog.locator(tid('user-form-password')).fill('short')
  await dialog.locator(tid('user-form-repeat')).fill('short')
  await dialog.locator(tid('user-save')).click()
  await dialog.locator('.el-form-item__error', { hasText: '密码长度为 12 到 128 个字符' }).waitFor()
  await dialog.locator('.el-form-item__error', { hasText: '填报员必须指定所属单位' }).waitFor()
  // The unit: expand FGW in the tree picker, choose its child.
  await dialog.locator(tid('user-form-unit')).click()
  const popper = page.locator('.ps-unit-tree-popper')
  await popper.locator(tid('unit-option-FGW')).waitFor()
  await popper.locator('.el-tree-node__content', { has: page.locator(tid('unit-option-FGW')) }).locator('.el-tree-node__expand-icon').click()
  await popper.locator(tid('unit-option-FGW-ZDXM')).click()
  await dialog.locator(tid('user-form-password')).fill(password)
  await dialog.locator(tid('user-form-repeat')).fill(password)
  await dialog.locator(tid('user-save')).click()
  await page.locator('.el-message--success', { hasText: '用户已创建' }).waitFor()
  await dialog.waitFor({ state: 'hidden' })
  await page.locator(tid('user-row-' + username)).waitFor()

  // The server has it, as asked.
  const list = await admin.json(`/api/v1/users?q=${encodeURIComponent(username)}`)
  assert.equal(list.total, 1)
  assert.equal(list.items[0].role, 'unit_reporter')
  assert.equal(list.items[0].unit_id, target.id)
  assert.equal(list.items[0].display_name, '端到端填报员')

  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-users.png'), fullPage: true })

  // Log out, log in as the new user: only their unit.
  await uiLogout(page)
  await uiLogin(page, username, password)
  assert.match(await page.locator(tid('user-name')).innerText(), /端到端填报员/)
  await page.locator(tid('menu-units')).click()
  await page.waitForURL(/#\/units/)
  await page.locator(tid('unit-name-FGW-ZDXM')).waitFor()
  assert.deepEqual(await visibleUnitCodes(), ['FGW-ZDXM'])
  assert.equal(await page.locator(tid('unit-create')).count(), 0)
  await page.goto(`${base}/#/units/${(await unitByCode('FGW')).id}`)
  await page.locator(tid('not-found-page')).waitFor()
  await uiLogout(page)
})

test('operation log, CSV export, API tokens, change password', { timeout: 240_000 }, async () => {
  assert.ok(created, 'the previous test created a user')
  await page.goto(`${base}/#/audit`)
  await uiLogin(page, 'admin')
  await page.waitForURL(/#\/audit$/)

  // The creation of the user is in the operation log, with its fields as before → after.
  const row = page.locator(`${tid('audit-table')} .el-table__body-wrapper tr.el-table__row`, { hasText: created.username }).first()
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /admin/, 'who')
  assert.match(text, /新建/, 'what: create')
  assert.match(text, /用户 #\d+/, 'which record')
  assert.match(text, new RegExp(`username\\)?: ∅ ?→ ?${created.username}`), 'field: before → after')

  // Export: a CSV download (the export menu's CSV entry) with the same record.
  await page.locator(tid('audit-export-button')).click()
  await page.locator(tid('audit-export-csv')).waitFor({ state: 'visible' })
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('audit-export-csv')).click()])
  assert.match(download.suggestedFilename(), /\.csv$/)
  const csv = readFileSync(await download.path(), 'utf8')
  assert.ok(csv.includes(created.username), 'the CSV has the new user')

  // Login log: the logins of this run, successes and the one failure.
  await page.locator(tid('menu-login-log')).click()
  await page.locator(`${tid('login-log-table')} .el-table__body-wrapper`, { hasText: created.username }).waitFor()
  assert.match(await page.locator(tid('login-log-table')).innerText(), /失败/)
  // …and its export, the whole log as CSV with the same attempts
  await page.locator(tid('login-log-export-button')).click()
  await page.locator(tid('login-log-export-csv')).waitFor({ state: 'visible' })
  const [loginCsv] = await Promise.all([page.waitForEvent('download'), page.locator(tid('login-log-export-csv')).click()])
  assert.equal(loginCsv.suggestedFilename(), '登录日志.csv')
  const loginText = readFileSync(await loginCsv.path(), 'utf8')
  assert.match(loginText, /^\uFEFF时间,用户名,地址,结果,原因\r\n/)
  assert.ok(loginText.includes(created.username) && loginText.includes(',失败,'), 'the new user\'s attempts, the failure too')

  // API tokens: created and shown once, usable as a Bearer token, revoked.
  await page.locator(tid('menu-tokens')).click()
  await page.locator(tid('tokens-page')).waitFor()
  await page.locator(tid('token-create')).click()
  await page.locator(tid('token-form-name')).fill('e2e script')
  await page.locator(tid('token-save')).click()
  const shown = page.locator(tid('token-shown-dialog'))
  await shown.waitFor({ state: 'visible' })
  const token = await shown.locator(`${tid('token-value')}`).inputValue()
  assert.match(token, /^pst_/)
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { Authorization: 'Bearer ' + token } })
  assert.equal(me.status, 200, 'the token works')
  await shown.locator(tid('token-shown-close')).click()
  await shown.waitFor({ state: 'hidden' })
  const tokenRow = page.locator(`${tid('tokens-table')} .el-table__body-wrapper tr.el-table__row`, { hasText: 'e2e script' })
  await tokenRow.locator(tid('token-revoke')).click()
  await page.locator('.el-message-box .el-button--danger').click()
  await page.locator('.el-message--success', { hasText: '令牌已吊销' }).waitFor()
  await tokenRow.waitFor({ state: 'detached' })
  const after = await fetch(`${base}/api/v1/auth/me`, { headers: { Authorization: 'Bearer ' + token } })
  assert.equal(after.status, 401, 'a revoked token no longer works')
  await uiLogout(page)

  // The new user changes their password; the old one no longer works.
  await uiLogin(page, created.username, created.password)
  await page.locator(tid('user-menu-button')).click()
  await page.locator(tid('menu-change-password')).click()
  const pw = page.locator(tid('password-dialog'))
  await pw.waitFor({ state: 'visible' })
  await pw.locator(`${tid('password-current')}`).fill(created.password)
  await pw.locator(`${tid('password-new')}`).fill(created.username)
  await pw.locator(`${tid('password-repeat')}`).fill(created.username)
  await pw.locator(tid('password-save')).click()
  await pw.locator('.el-form-item__error').first().waitFor() // too short / the user name
  const next = 'another long passphrase 7'
  await pw.locator(`${tid('password-new')}`).fill(next)
  await pw.locator(`${tid('password-repeat')}`).fill(next)
  await pw.locator(tid('password-save')).click()
  await page.locator('.el-message--success', { hasText: '密码已修改' }).waitFor()
  await pw.waitFor({ state: 'hidden' })
  // Still logged in (the server set a new session), and writes still carry a valid CSRF token.
  await page.locator(tid('menu-tokens')).click()
  await page.locator(tid('token-create')).click()
  await page.locator(tid('token-form-name')).fill('after password change')
  await page.locator(tid('token-save')).click()
  await page.locator(tid('token-shown-dialog')).waitFor({ state: 'visible' })
  await page.locator(tid('token-shown-close')).click()
  await uiLogout(page)
  const old = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: created.username, password: created.password }),
  })
  assert.equal(old.status, 401, 'the old password is refused')
  await uiLogin(page, created.username, next)
  await uiLogout(page)
})
