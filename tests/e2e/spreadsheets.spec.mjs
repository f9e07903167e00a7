// Browser test of spreadsheets in and out (issue 5): node --test tests/e2e/  (npm run test:e2e)
// The administrator exports the units list (the whole tree as .xlsx; the filtered list as CSV with
// only the units the table shows), downloads the import template, imports a CSV of two new units
// through the dialog (preview first, nothing written until confirmed), and sees a sheet with a bad
// unit kind refused with its cell (row, column) in the error table; then imports a new account,
// whose initial password the preview never shows and which can then log in. Screenshots:
// ${SCREENSHOT_DIR || 'build'}/e2e-import-preview.png, e2e-import-errors.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, base, browser, page, admin, dir

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  page = await newPage(browser)
  admin = await apiLogin(base, 'admin')
  dir = mkdtempSync(join(tmpdir(), 'pacesetter-e2e-sheets-'))
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const unitRows = () => page.locator(`${tid('units-table')} .el-table__body-wrapper tr.el-table__row`)
const dialog = () => page.locator(tid('import-dialog'))

// Clicks an entry of a list's export dropdown and waits for the file.
async function exportAs(resource, format) {
  await page.locator(tid(resource + '-export-button')).click()
  const item = page.locator(tid(resource + '-export-' + format))
  await item.waitFor({ state: 'visible' })
  const [download] = await Promise.all([page.waitForEvent('download'), item.click()])
  return download
}

async function chooseFile(name, text) {
  const path = join(dir, name)
  writeFileSync(path, text)
  await dialog().locator('input[type=file]').setInputFiles(path)
}

// Lets CSS transitions (the dialog fading in, messages) finish before a screenshot.
const settle = () => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))

async function unitsWithCode(code) {
  const r = await admin.json(`/api/v1/units?q=${encodeURIComponent(code)}&page_size=100`)
  return r.items.filter((u) => u.code.startsWith(code))
}

