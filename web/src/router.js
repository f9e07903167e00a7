// Hash routing: the server only has to serve / and /assets/*.
// meta.public: reachable without logging in. meta.perm: the permission the page needs; without it
// App.vue shows the "no permission" page in its place (the address stays, nothing is loaded).
import { createRouter, createWebHashHistory } from 'vue-router'
import { session, loadMe } from './auth.js'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/overview' },
    { path: '/login', name: 'login', component: () => import('./views/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
    { path: '/overview', name: 'overview', component: () => import('./views/OverviewPage.vue'), meta: { title: 'menu.overview' } },
    { path: '/units', name: 'units', component: () => import('./views/UnitsPage.vue'), meta: { title: 'menu.units', perm: 'units.read' } },
    { path: '/units/:id(\\d+)', name: 'unit', component: () => import('./views/UnitDetailPage.vue'), meta: { title: 'menu.units', menu: '/units', perm: 'units.read' } },
    { path: '/units/:id(\\d+)/edit', name: 'unit-edit', component: () => import('./views/UnitDetailPage.vue'), props: { edit: true }, meta: { title: 'menu.units', menu: '/units', perm: 'units.write' } },
    { path: '/projects', name: 'projects', component: () => import('./views/ProjectsPage.vue'), meta: { title: 'menu.projects', perm: 'projects.read' } },
    { path: '/projects/:id(\\d+)', name: 'project', component: () => import('./views/ProjectDetailPage.vue'), meta: { title: 'menu.projects', menu: '/projects', perm: 'projects.read' } },
    { path: '/progress', name: 'progress', component: () => import('./views/ProgressEntryPage.vue'), meta: { title: 'menu.progress', perm: 'progress.write' } },
    { path: '/project-settings', name: 'project-settings', component: () => import('./views/ProjectSettingsPage.vue'), meta: { title: 'menu.projectSettings', perm: 'projects.read' } },
    { path: '/enterprises', name: 'enterprises', component: () => import('./views/EnterprisesPage.vue'), meta: { title: 'menu.enterprises', perm: 'enterprises.read' } },
    { path: '/users', name: 'users', component: () => import('./views/UsersPage.vue'), meta: { title: 'menu.users', perm: 'users.read' } },
    { path: '/audit', name: 'audit', component: () => import('./views/AuditPage.vue'), meta: { title: 'menu.audit', perm: 'audit.read' } },
    { path: '/login-log', name: 'login-log', component: () => import('./views/LoginLogPage.vue'), meta: { title: 'menu.loginLog', perm: 'login_log.read' } },
    { path: '/cockpit', name: 'cockpit', component: () => import('./views/CockpitPage.vue'), meta: { title: 'menu.cockpit', perm: 'project_stats.read' } },
    { path: '/project-stats', name: 'project-stats', component: () => import('./views/StatsPage.vue'), meta: { title: 'menu.projectStats', perm: 'project_stats.read' } },
    { path: '/problems', name: 'problems', component: () => import('./views/ProblemsPage.vue'), meta: { title: 'menu.problems', perm: 'projects.read' } },
    { path: '/appraisal/schemes', name: 'appraisal-schemes', component: () => import('./views/AppraisalSchemesPage.vue'), meta: { title: 'menu.appraisalSchemes', menu: '/appraisal/schemes', perm: 'appraisal.read' } },
    { path: '/appraisal/schemes/:id(\\d+)', name: 'appraisal-scheme', component: () => import('./views/AppraisalSchemePage.vue'), meta: { title: 'menu.appraisalSchemes', menu: '/appraisal/schemes', perm: 'appraisal.read' } },
    { path: '/appraisal/schemes/:id(\\d+)/notice/:version(\\d+)', name: 'appraisal-notice', component: () => import('./views/AppraisalNoticePage.vue'), meta: { title: 'appraisal.notice', menu: '/appraisal/schemes', perm: 'appraisal.read' } },
    { path: '/appraisal/data', name: 'appraisal-data', component: () => import('./views/AppraisalDataPage.vue'), meta: { title: 'menu.appraisalData', menu: '/appraisal/data', perm: 'appraisal.report' } },
    { path: '/appraisal/results', name: 'appraisal-results', component: () => import('./views/AppraisalResultsPage.vue'), meta: { title: 'menu.appraisalResults', menu: '/appraisal/results', perm: 'appraisal.results' } },
    { path: '/appraisal/awards', name: 'appraisal-awards', component: () => import('./views/AppraisalAwardsPage.vue'), meta: { title: 'menu.appraisalAwards', menu: '/appraisal/awards', perm: 'appraisal.read' } },
    { path: '/appraisal/appeals', name: 'appraisal-appeals', component: () => import('./views/AppraisalAppealsPage.vue'), meta: { title: 'menu.appraisalAppeals', menu: '/appraisal/appeals', perm: 'appraisal.report' } },
    // A published notice for the public: no login (meta.public), no shell.
    { path: '/notice/:scheme(\\d+)/:version(\\d+)', name: 'public-notice', component: () => import('./views/AppraisalNoticePage.vue'), props: { public: true }, meta: { public: true, title: 'appraisal.notice' } },
    { path: '/benchmark', name: 'benchmark', component: () => import('./views/BenchmarkPage.vue'), meta: { title: 'menu.benchmark', perm: 'benchmark.read' } },
    { path: '/tokens', name: 'tokens', component: () => import('./views/TokensPage.vue'), meta: { title: 'menu.tokens' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundPage.vue'), meta: { title: 'notFound.title' } },
  ],
})

// Where to go after logging in: the page asked for, if it is one of ours.
export function safeRedirect(r) {
  return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login') ? r : '/overview'
}

router.beforeEach(async (to) => {
  if (!session.checked) {
    try { await loadMe() } catch (_) { /* server unreachable: the login page says so on submit */ }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.user) return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  return true
})
