import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` would proxy /api to a running Baton; `npm start` serves the production build from the API's port.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
