import { createRoute, z } from '@hono/zod-openapi';
import { REPORT_CHOICES } from '../../workflows/report/report-choice';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, security } from '../lib/schemas';

export const ReportChoiceSchema = z
  .enum(REPORT_CHOICES)
  .openapi('ReportChoice', { description: 'How often the report is sent: daily, weekly, monthly or none' });

export const ReportSettingsSchema = z
  .object({
    period: ReportChoiceSchema.openapi({ description: 'The period the caller’s report is sent at now' }),
    chosen: z.boolean().openapi({ description: 'false while the caller follows their role’s default' }),
    default: ReportChoiceSchema.openapi({ description: 'Their role’s default: a manager weekly, an observer monthly' }),
    receives: z.boolean().openapi({ description: 'Whether the caller’s role receives reports at all' }),
  })
  .openapi('ReportSettings');

const tags = ['Reports'];
const ok = {
  description: 'The caller’s report settings',
  content: { 'application/json': { schema: ReportSettingsSchema } },
};

export const getReportSettings = createRoute({
  method: 'get',
  path: '/api/report-settings',
  tags,
  summary: 'How often your report is emailed and put in your bell',
  security,
  middleware: authorize(),
  responses: { 200: ok, ...errorResponses },
});

export const putReportSettings = createRoute({
  method: 'put',
  path: '/api/report-settings',
  tags,
  summary: 'Choose how often your report is sent: daily, weekly, monthly or none (reports stay on the reports page)',
  security,
  middleware: authorize(),
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ period: ReportChoiceSchema }).openapi('ReportSettingsPut') },
      },
    },
  },
  responses: { 200: ok, ...errorResponses },
});
