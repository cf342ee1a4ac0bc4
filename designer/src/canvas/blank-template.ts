import type { TemplateInput } from '../../../workflows/template';

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
