import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { registerElementPlus } from './element.js'
import './style.css'

const app = createApp(App)
registerElementPlus(app)
app.use(router)
app.mount('#app')
