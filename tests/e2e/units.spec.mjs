// Browser test of the units page: node --test tests/e2e/  (npm run test:e2e)
// Starts the real server (PACESETTER_BIN, default build/pacesetter) on a demo database and drives
// Debian's Chromium through playwright-core (no browser download); logs in as the demo admin
// first, since every API call needs a session. Screenshot:
// ${SCREENSHOT_DIR || 'build'}/e2e-units.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, SHOT_DIR } from './helpers.mjs'

let server, base, browser, page, admin

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  page = await newPage(browser)
  // The API requires a session: the test's own calls use the admin's.
  admin = await apiLogin(base, 'admin')
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

const tid = (id) => `[data-testid="${id}"]`
const tableRows = () => page.locator(`${tid('units-table')} .el-table__body-wrapper tr.el-table__row`)
const dialog = () => page.locator(`${tid('unit-dialog')}`)

async function chooseKind(label) {
  await dialog().locator(tid('unit-form-kind')).click()
  await page.locator('.ps-kind-popper .el-select-dropdown__item', { hasText: label }).first().click()
}

test('units page: tree, language switch, create, validation', { timeout: 240_000 }, async () => {
  // The UI is served by the binary at / (hash routing).
  const resp = await page.goto(base + '/')
  assert.equal(resp.status(), 200)
  assert.equal(await page.title(), 'Pacesetter')
  // Not logged in: the login page; after logging in, the overview.
  await uiLogin(page, 'admin')
  await page.waitForURL(/#\/overview/)
  await page.locator(tid('overview-chart') + ' canvas').waitFor()

  // Units: demo units in the lazily loaded tree.
  await page.locator(tid('menu-units')).click()
  await page.waitForURL(/#\/units/)
  await tableRows().first().waitFor()
  const topCount = await tableRows().count()
  assert.ok(topCount >= 3, `expected demo units at the top level, saw ${topCount}`)
  const tableText = await page.locator(tid('units-table')).innerText()
  assert.match(tableText, /部门/, 'kind label 部门 shown')

  // Expand the first unit that has children: its children load on demand.
  const expander = page.locator(`${tid('units-table')} .el-table__body-wrapper .el-table__expand-icon`).first()
  if (await expander.count()) {
    await expander.click()
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length > n,
      [`${tid('units-table')} .el-table__body-wrapper tr.el-table__row`, topCount],
    )
  }

  // Language: English, persisted across a reload, then back to Chinese.
  await page.locator(tid('lang-en')).click()
  await page.locator(tid('menu-units'), { hasText: 'Units' }).waitFor()
  await page.locator(`${tid('units-table')} th`, { hasText: 'Name' }).first().waitFor()
  await page.locator(tid('units-table'), { hasText: 'Department' }).waitFor()
  await page.reload()
  await page.locator(tid('menu-overview'), { hasText: 'Overview' }).waitFor()
  assert.match(await page.locator(tid('app-title')).innerText(), /Benchmarking/)
  await page.locator(tid('lang-zh')).click()
  await page.locator(tid('menu-units'), { hasText: '单位管理' }).waitFor()
  await page.locator(tid('units-table'), { hasText: '部门' }).waitFor()

  // Invalid unit: empty name -> the client-side message, nothing sent.
  await page.locator(tid('unit-create')).click()
  await dialog().waitFor({ state: 'visible' })
  await dialog().locator(tid('unit-form-code')).fill('E2E_BAD')
  await chooseKind('其他')
  await dialog().locator(tid('unit-save')).click()
  await dialog().locator('.el-form-item__error', { hasText: '请输入单位名称' }).waitFor()
  assert.ok(await dialog().isVisible(), 'dialog stays open on invalid input')
  // Bad code characters too.
  await dialog().locator(tid('unit-form-code')).fill('bad code!')
  await dialog().locator(tid('unit-form-name')).click()
  await dialog().locator('.el-form-item__error', { hasText: '单位编码只能包含字母、数字、下划线和连字符' }).waitFor()
  await dialog().locator(tid('unit-cancel')).click()
  await dialog().waitFor({ state: 'hidden' })

  // Create a unit through the dialog.
  const code = 'E2E-' + Date.now().toString(36).toUpperCase()
  const name = '端到端测试单位'
  await page.locator(tid('unit-create')).click()
  await dialog().waitFor({ state: 'visible' })
  await dialog().locator(tid('unit-form-code')).fill(code)
  await dialog().locator(tid('unit-form-name')).fill(name)
  await chooseKind('园区')
  await dialog().locator(tid('unit-form-sort')).locator('input').fill('0')
  await dialog().locator(tid('unit-save')).click()
  await page.locator('.el-message--success', { hasText: '单位已创建' }).waitFor()
  await dialog().waitFor({ state: 'hidden' })

  // The server has it.
  const list = await admin.json(`/api/v1/units?q=${encodeURIComponent(code)}`)
  assert.equal(list.total, 1, 'created unit found through the API')
  assert.equal(list.items[0].name, name)
  assert.equal(list.items[0].kind, 'park')
  assert.equal(list.items[0].parent_id, null)

  // ...and the table shows it: search by code -> flat list.
  await page.locator(tid('units-filter-q')).fill(code)
  await page.locator(tid('units-search')).click()
  await page.locator(tid('units-mode'), { hasText: '筛选结果' }).waitFor()
  await page.locator(tid('unit-name-' + code), { hasText: name }).waitFor()
  assert.equal(await tableRows().count(), 1)
  assert.match(await tableRows().first().innerText(), /园区/)

  // A server-side error (duplicate code) comes back in the UI language, shown as a message.
  await page.locator(tid('unit-create')).click()
  await dialog().waitFor({ state: 'visible' })
  await dialog().locator(tid('unit-form-code')).fill(code)
  await dialog().locator(tid('unit-form-name')).fill('重复编码单位')
  await chooseKind('部门')
  await dialog().locator(tid('unit-save')).click()
  const dup = await admin.fetch('/api/v1/units', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh' },
    body: JSON.stringify({ code, name: '重复编码单位', kind: 'department' }),
  })
  assert.equal(dup.status, 409)
  const dupMsg = (await dup.json()).error.message
  await page.locator('.el-message--error', { hasText: dupMsg }).first().waitFor()
  await dialog().locator('.el-form-item__error', { hasText: dupMsg }).waitFor()
  await dialog().locator(tid('unit-cancel')).click()
  await dialog().waitFor({ state: 'hidden' })

  // Back to the tree for the screenshot.
  await page.locator(tid('units-reset')).click()
  await page.locator(tid('units-mode'), { hasText: '按层级浏览' }).waitFor()
  await tableRows().first().waitFor()
  const treeTop = await tableRows().count()
  const exp2 = page.locator(`${tid('units-table')} .el-table__body-wrapper .el-table__expand-icon`).first()
  if (await exp2.count()) {
    await exp2.click()
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length > n,
      [`${tid('units-table')} .el-table__body-wrapper tr.el-table__row`, treeTop],
    )
  }
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
  mkdirSync(SHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-units.png'), fullPage: true })
})
