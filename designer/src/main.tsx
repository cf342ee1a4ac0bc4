import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import 'dayjs/locale/pl';
import 'dayjs/locale/cs';
import 'dayjs/locale/ru';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

// Date fields show dates as "LL" (e.g. 5 December 2026 / 5 grudnia 2026): that format needs this plugin.
dayjs.extend(localizedFormat);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
);
