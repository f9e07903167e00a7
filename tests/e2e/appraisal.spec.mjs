// Browser test of the appraisal pages: node --test tests/e2e/appraisal.spec.mjs
// The appraisal office opens the demo's open 绩效管理 scheme (its data accepted, not yet published;
// made through the API when the demo has none), looks at the results computed now, a subject's
// formulas and a what-if, publishes, and reads the notice with the real grade names; the public
// notice address loads without logging in; TOWN-01's reporter appeals and the office answers.
// Screenshots: ${SCREENSHOT_DIR || 'build'}/e2e-appraisal-results.png, e2e-appraisal-notice.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR, STEP } from './helpers.mjs'

let server, base, browser, office, schemeId

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  office = await apiLogin(base, 'appraisal')
  schemeId = await openScheme(office)
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

async function call(session, method, path, body) {
  const r = await session.fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await r.text()
  assert.ok(r.ok, `${method} ${path}: HTTP ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

// The demo's open scheme whose data is all accepted, or one made here: the towns in one group, two leaves, three
// grades, every subject's data entered and accepted, so that it can be published.
async function openScheme(s) {
  // The demo's open performance appraisal with every subject accepted.
  const { items } = await s.json('/api/v1/appraisal/schemes')
  for (const x of items.filter((x) => x.state === 'open')) {
    const data = (await s.json(`/api/v1/appraisal/schemes/${x.id}/data`)).items
    if (data.length && data.every((d) => d.state === 'accepted')) return x.id
  }
  const kinds = (await s.json('/api/v1/appraisal/kinds')).items
  const created = await call(s, 'POST', '/api/v1/appraisal/schemes', {
    year: 2025, kind_id: kinds[0].id, name: '2025年度镇（街道）绩效管理考核', subject_type: 'unit',
    issuing_office: '市考核工作领导小组办公室', notice_title: '关于2025年度绩效管理考核结果的通报',
  })
  const towns = (await s.json('/api/v1/units?kind=town&page_size=100')).items.slice(0, 5)
  await call(s, 'PUT', `/api/v1/appraisal/schemes/${created.id}/structure`, {
    groups: [{ name: '镇' }],
    subjects: towns.map((u) => ({ group: 0, unit_id: u.id })),
    indicators: [
      { name: '经济发展', kind: 'node', children: [
        { name: '固定资产投资完成率', kind: 'leaf', full_marks: '60', method: 'ratio', direction: 'higher', cap: '1.2', children: [] },
        { name: '一般公共预算收入', kind: 'leaf', full_marks: '40', method: 'rank', direction: 'higher', min_score: '20', children: [] },
      ] },
    ],
    grades: [{ name: '优秀', min_score: '90', quota: '0.4' }, { name: '良好', min_score: '60', quota: null }, { name: '一般', min_score: null, quota: null }],
  })
  await call(s, 'POST', `/api/v1/appraisal/schemes/${created.id}/open`)
  const scheme = await s.json(`/api/v1/appraisal/schemes/${created.id}`)
  const [ratio, rank] = scheme.indicators[0].children
  for (const [i, subj] of scheme.subjects.entries()) {
    const path = `/api/v1/appraisal/schemes/${created.id}/subjects/${subj.id}`
    await call(s, 'PUT', path + '/data', {
      values: [
        { indicator_id: ratio.id, target: '100', actual: String(80 + i * 9), ratings: null, note: null },
        { indicator_id: rank.id, target: null, actual: String(1000 + i * 50), ratings: null, note: null },
      ],
      items: [],
    })
    await call(s, 'POST', path + '/submit')
    await call(s, 'POST', path + '/accept')
  }
  return created.id
}

// The side menu is a little taller than 800 px and scrolls to the item clicked: back to its top for the pictures.
const topOfMenu = (page) => page.locator('.ps-aside .el-menu').first().evaluate((el) => { el.scrollTop = 0 })
const settle = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))

test('office: results, a subject\'s formulas, a what-if, publish, and the notice with its grades', { timeout: 300_000 }, async () => {
  const results = await office.json(`/api/v1/appraisal/schemes/${schemeId}/results`)
  assert.ok(results.items.length > 0, 'the scheme has subjects with results')
  const gradeNames = results.grades.map((g) => g.name)
  const first = results.items[0]

  const page = await newPage(browser)
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(base + '/')
  await uiLogin(page, 'appraisal')
  await page.locator(tid('menu-appraisal-schemes')).click()
  await page.waitForURL(/#\/appraisal\/schemes/)
  await page.locator(tid('scheme-state-' + schemeId), { hasText: '填报中' }).waitFor()
  await page.locator(tid('scheme-results-' + schemeId)).click()
  await page.waitForURL(new RegExp(`#/appraisal/results\\?scheme=${schemeId}`))

  // The first group's table: each subject's total and grade as the API computed them.
  const table = page.locator(tid('results-table')).first()
  await table.locator(tid('result-grade-' + first.subject_id)).waitFor()
  assert.equal(await table.locator(tid('result-grade-' + first.subject_id)).innerText(), first.grade_name)
  assert.equal(Number(await table.locator(tid('result-total-' + first.subject_id)).innerText()), Number(first.total))
  await page.locator(`${tid('grade-chart')} canvas`).waitFor()
  await settle(page)
  await page.waitForTimeout(800) // the chart's entry animation
  await topOfMenu(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-appraisal-results.png') })

  // A subject's detail: every leaf with its formula and score.
  await table.locator(tid('result-open-' + first.subject_id)).click()
  const drawer = page.locator(tid('result-drawer'))
  await drawer.locator(tid('drawer-leaves')).waitFor()
  assert.equal(Number(await drawer.locator(tid('drawer-total')).innerText()), Number(first.total))
  const formulas = await drawer.locator('.ps-formula').allInnerTexts()
  assert.ok(formulas.length > 0 && formulas.every((f) => f.trim().length > 0), 'each leaf shows its formula: ' + formulas.join(' | '))
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })

  // What-if: the last subject's first leaf far better; its new total stands beside the old one.
  const last = results.items.filter((r) => r.group_id === first.group_id).at(-1)
  await page.locator(tid('panel-simulate')).click()
  await page.locator(`.el-select${tid('sim-subject-0')}`).click()
  await page.locator('.el-select-dropdown__item', { hasText: last.name }).filter({ visible: true }).first().click()
  const leaf = (await office.json(`/api/v1/appraisal/schemes/${schemeId}/results/${last.subject_id}`)).leaves[0]
  await page.locator(`.el-select${tid('sim-leaf-0')}`).click()
  await page.locator('.el-select-dropdown__item', { hasText: leaf.path }).filter({ visible: true }).first().click()
  await page.locator(tid('sim-actual-0')).fill('1000000')
  await page.locator(tid('sim-run')).click()
  await page.locator(`${tid('sim-results')}, ${tid('sim-nothing')}`).first().waitFor()

  // Publish: the scheme becomes 已发布 and the notice opens with the frozen results.
  await page.locator(tid('results-publish')).click()
  await page.locator('.el-message-box .el-button--primary').click()
  await page.locator('.el-message--success', { hasText: '结果已发布' }).waitFor()
  await page.locator(tid('results-scheme-state'), { hasText: '已发布' }).waitFor()
  const { items: versions } = await office.json(`/api/v1/appraisal/schemes/${schemeId}/versions`)
  assert.equal(versions.length, 1)
  // The office publishes the 先进单位 of this version (its top grade): the notice lists them.
  const honour = await call(office, 'POST', '/api/v1/appraisal/awards', { kind: 'unit', name: '浏览器测试先进单位', scheme_id: schemeId })
  await call(office, 'POST', `/api/v1/appraisal/awards/${honour.id}/publish`, {})
  const honoured = honour.entries.filter((x) => !x.removed).map((x) => x.name)
  assert.ok(honoured.length > 0, 'the top grade has subjects')
  await page.locator(tid('results-notice')).click()
  await page.waitForURL(new RegExp(`#/appraisal/schemes/${schemeId}/notice/${versions[0].version}`))
  const notice = page.locator(tid('notice'))
  await notice.locator(tid('notice-row-' + first.subject_id)).waitFor()
  const text = await notice.innerText()
  const shown = gradeNames.filter((g) => results.items.some((r) => r.grade_name === g))
  assert.ok(shown.length > 0)
  for (const g of shown) assert.ok(text.includes(g), `the notice shows the grade ${g}`)
  assert.ok((await notice.locator(tid('notice-row-' + first.subject_id)).innerText()).includes(first.grade_name))
  const award = await notice.locator(tid('notice-award-' + honour.id)).innerText()
  assert.ok(award.includes('浏览器测试先进单位'), 'the notice names the honour list')
  for (const name of honoured) assert.ok(award.includes(name), `the honour list names ${name}`)
  await page.locator('.el-message').waitFor({ state: 'detached' })
  await topOfMenu(page)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-appraisal-notice.png') })
  // Printing leaves the shell and the buttons out.
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.ps-aside').isVisible(), false)
  assert.equal(await page.locator(tid('notice-print')).isVisible(), false)
  assert.equal(await notice.isVisible(), true)
  await page.emulateMedia({ media: 'screen' })

  // The public address, in a browser with no session: the same notice, no login page.
  const href = await page.locator(tid('notice-public-link')).getAttribute('href')
  assert.match(href, new RegExp(`#/notice/${schemeId}/${versions[0].version}`))
  const anon = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  anon.setDefaultTimeout(STEP)
  const pub = await anon.newPage()
  await pub.goto(href)
  await pub.locator(`${tid('notice')} ${tid('notice-row-' + first.subject_id)}`).waitFor()
  assert.equal(await pub.locator(tid('login-page')).count(), 0)
  const pubText = await pub.locator(tid('notice')).innerText()
  for (const g of shown) assert.ok(pubText.includes(g), `the public notice shows the grade ${g}`)
  const pubAward = await pub.locator(tid('notice-award-' + honour.id)).innerText()
  for (const name of honoured) assert.ok(pubAward.includes(name), `the public notice's honour list names ${name}`)
  await anon.close()
  await page.context().close()
})

