// Vite config for the web UI. Run from the repo root: `npm run build:web` (vite build web)
// -> web/dist/index.html + web/dist/assets/*.[hash].js|css, embedded into the C binary.
// Dev: `npm run dev:web`, proxying /api and /healthz to PACESETTER_URL (default http://127.0.0.1:8080).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const target = process.env.PACESETTER_URL || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // Every asset as a file under assets/ (no data: URIs), so a strict Content-Security-Policy works.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Vendor libraries in their own long-cached chunks.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts'
          if (id.includes('element-plus') || id.includes('@element-plus') || id.includes('@floating-ui') || id.includes('@vueuse') || id.includes('lodash') || id.includes('dayjs') || id.includes('async-validator')) return 'element-plus'
          return 'vendor'
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/healthz': { target, changeOrigin: false },
    },
  },
})
