// Browser test of the project library: node --test tests/e2e/projects.spec.mjs
// The admin creates a project through the dialog and finds it in the list filtered by warning (the
// address reproduces the list); the detail page shows the milestone timeline and the investment
// chart. A reporter of TOWN-01 files this month's progress on the monthly screen and sees the
// project's light turn from red to green. Screenshots: ${SCREENSHOT_DIR || 'build'}/e2e-projects.png,
// e2e-project-detail.png, e2e-progress.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, base, browser, admin, town

const now = new Date()
const year = now.getFullYear()
const pad = (n) => String(n).padStart(2, '0')
const month = `${year}-${pad(now.getMonth() + 1)}`
const WAN = 1_000_000 // fen in 1 万元

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  admin = await apiLogin(base, 'admin')
  const units = await admin.json('/api/v1/units?q=TOWN-01')
  town = units.items.find((u) => u.code === 'TOWN-01')
  assert.ok(town, 'the demo has the town TOWN-01')
  // Investment is checked from January this year, so the test does not depend on today's month.
  const rules = await admin.json(`/api/v1/project-settings/warning-rules/${year}`)
  const put = await admin.fetch(`/api/v1/project-settings/warning-rules/${year}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...rules, year: undefined, invest_from_month: 1 }),
  })
  assert.equal(put.status, 200, await put.text())
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

async function createProject(body) {
  const r = await admin.fetch('/api/v1/projects', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ unit_id: town.id, category: 'industry', source: 'domestic', ...body }),
  })
  assert.equal(r.status, 201, await r.clone().text())
  return r.json()
}

// Started on 1 January with a plan of 1,200 万元 this year: red until enough is reported.
const behindPlan = (code, name) => ({
  code, name, total_investment: 50_000 * WAN,
  milestones: { signed: { actual: `${year}-01-01` }, started: { actual: `${year}-01-01` } },
  plans: { [year]: 1_200 * WAN },
})

const settle = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))

async function pickDate(page, testid, date) {
  const input = page.locator(`${tid(testid)} input, input${tid(testid)}`).first()
  await input.fill(date)
  await input.press('Enter')
}

test('admin: create a project in the dialog, find it by its warning, open its timeline and chart', { timeout: 240_000 }, async () => {
  // A green project beside it, for the warning filter to leave out.
  await createProject({ code: 'E2E-GREEN', name: '智能装备产业园二期', total_investment: 260_000 * WAN })
  const page = await newPage(browser)
  await page.goto(base + '/#/projects')
  await uiLogin(page, 'admin')
  await page.locator(tid('menu-projects')).waitFor()
  // The demo's own projects fill the list: the test's are found by their code.
  await page.locator(tid('projects-filter-q')).fill('E2E-')
  await page.locator(tid('projects-search')).click()
  await page.waitForURL(/q=E2E-/)
  await page.locator(tid('project-name-E2E-GREEN')).waitFor()

  // The dialog: basics, investment, a completed step planned for last month and not done (overdue).
  await page.locator(tid('project-create')).click()
  const dialog = page.locator(tid('project-dialog'))
  await dialog.waitFor({ state: 'visible' })
  await dialog.locator(tid('project-form-code')).fill('E2E-RED')
  await dialog.locator(tid('project-form-name')).fill('高端医疗器械生产基地')
  await dialog.locator(`${tid('project-form-unit')} .el-select__wrapper`).click()
  await page.locator(`.ps-unit-tree-popper ${tid('unit-option-TOWN-01')}`).filter({ visible: true }).click()
  await dialog.locator(tid('project-form-category')).click()
  await page.locator('.ps-category-popper .el-select-dropdown__item', { hasText: '产业' }).click()
  await dialog.locator(tid('project-form-source')).click()
  await page.locator('.ps-source-popper .el-select-dropdown__item', { hasText: '外资' }).click()
  await dialog.locator(tid('project-form-total')).fill('128,000.5')
  await pickDate(page, 'milestone-signed-actual', `${year - 1}-12-31`)
  await pickDate(page, 'milestone-started-planned', `${year - 1}-12-28`)
  await pickDate(page, 'milestone-started-actual', `${year - 1}-12-30`)
  await pickDate(page, 'milestone-completed-planned', `${year - 1}-12-31`)
  await dialog.locator(tid('plan-add')).click()
  await dialog.locator(tid('plan-amount-0')).fill('30000')
  // Started before it was signed: the server's message shows under the field it names.
  await dialog.locator(tid('project-save')).click()
  await dialog.locator(`${tid('milestone-started-actual')} .el-form-item__error`, { hasText: '早于签约实际日期' }).waitFor()
  await pickDate(page, 'milestone-signed-actual', `${year - 1}-12-20`)
  await dialog.locator(`${tid('milestone-started-actual')} .el-form-item__error`).waitFor({ state: 'detached' })
  await dialog.locator(tid('project-save')).click()
  await page.locator('.el-message--success', { hasText: '项目已创建' }).waitFor()
  await dialog.waitFor({ state: 'hidden' })

  // The server has it, in exact fen.
  const found = await admin.json('/api/v1/projects?q=E2E-RED')
  assert.equal(found.total, 1)
  const created = found.items[0]
  assert.equal(created.total_investment, 128_000_500_000)
  assert.equal(created.source, 'foreign')
  assert.equal(created.unit_id, town.id)
  assert.equal(created.milestones.completed.planned, `${year - 1}-12-31`)
  assert.equal(created.year_plan, 30_000 * WAN)
  assert.equal(created.warning, 'red')

  // Filter by warning: the address carries the filter, and the list has the red project only.
  await page.locator(tid('projects-filter-warning')).click()
  await page.locator(`.ps-warning-popper ${tid('warning-option-red')}`).click()
  await page.waitForURL(/warning=red/)
  await page.locator(tid('project-name-E2E-GREEN')).waitFor({ state: 'detached' })
  await page.locator(tid('project-name-E2E-RED')).waitFor()
  const rows = page.locator(`${tid('projects-table')} .el-table__body-wrapper tr.el-table__row`)
  assert.equal(await rows.count(), 1)
  assert.equal(await rows.first().locator(tid('warning-light')).getAttribute('data-warning'), 'red')
  // The same address opened afresh shows the same list.
  const filtered = page.url()
  await page.goto(base + '/#/overview')
  await page.goto(filtered)
  await page.locator(tid('project-name-E2E-RED')).waitFor()
  assert.equal(await rows.count(), 1)

  // The whole library (the demo's projects) for the screenshot.
  await page.locator(tid('projects-reset')).click()
  await page.locator(tid('projects-reset')).blur()
  await page.waitForURL(/#\/projects$/)
  await page.locator(tid('project-name-E2E-RED')).waitFor({ state: 'detached' })
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
  await page.setViewportSize({ width: 1920, height: 1080 }) // every column without scrolling
  await settle(page)
  mkdirSync(SHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-projects.png'), fullPage: true })
  await page.setViewportSize({ width: 1366, height: 860 })

  // Back to the filtered list, and on to the project.
  await page.goBack()
  await page.locator(tid('project-name-E2E-RED')).click()
  // The detail page: the light and its reasons, the timeline with the overdue step, the chart.
  await page.waitForURL(/#\/projects\/\d+/)
  await page.locator(tid('project-detail-name'), { hasText: '高端医疗器械生产基地' }).waitFor()
  await page.locator(tid('project-reasons'), { hasText: '竣工' }).waitFor()
  await page.locator(tid('milestone-timeline')).waitFor()
  assert.equal(await page.locator(tid('timeline-completed')).getAttribute('data-status'), 'danger')
  assert.equal(await page.locator(tid('timeline-started')).getAttribute('data-status'), 'warning') // two days late
  await page.locator(`${tid('progress-chart')} canvas`).waitFor()

  // The admin files this month's report on the page: the reports table and the total follow.
  await page.locator(tid('report-amount')).fill('2500')
  await page.locator(tid('report-save')).click()
  await page.locator(`${tid('reports-table')} .el-table__row`, { hasText: month }).waitFor()
  await page.locator(tid('project-detail-invested'), { hasText: '2,500.00' }).waitFor()
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
  await page.setViewportSize({ width: 1366, height: 1600 }) // the page scrolls inside the shell: show it all
  await page.locator('.ps-main').evaluate((el) => { el.scrollTop = 0 })
  await settle(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-project-detail.png'), fullPage: true })
  await page.context().close()
})

test('reporter: files this month\'s progress and sees the project turn from red to green', { timeout: 240_000 }, async () => {
  const project = await createProject(behindPlan('E2E-REPORT', '德塘镇污水处理厂提标改造'))
  assert.equal(project.warning, 'red', JSON.stringify(project.warning_reasons))
  assert.deepEqual(project.warning_reasons.map((r) => r.kind), ['investment_behind'])

  const page = await newPage(browser)
  await page.goto(base + '/#/progress')
  await uiLogin(page, 'reporter')
  await page.locator(tid('menu-progress')).waitFor()
  const amount = page.locator(tid('progress-amount-E2E-REPORT'))
  await amount.waitFor()
  const row = page.locator(`${tid('progress-table')} .el-table__body-wrapper tr.el-table__row`, { has: amount })
  const light = row.locator(tid('warning-light'))
  assert.equal(await light.getAttribute('data-warning'), 'red')

  // The whole year's plan in this month is more than enough.
  await amount.fill('1200')
  await page.locator(tid('progress-text-E2E-REPORT')).fill('设备安装完成，进入调试')
  await page.locator(tid('progress-save-E2E-REPORT')).click()
  await page.locator('.el-message--success', { hasText: '进度已保存' }).waitFor()
  await row.locator(`${tid('warning-light')}[data-warning="green"]`).waitFor()
  await row.getByText('已填报').waitFor()

  // Read afresh, the screen shows the month's report and this year's total.
  await page.reload()
  await row.locator(`${tid('warning-light')}[data-warning="green"]`).waitFor()
  await row.getByText('1,200.00 / 1,200.00').waitFor()
  assert.equal(await amount.inputValue(), '1200')

  const after = await admin.json(`/api/v1/projects/${project.id}`)
  assert.equal(after.warning, 'green')
  assert.equal(after.year_to_date, 1_200 * WAN)
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {})
  await settle(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-progress.png'), fullPage: true })
  await page.context().close()
})
