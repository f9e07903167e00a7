// Browser test of 对标赶超: node --test tests/e2e/benchmark.spec.mjs
// The leader opens 对标赶超 from the menu and sees the comparison table with this city's row
// highlighted (澄港市, the demo city) and the bar chart highlighting the same city; the catch-up tab
// gives each peer a pass year, 已领先 or 按当前增速无法赶超, as the API answers; the appraisal office
// sees the goals with their status and the data tab.
// Screenshots: ${SCREENSHOT_DIR || 'build'}/e2e-benchmark*.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

const SELF = '澄港市'
const PASS_TEXT = /\d{4} 年赶超|已领先|按当前增速无法赶超|年内无法赶超/
const STATE_TEXT = { achieved: '达成', on_track: '正常推进', behind: '滞后', unknown: '无法判断' }

let server, base, browser, office

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  office = await apiLogin(base, 'appraisal')
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('leader: the comparison highlights this city in the table and the bars; the catch-up names a pass year or never', { timeout: 180_000 }, async () => {
  const { items: cities } = await office.json('/api/v1/benchmark/cities')
  const self = cities.find((c) => c.is_self)
  assert.equal(self && self.name, SELF, 'the demo city is this city')
  assert.ok(cities.some((c) => c.demo), 'the demo cities are marked as demo data')

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'leader')
  await page.locator(tid('menu-benchmark')).click()
  await page.waitForURL(/#\/benchmark/)
  await page.locator(tid('benchmark-page')).waitFor()

  // 对比: this city's row, and the same city named by the bar chart.
  const row = page.locator(`${tid('bm-compare-table')} ${tid('bm-self-row')}`).first()
  await row.waitFor()
  assert.match(await row.innerText(), new RegExp(SELF))
  assert.ok(await row.evaluate((tr) => tr.classList.contains('ps-bm-self-row')), 'the row carries the highlight class')
  const bars = page.locator(tid('bm-bars'))
  await bars.locator('canvas').first().waitFor()
  assert.equal(await bars.getAttribute('data-highlight'), SELF)
  await page.locator(`${tid('bm-compare-table')} ${tid('bm-demo-tag')}`).first().waitFor()
  // Every figure says how it was computed: the first figure with a formula has a non-empty one.
  const formula = await page.locator(`${tid('bm-compare-table')} [data-formula]`).first().getAttribute('data-formula')
  assert.ok(formula && formula.length > 0)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-benchmark.png') })

  // 赶超: each peer passes in a year, is behind us already, or is never passed; as the API says.
  await page.locator('#tab-projection').click()
  const table = page.locator(tid('bm-projection-table'))
  const firstPass = table.locator('[data-pass]').first()
  await firstPass.waitFor()
  assert.match(await firstPass.innerText(), PASS_TEXT)
  // The page compares the first indicator in this city's latest year: the same as the API's answer.
  const ind = (await office.json('/api/v1/benchmark/indicators')).items[0]
  const values = (await office.json(`/api/v1/benchmark/values?indicator_id=${ind.id}&city_id=${self.id}&quarter=0`)).items
  const year = Math.max(...values.filter((v) => v.value !== null).map((v) => v.year))
  const projection = await office.json(`/api/v1/benchmark/projection?indicator_id=${ind.id}&year=${year}&years=5&by=${year + 5}&horizon=50`)
  const passes = await table.locator('[data-pass]').evaluateAll((els) => els.map((e) => e.getAttribute('data-pass')))
  assert.deepEqual(passes, projection.items.map((p) => p.pass))
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-benchmark-projection.png') })
  await page.context().close()
})

test('office: the goals tab lists a goal with its status; the data tab is there to manage', { timeout: 180_000 }, async () => {
  const { items: goals } = await office.json('/api/v1/benchmark/goals')
  assert.ok(goals.length > 0, 'the demo has a goal')
  const goal = goals[0]

  const page = await newPage(browser)
  await page.goto(base + '/#/benchmark?tab=goals')
  await uiLogin(page, 'appraisal')
  await page.locator(tid('benchmark-page')).waitFor()
  const state = page.locator(tid('bm-goal-state-' + goal.id))
  await state.waitFor()
  assert.equal(await state.getAttribute('data-state'), goal.status.state)
  assert.equal((await state.innerText()).trim(), STATE_TEXT[goal.status.state])
  await page.locator(tid('bm-goal-detail')).waitFor()
  await page.locator(tid('bm-goal-history-table')).waitFor()
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-benchmark-goals.png') })

  // The office manages the data: the values grid of the first indicator, this city's row there.
  await page.locator('#tab-data').click()
  await page.locator(tid('bm-grid-table')).waitFor()
  assert.match(await page.locator(`${tid('bm-grid-table')} tr.self`).innerText(), new RegExp(SELF))

  // Import: the wide template of GDP (filled with the values there are) is checked first, and the
  // check offers every value it read for import; importing it writes them back unchanged.
  const { items: indicators } = await office.json('/api/v1/benchmark/indicators')
  const gdp = indicators.find((x) => x.code === 'gdp')
  const t = await office.fetch(`/api/v1/benchmark/values/import-template?layout=wide&indicator_id=${gdp.id}`)
  assert.equal(t.status, 200)
  const template = Buffer.from(await t.arrayBuffer())
  await page.locator(tid('bm-import')).click()
  const dialog = page.locator(tid('bm-import-dialog'))
  await dialog.locator('input[type=file]').setInputFiles({ name: 'gdp.xlsx', mimeType: 'application/octet-stream', buffer: template })
  const rows = dialog.locator(tid('bm-import-rows'))
  await rows.waitFor()
  const read = Number((await rows.innerText()).trim())
  assert.ok(read > 0, 'the check read the template\'s values')
  assert.equal(Number((await dialog.locator(tid('bm-import-written')).innerText()).trim()), read, 'all of them to write')
  const confirm = page.locator(tid('import-confirm'))
  assert.equal(await confirm.isEnabled(), true, 'the import can be confirmed after the check')
  await confirm.click()
  await dialog.waitFor({ state: 'hidden' })
  await page.context().close()
})
