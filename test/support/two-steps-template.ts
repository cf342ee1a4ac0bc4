const position = { x: 0, y: 0 };

/**
 * Two steps in a row for the person given as the `assistant` parameter, no reviewer: the second opens once the first
 * is submitted. The API benchmark's round trip and the roles test run it.
 */
export const twoStepsTemplate = {
  schemaVersion: 1,
  id: 'two-steps',
  name: 'Two steps',
  calendarId: 'default',
  parameters: [{ name: 'assistant', type: 'person', label: 'Assistant', required: true }],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    {
      id: 'first',
      type: 'task',
      position,
      data: { title: 'First', assignee: { kind: 'parameter', name: 'assistant' } },
    },
    {
      id: 'second',
      type: 'task',
      position,
      data: { title: 'Second', assignee: { kind: 'parameter', name: 'assistant' } },
    },
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'first' },
    { id: 'e2', source: 'first', target: 'second' },
    { id: 'e3', source: 'second', target: 'end' },
  ],
};
