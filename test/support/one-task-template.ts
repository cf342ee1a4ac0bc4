import { parseTemplate, type Template } from '../../workflows/template';

/**
 * The smallest process the engine tests need: start, one task (Anna does it, the boss reviews it, on the Polish
 * calendar), end. `data` is merged into the task's data (title, due date, ladder, checklist...).
 */
export function oneTaskTemplate(data: Record<string, unknown> = {}, id = 'one-task'): Template {
  return parseTemplate({
    schemaVersion: 1,
    id,
    name: id,
    calendarId: 'pl',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'task',
        type: 'task',
        position: { x: 1, y: 0 },
        data: {
          title: 'Prepare',
          assignee: { kind: 'person', personId: 'anna' },
          reviewer: { kind: 'person', personId: 'boss' },
          ...data,
        },
      },
      { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'task' },
      { id: 'e2', source: 'task', target: 'end' },
    ],
  });
}
