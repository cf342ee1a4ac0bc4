import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  TemplateSchema,
  describeRungTiming,
  rungOffset,
  createNode,
  nodeRegistry,
  NODE_TYPES,
  TemplateNodeSchema,
  templateJsonSchema,
  ParameterSchema,
} from '..';
import { delegationCycleTemplate } from '../fixtures/delegation-cycle.fixture';
import { clientRequestTemplate } from '../fixtures/client-request.fixture';
import { eventPlanTemplate } from '../fixtures/event-plan.fixture';
import { dailyCrmDutyTemplate } from '../fixtures/recurring-duty.fixture';

describe('TemplateSchema', () => {
  it('parses the fixtures and normalises text deadlines to the structured form', () => {
    const parsed = TemplateSchema.parse(delegationCycleTemplate);
    const task = parsed.nodes.find((node) => node.id === 'do-task');
    expect(task?.type).toBe('task');
    if (task?.type !== 'task') return;
    expect(task.data.due).toEqual({
      anchor: { kind: 'start' },
      offset: { amount: 3, unit: 'businessDays', direction: 'after' },
      timeOfDay: '17:00',
    });
    expect(task.data.maxRounds).toBe(3);
    expect(parsed.schemaVersion).toBe(1);

    const event = TemplateSchema.parse(eventPlanTemplate);
    const estimate = event.nodes.find((node) => node.id === 'estimate');
    expect(estimate?.type === 'task' && estimate.data.due).toEqual({
      anchor: { kind: 'node', nodeId: 'booked' },
      offset: { amount: 2, unit: 'businessDays', direction: 'after' },
    });
    expect(TemplateSchema.parse(clientRequestTemplate).escalation).toHaveLength(2);
  });

  it('fills defaults: priority, checklist, form, decision requests, parameters required', () => {
    const parsed = TemplateSchema.parse(clientRequestTemplate);
    const archive = parsed.nodes.find((node) => node.id === 'archive');
    expect(archive?.type === 'task' && archive.data).toMatchObject({
      priority: { urgent: false, important: true },
      form: [],
      allowDecisionRequests: true,
      instructions: '',
    });
    expect(parsed.parameters.find((p) => p.name === 'client')?.required).toBe(true);
    expect(parsed.parameters.find((p) => p.name === 'urgent')?.required).toBe(false);
  });

  it('hands out independent deadline objects for the same text', () => {
    const first = TemplateSchema.parse(delegationCycleTemplate);
    const second = TemplateSchema.parse(delegationCycleTemplate);
    const due = (parsed: typeof first) => {
      const node = parsed.nodes.find((n) => n.id === 'do-task');
      return node?.type === 'task' ? node.data.due : undefined;
    };
    const firstDue = due(first);
    if (firstDue?.offset === undefined) throw new Error('fixture changed');
    firstDue.offset.amount = 99;
    expect(due(second)?.offset?.amount).toBe(3);
  });

  it('rejects a schemaVersion it does not know', () => {
    expect(TemplateSchema.safeParse({ ...delegationCycleTemplate, schemaVersion: 2 }).success).toBe(false);
  });

  it('rejects canvas-less nodes and unknown node types', () => {
    expect(TemplateNodeSchema.safeParse({ id: 'a', type: 'task', data: {} }).success).toBe(false);
    expect(TemplateNodeSchema.safeParse({ id: 'a', type: 'robot', position: { x: 0, y: 0 }, data: {} }).success).toBe(
      false
    );
  });
});

