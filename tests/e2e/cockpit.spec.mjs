// Browser test of the project acceleration pages: node --test tests/e2e/cockpit.spec.mjs
// The leader opens the cockpit and clicks through from a unit's red bar to the project list
// filtered by that unit and red; the project office assigns an open problem on the board to
// TOWN-01 (交办) and TOWN-01's reporter accepts it, which moves it from 待受理 to 办理中; the
// project office saves the board's overdue filter and applies it again. Screenshots:
// ${SCREENSHOT_DIR || 'build'}/e2e-cockpit.png, e2e-problems.png, e2e-project-stats.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, uiLogout, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, base, browser

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

// Where a category's bar starts on the warnings chart: the grid's fixed left edge (LIGHTS_GRID
// in web/src/cockpit-charts.js), the middle of the category's band.
const GRID = { left: 128, top: 32, bottom: 24 }
async function redBarPoint(chart, index, count) {
  const box = await chart.boundingBox()
  const band = (box.height - GRID.top - GRID.bottom) / count
  return { x: box.x + GRID.left + 3, y: box.y + GRID.top + band * (index + 0.5) }
}

const settle = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))

test('leader: the cockpit shows the year, and a unit\'s red bar leads to its red projects', { timeout: 240_000 }, async () => {
  const leader = await apiLogin(base, 'leader')
  const cockpit = await leader.json('/api/v1/cockpit')
  assert.ok(cockpit.by_unit.length > 0 && cockpit.by_unit[0].red > 0, 'the demo has a unit with red projects')

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'leader')
  await page.locator(tid('menu-cockpit')).click()
  await page.waitForURL(/#\/cockpit/)
  for (const c of ['pipeline', 'investment', 'by-unit', 'by-park', 'speed']) await page.locator(`${tid('chart-' + c)} canvas`).waitFor()
  assert.equal(await page.locator(`${tid('figure-projects')} .ps-figure-value`).innerText(), '800')
  assert.equal(await page.locator(`${tid('figure-red')} .ps-figure-value`).innerText(), String(cockpit.lights.red))
  await page.locator(tid('lagging-' + cockpit.lagging[0].code)).waitFor()
  await settle(page)
  await page.waitForTimeout(1200) // the charts' own entry animation
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-cockpit.png') })

  // The unit with the most red projects is the top bar; its red part starts at the grid's left edge.
  const unit = cockpit.by_unit[0]
  const chart = page.locator(tid('chart-by-unit'))
  await chart.scrollIntoViewIfNeeded()
  const at = await redBarPoint(chart, 0, cockpit.by_unit.length)
  await page.mouse.click(at.x, at.y)
  await page.waitForURL(/#\/projects\?/)
  const query = new URLSearchParams(page.url().split('?')[1])
  assert.equal(query.get('warning'), 'red')
  assert.equal(query.get('unit_id'), String(unit.unit_id))
  // What that list holds: the API answers the same query with the unit's red projects.
  const list = await leader.json(`/api/v1/projects?${query}&page_size=1`)
  assert.ok(list.total >= unit.red, `the list has the unit's ${unit.red} red projects (${list.total})`)
  await page.context().close()
})

test('problems: the project office assigns an open problem, TOWN-01 accepts it', { timeout: 300_000 }, async () => {
  const office = await apiLogin(base, 'project')
  const open = await office.json('/api/v1/problems?state=open&page_size=1')
  const problem = open.items[0]
  const today = new Date()
  const deadline = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 14)
  const iso = `${deadline.getFullYear()}-${String(deadline.getMonth() + 1).padStart(2, '0')}-${String(deadline.getDate()).padStart(2, '0')}`

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'project')
  await page.locator(tid('menu-problems')).click()
  await page.waitForURL(/#\/problems/)
  const openCol = page.locator(tid('problems-col-open'))
  const acceptedCol = page.locator(tid('problems-col-accepted'))
  await openCol.locator(tid('problem-card-' + problem.id)).click()

  // 交办: to TOWN-01 with a deadline two weeks from now.
  const drawer = page.locator(tid('problem-drawer'))
  await drawer.locator(tid('problem-state'), { hasText: '待受理' }).waitFor()
  assert.equal(await drawer.locator(tid('problem-do-accept')).count(), problem.unit_id ? 1 : 0, 'accept only once assigned')
  await drawer.locator(tid('problem-do-assign')).click()
  const dialog = page.locator(tid('problem-action-dialog'))
  await dialog.waitFor({ state: 'visible' })
  await dialog.locator(`${tid('problem-assign-unit')} .el-select__wrapper`).click()
  await page.locator(`.ps-unit-tree-popper ${tid('unit-option-TOWN-01')}`).filter({ visible: true }).click()
  const date = dialog.locator(`${tid('problem-assign-deadline')} input`)
  await date.fill(iso)
  await date.press('Enter')
  await dialog.locator(tid('problem-action-comment')).fill('请德塘镇牵头协调，两周内办结')
  await dialog.locator(tid('problem-action-submit')).click()
  await page.locator('.el-message--success', { hasText: '已交办' }).waitFor()
  await dialog.waitFor({ state: 'hidden' })
  await drawer.locator(tid('problem-timeline'), { hasText: '请德塘镇牵头协调' }).waitFor()
  await drawer.locator('.el-descriptions', { hasText: '德塘镇' }).waitFor()
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await openCol.locator(tid('problem-card-' + problem.id), { hasText: '德塘镇' }).waitFor()

  // A saved filter: overdue problems, kept in the address and applied again after a reset.
  await page.locator(`${tid('problems-filter-overdue')}`).click()
  await page.waitForURL(/overdue=true/)
  await page.locator(tid('problems-saved-filters-button')).click()
  await page.locator(tid('problems-saved-filters-save')).click()
  const prompt = page.locator('.ps-saved-filter-prompt')
  await prompt.locator('input').fill('逾期问题')
  await prompt.locator('.el-button--primary').click()
  await page.locator('.el-message--success', { hasText: '已保存筛选“逾期问题”' }).waitFor()
  await page.goto(base + '/#/problems')
  await page.locator(tid('problems-saved-filters-button')).click()
  await page.locator(tid('saved-filter-逾期问题')).click()
  await page.waitForURL(/overdue=true/)
  assert.equal(await page.locator(`${tid('problems-filter-overdue')} input`).isChecked(), true)
  const overdue = await office.json('/api/v1/problems?state=open&overdue=true&page_size=1')
  await page.locator(tid('problems-count-open'), { hasText: String(overdue.total) }).waitFor()
  await uiLogout(page)

  // 受理: TOWN-01's reporter sees the problem assigned to the town and accepts it.
  await uiLogin(page, 'reporter')
  await page.goto(base + '/#/problems')
  await openCol.locator(tid('problem-card-' + problem.id)).click()
  await drawer.locator(tid('problem-state'), { hasText: '待受理' }).waitFor()
  assert.equal(await drawer.locator(tid('problem-do-assign')).count(), 0, 'a reporter does not assign')
  await drawer.locator(tid('problem-do-accept')).click()
  await dialog.waitFor({ state: 'visible' })
  await dialog.locator(tid('problem-action-submit')).click()
  await page.locator('.el-message--success', { hasText: '已受理' }).waitFor()
  await drawer.locator(tid('problem-state'), { hasText: '办理中' }).waitFor()
  await drawer.locator(tid('problem-do-resolve')).waitFor()
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await acceptedCol.locator(tid('problem-card-' + problem.id)).waitFor()
  assert.equal(await openCol.locator(tid('problem-card-' + problem.id)).count(), 0)
  await settle(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-problems.png') })

  const after = await office.json('/api/v1/problems/' + problem.id)
  assert.equal(after.state, 'accepted')
  assert.equal(after.deadline, iso)
  assert.deepEqual(after.events.slice(-2).map((e) => [e.action, e.username]), [['assign', 'project'], ['accept', 'reporter']])
  await page.context().close()
})

test('project office: the speed statistics table and its targets', { timeout: 240_000 }, async () => {
  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'project')
  await page.locator(tid('menu-project-stats')).click()
  await page.waitForURL(/#\/project-stats/)
  const table = page.locator(tid('stats-table'))
  await table.locator('.ps-total-row', { hasText: '合计' }).waitFor()
  await table.locator('.ps-total-row', { hasText: '800' }).waitFor()
  await page.locator(tid('missing-reports')).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('stats-export')).click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)

  // A city target for new starts shows in the total row's target column.
  await page.locator(tid('stats-targets')).click()
  const dialog = page.locator(tid('targets-dialog'))
  await dialog.locator(tid('target-0-started-count')).fill('250')
  await dialog.locator(tid('target-0-started-amount')).fill('2,500,000')
  await dialog.locator(tid('targets-save')).click()
  await page.locator('.el-message--success', { hasText: '年度目标已保存' }).waitFor()
  await table.locator('.ps-total-row', { hasText: '2,500,000.00' }).waitFor()

  await page.locator(tid('stats-group-park')).click()
  await page.waitForURL(/group=park/)
  await table.locator('th', { hasText: '载体（园区）' }).waitFor()
  await settle(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-project-stats.png') })
  await page.context().close()
})