test('units: export as xlsx and, with the filter shown, as CSV; the import template', { timeout: 240_000 }, async () => {
  await page.goto(base + '/#/units')
  await uiLogin(page, 'admin')
  await page.waitForURL(/#\/units/)
  await unitRows().first().waitFor()

  // The tree: every unit, as an Excel workbook (a zip: "PK").
  const xlsx = await exportAs('units', 'xlsx')
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
  const book = readFileSync(await xlsx.path())
  assert.equal(book.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx file is a zip')
  await page.locator('.el-message--success', { hasText: '已导出' }).first().waitFor()

  // Filtered to parks: the CSV holds the parks and nothing else.
  await page.locator(tid('units-filter-kind')).click()
  await page.locator('.el-select-dropdown__item', { hasText: '园区' }).first().click()
  await page.locator(tid('units-mode'), { hasText: '筛选结果' }).waitFor()
  await page.locator(tid('unit-name-PARK-01')).waitFor()
  const csv = await exportAs('units', 'csv')
  assert.match(csv.suggestedFilename(), /\.csv$/)
  const text = readFileSync(await csv.path(), 'utf8')
  assert.ok(text.includes('PARK-01'), 'the CSV has a park')
  assert.ok(!text.includes('TOWN-01'), 'the CSV has no town: the filter shown applies')
  await page.locator(tid('units-reset')).click()
  await page.locator(tid('units-mode'), { hasText: '按层级浏览' }).waitFor()

  // The import template, from the import dialog.
  await page.locator(tid('units-import')).click()
  await dialog().waitFor({ state: 'visible' })
  const [template] = await Promise.all([page.waitForEvent('download'), dialog().locator(tid('import-template')).click()])
  assert.match(template.suggestedFilename(), /\.xlsx$/)
  await dialog().locator(tid('import-cancel')).click()
  await dialog().waitFor({ state: 'hidden' })
})

test('units: import a CSV — preview, confirm, the new units in the list', { timeout: 240_000 }, async () => {
  await page.goto(base + '/#/units')
  await unitRows().first().waitFor()
  const code = 'IMP' + Date.now().toString(36).toUpperCase()
  const csv = `单位编码,单位名称,单位类型\r\n${code}-A,导入测试甲镇,镇\r\n${code}-B,导入测试乙园区,园区\r\n`

  await page.locator(tid('units-import')).click()
  await dialog().waitFor({ state: 'visible' })
  await chooseFile('two-units.csv', csv)

  // The dry run: two new units, shown, not written.
  const preview = dialog().locator(tid('import-preview'))
  await preview.locator('tr.el-table__row', { hasText: `${code}-B` }).waitFor()
  assert.match(await dialog().locator(tid('import-count-created')).innerText(), /2\s*新增/)
  assert.match(await dialog().locator(tid('import-count-updated')).innerText(), /0\s*更新/)
  const previewText = await preview.innerText()
  assert.match(previewText, new RegExp(`${code}-A[\\s\\S]*导入测试甲镇`))
  assert.match(previewText, /新增/)
  assert.equal((await unitsWithCode(code)).length, 0, 'the dry run wrote nothing')
  mkdirSync(SHOT_DIR, { recursive: true })
  await settle()
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-import-preview.png'), fullPage: true })

  // Confirm: imported, the dialog closes, the server has both units.
  await dialog().locator(tid('import-confirm')).click()
  await page.locator('.el-message--success', { hasText: '导入完成' }).waitFor()
  await dialog().waitFor({ state: 'hidden' })
  const made = await unitsWithCode(code)
  assert.deepEqual(made.map((u) => [u.code, u.name, u.kind]).sort(), [
    [`${code}-A`, '导入测试甲镇', 'town'],
    [`${code}-B`, '导入测试乙园区', 'park'],
  ])

  // ...and the list shows them.
  await page.locator(tid('units-filter-q')).fill(code)
  await page.locator(tid('units-search')).click()
  await page.locator(tid('unit-name-' + code + '-A'), { hasText: '导入测试甲镇' }).waitFor()
  await page.locator(tid('unit-name-' + code + '-B'), { hasText: '导入测试乙园区' }).waitFor()
  assert.equal(await unitRows().count(), 2)
  await page.locator(tid('units-reset')).click()
})

test('units: a bad unit kind is refused with its row and column, nothing imported', { timeout: 240_000 }, async () => {
  await page.goto(base + '/#/units')
  await unitRows().first().waitFor()
  const code = 'BAD' + Date.now().toString(36).toUpperCase()
  // Row 3 as a spreadsheet program shows it (row 1 is the header): kind 乡 is not a kind.
  const csv = `单位编码,单位名称,单位类型\r\n${code}-A,正确的镇,镇\r\n${code}-B,类型错误的单位,乡\r\n`

  await page.locator(tid('units-import')).click()
  await dialog().waitFor({ state: 'visible' })
  await chooseFile('bad-kind.csv', csv)

  const errors = dialog().locator(tid('import-errors'))
  const row = errors.locator('tr.el-table__row').first()
  await row.waitFor()
  assert.equal(await errors.locator('tr.el-table__row').count(), 1, 'one bad cell')
  const cells = await row.locator('td').allInnerTexts()
  assert.equal(cells[1].trim(), '3', 'the row number as the spreadsheet shows it')
  assert.match(cells[2], /^C/, 'the column letter')
  assert.match(cells[2], /单位类型/, 'the column header')
  assert.match(cells[3], /乡/, 'the value')
  assert.ok(cells[4].trim().length > 0, 'a reason')
  await dialog().locator(tid('import-invalid'), { hasText: '未导入任何数据' }).waitFor()
  assert.ok(await dialog().locator(tid('import-confirm')).isDisabled(), 'nothing to confirm')
  mkdirSync(SHOT_DIR, { recursive: true })
  await settle()
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-import-errors.png'), fullPage: true })

  await dialog().locator(tid('import-cancel')).click()
  await dialog().waitFor({ state: 'hidden' })
  assert.equal((await unitsWithCode(code)).length, 0, 'all or nothing: the good row was not imported either')
})

test('users: import a new account — the preview never shows the initial password; the account can log in', { timeout: 240_000 }, async () => {
  await page.goto(base + '/#/users')
  await page.locator(`${tid('users-table')} .el-table__body-wrapper tr.el-table__row`).first().waitFor()
  const username = 'imp.' + Date.now().toString(36)
  const password = 'imported-account-pw-1'
  const csv = `用户名,姓名,角色,所属单位编码,初始密码\r\n${username},导入的填报员,填报员,TOWN-01,${password}\r\n`

  await page.locator(tid('users-import')).click()
  await dialog().waitFor({ state: 'visible' })
  await chooseFile('one-user.csv', csv)
  const preview = dialog().locator(tid('import-preview'))
  await preview.locator('tr.el-table__row', { hasText: username }).waitFor()
  assert.match(await dialog().locator(tid('import-count-created')).innerText(), /1\s*新增/)
  const text = await dialog().innerText()
  assert.ok(!text.includes(password), 'the initial password is not shown')
  await dialog().locator(tid('import-secret-note')).waitFor()

  await dialog().locator(tid('import-confirm')).click()
  await page.locator('.el-message--success', { hasText: '导入完成' }).waitFor()
  await dialog().waitFor({ state: 'hidden' })
  await page.locator(tid('user-row-' + username)).waitFor()
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(login.status, 200, 'the imported account logs in with its initial password')
})