test('appeals: TOWN-01\'s reporter appeals the published result, the office answers', { timeout: 240_000 }, async () => {
  const reporter = await apiLogin(base, 'reporter')
  const mine = (await reporter.json(`/api/v1/appraisal/schemes/${schemeId}/data`)).items
  if (mine.length === 0) return // the scheme has no subject under TOWN-01

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'reporter')
  await page.goto(`${base}/#/appraisal/appeals?scheme=${schemeId}`)
  await page.locator(tid('appeal-file')).click()
  await page.locator(tid('appeal-text')).fill('一般公共预算收入数据口径有误，请予复核')
  await page.locator(tid('appeal-submit')).click()
  await page.locator('.el-message--success', { hasText: '申诉已提交' }).waitFor()
  await page.locator(tid('appeals-table'), { hasText: '数据口径有误' }).waitFor()
  await page.context().close()

  const appeal = (await office.json(`/api/v1/appraisal/schemes/${schemeId}/appeals`)).items[0]
  const op = await newPage(browser)
  await op.goto(base + '/')
  await uiLogin(op, 'appraisal')
  await op.goto(`${base}/#/appraisal/appeals?scheme=${schemeId}`)
  await op.locator(tid('appeal-answer-' + appeal.id)).click()
  await op.locator(tid('answer-text')).fill('经复核，数据口径与方案一致，维持原结果')
  await op.locator(tid('answer-submit')).click()
  await op.locator('.el-message--success', { hasText: '已答复' }).waitFor()
  await op.locator(tid('appeals-table'), { hasText: '维持原结果' }).waitFor()
  await op.context().close()
})