describe('parameters', () => {
  const fails = (parameter: unknown) => {
    const result = ParameterSchema.safeParse(parameter);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it('validates defaults against the type', () => {
    expect(fails({ name: 'due', type: 'date', default: '2027-02-30' })[0]).toMatch(/YYYY-MM-DD/);
    expect(fails({ name: 'at', type: 'datetime', default: '2027-03-31T17:00:00+02:00' })).toEqual([]);
    expect(fails({ name: 'n', type: 'number', min: 1, max: 5, default: 9 })).toEqual(['default 9 is above max 5']);
    expect(fails({ name: 'n', type: 'number', integer: true, default: 1.5 })).toEqual([
      'default 1.5 is not a whole number',
    ]);
    expect(
      fails({ name: 'fee', type: 'money', currency: 'PLN', default: { amount: '100.00', currency: 'EUR' } })
    ).toEqual(['default is in EUR but the parameter is in PLN']);
    expect(fails({ name: 'fee', type: 'money', default: { amount: '1,5', currency: 'PLN' } })[0]).toMatch(
      /decimal string/
    );
    expect(fails({ name: 'ok', type: 'boolean', default: 'yes' })).toHaveLength(1);
    expect(fails({ name: 'who', type: 'person', default: 'anna.kowalska' })).toEqual([]);
  });

  it('requires a choice default to be one of the options', () => {
    expect(fails({ name: 'f', type: 'choice', options: [{ value: 'a' }, { value: 'b' }], default: 'c' })).toEqual([
      'default "c" is not one of the options (a, b)',
    ]);
    expect(fails({ name: 'f', type: 'choice', options: [] })).toEqual(['a choice needs at least one option']);
  });

  it('rejects names that cannot be used as variables', () => {
    expect(fails({ name: 'event date', type: 'date' })[0]).toMatch(/letters, digits and _/);
    expect(fails({ name: 'start', type: 'date' })).toEqual([
      '"start" and "occurrence" are reserved deadline anchors; choose another name, e.g. "startDate"',
    ]);
  });
});

describe('node registry', () => {
  it('has one entry per node type, keyed by its own type', () => {
    expect(NODE_TYPES).toEqual([
      'start',
      'task',
      'approval',
      'decision',
      'parallel',
      'join',
      'wait',
      'notify',
      'subprocess',
      'stage',
      'end',
    ]);
    for (const type of NODE_TYPES) expect(nodeRegistry[type].type).toBe(type);
  });

  it("every node type's defaults make a valid node, except a subprocess that has no template chosen yet", () => {
    for (const type of NODE_TYPES) {
      const definition = nodeRegistry[type];
      const result = TemplateNodeSchema.safeParse({
        id: `new-${type}`,
        type,
        position: { x: 0, y: 0 },
        data: definition.defaults(),
      });
      if (type === 'subprocess') {
        expect(result.error?.issues[0]?.message).toBe('a subprocess names the template it runs');
        continue;
      }
      expect(result.success, `${type}: ${result.error?.message ?? ''}`).toBe(true);
      expect(definition.label.length).toBeGreaterThan(0);
    }
  });

  it('creates palette nodes from the defaults', () => {
    expect(createNode('join', 'join-1', { x: 10, y: 20 })).toEqual({
      id: 'join-1',
      type: 'join',
      position: { x: 10, y: 20 },
      data: { mode: 'all' },
    });
  });

  it('approval and decision declare their outcomes', () => {
    expect(nodeRegistry.approval.outcomes(nodeRegistry.approval.dataSchema.parse({ title: 'x' }))).toEqual([
      'approved',
      'rejected',
    ]);
    const decision = nodeRegistry.decision.dataSchema.parse({
      branches: [{ outcome: 'big', condition: { '>': [{ var: 'amount' }, 1000] } }],
      defaultOutcome: 'small',
    });
    expect(nodeRegistry.decision.outcomes(decision)).toEqual(['big', 'small']);
  });
});

describe('templateJsonSchema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schema = templateJsonSchema();
  const validate = ajv.compile(schema);

  it('is a valid JSON Schema 2020-12 document', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('accepts the fixtures as written, with text and structured deadlines', () => {
    for (const fixture of [delegationCycleTemplate, clientRequestTemplate, eventPlanTemplate, dailyCrmDutyTemplate]) {
      expect(validate(fixture), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects a template that breaks the schema', () => {
    const broken = { ...delegationCycleTemplate, nodes: [{ id: 'x', type: 'robot', position: { x: 0, y: 0 } }] };
    expect(validate(broken)).toBe(false);
    expect(validate({ ...delegationCycleTemplate, schemaVersion: 2 })).toBe(false);
  });
});

describe('start triggers', () => {
  const trigger = (rrule: string) =>
    nodeRegistry.start.dataSchema.safeParse({ trigger: { kind: 'recurrence', rrule, timeOfDay: '17:00' } });

  it('accepts RFC 5545 recurrence rules and rejects other text', () => {
    expect(trigger('FREQ=MONTHLY;BYMONTHDAY=1').success).toBe(true);
    expect(trigger('RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31').success).toBe(true);
    expect(trigger('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR').success).toBe(true);
    expect(trigger('every monday').error?.issues[0]?.message).toMatch(/not an RFC 5545 recurrence rule/);
    expect(trigger('BYDAY=MO').success).toBe(false);
    expect(trigger('FREQ=FORTNIGHTLY').success).toBe(false);
    expect(trigger('NOT A RULE').error?.issues[0]?.message).toMatch(/not an RFC 5545 recurrence rule/);
  });

  it('refuses rules more often than daily, which would flood the inbox', () => {
    for (const rule of ['FREQ=SECONDLY', 'FREQ=MINUTELY;INTERVAL=5', 'RRULE:FREQ=HOURLY', 'freq=hourly']) {
      expect(trigger(rule).error?.issues.map((issue) => issue.message)).toEqual([
        'a process starts at most once a day: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY',
      ]);
    }
  });

  it('defaults to a manual start and keeps occurrences on non-business days unless told', () => {
    expect(nodeRegistry.start.dataSchema.parse({}).trigger).toEqual({ kind: 'manual' });
    const recurring = trigger('FREQ=MONTHLY;BYMONTHDAY=1');
    expect(recurring.success && recurring.data.trigger).toMatchObject({ nonBusinessDay: 'keep' });
  });
});

describe('escalation rung timing', () => {
  it('converts to a deadline offset and describes itself', () => {
    expect(rungOffset({ relation: 'at' })).toEqual({ amount: 0, unit: 'minutes', direction: 'after' });
    expect(rungOffset({ relation: 'before', amount: 1, unit: 'businessDays' })).toEqual({
      amount: 1,
      unit: 'businessDays',
      direction: 'before',
    });
    expect(describeRungTiming({ relation: 'at' })).toBe('at the due time');
    expect(describeRungTiming({ relation: 'before', amount: 1, unit: 'businessDays' })).toBe(
      '1 business day before the due time'
    );
    expect(describeRungTiming({ relation: 'after', amount: 2, unit: 'hours' })).toBe('2 hours after the due time');
  });
});
