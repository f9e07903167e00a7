import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { clearSession } from './auth.js'
import { registerElementPlus } from './element.js'
import './style.css'

// Session expired or ended elsewhere (logout, password change, idle timeout): back to the login
// page, then on to where the user was.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value
  clearSession()
  if (current.name === 'login') return
  const query = { expired: '1' }
  if (current.fullPath && current.fullPath !== '/') query.redirect = current.fullPath
  router.replace({ name: 'login', query })
})

const app = createApp(App)
registerElementPlus(app)
app.use(router)
app.mount('#app')
