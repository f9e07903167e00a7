// Hash routing: the server only has to serve / and /assets/*.
import { createRouter, createWebHashHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/overview' },
    { path: '/overview', name: 'overview', component: () => import('./views/OverviewPage.vue'), meta: { title: 'menu.overview' } },
    { path: '/units', name: 'units', component: () => import('./views/UnitsPage.vue'), meta: { title: 'menu.units' } },
    { path: '/:pathMatch(.*)*', redirect: '/overview' },
  ],
})
