import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../../../workflows/template/library';
import { rolesForPersonParameter } from './person-choices';

describe('rolesForPersonParameter', () => {
  it('offers only assistants for an organizer who does the tasks', () => {
    const event = builtInTemplates.find((template) =>
      (template.parameters ?? []).some((parameter) => parameter.name === 'organizer')
    );
    expect(event).toBeDefined();
    expect(rolesForPersonParameter(event!, 'organizer')).toEqual(['assistant']);
  });

  it('offers managers for a reviewer and both for an unused parameter', () => {
    const template = {
      nodes: [
        {
          id: 't',
          type: 'task',
          position: { x: 0, y: 0 },
          data: { title: 'x', assignee: { kind: 'starter' }, reviewer: { kind: 'parameter', name: 'boss' } },
        },
      ],
    } as unknown as Parameters<typeof rolesForPersonParameter>[0];
    expect(rolesForPersonParameter(template, 'boss')).toEqual(['manager']);
    expect(rolesForPersonParameter(template, 'other')).toEqual(['assistant', 'manager']);
  });
});
