import type { TemplateInput } from '../../../workflows/template';
import { clientRequestTemplate } from '../../../workflows/template/fixtures/client-request.fixture';
import { delegationCycleTemplate } from '../../../workflows/template/fixtures/delegation-cycle.fixture';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';

/** A template with only a start and an end, for drawing from scratch. */
export function blankTemplate(): TemplateInput {
  return {
    schemaVersion: 1,
    id: 'new-template',
    name: 'New template',
    calendarId: 'pl-warsaw',
    parameters: [],
    escalation: [],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { trigger: { kind: 'manual' } } },
      { id: 'end', type: 'end', position: { x: 600, y: 0 }, data: { result: 'completed' } },
    ],
    edges: [],
  };
}

/** The built-in templates of the process language, to start from. */
export const BUILTIN_TEMPLATES: { key: string; template: () => TemplateInput }[] = [
  { key: 'blank', template: blankTemplate },
  { key: 'delegationCycle', template: () => structuredClone(delegationCycleTemplate) as TemplateInput },
  { key: 'clientRequest', template: () => structuredClone(clientRequestTemplate) as TemplateInput },
  { key: 'eventPlan', template: () => structuredClone(eventPlanTemplate) as TemplateInput },
];
