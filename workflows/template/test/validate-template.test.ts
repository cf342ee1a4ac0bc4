import { describe, expect, it } from 'vitest';
import { hasErrors, TemplateSchema, validateTemplate } from '..';
import type { IssueCode, ValidationIssue } from '..';
import { delegationCycleTemplate } from '../fixtures/delegation-cycle.fixture';
import { clientRequestTemplate } from '../fixtures/client-request.fixture';
import { eventPlanContext, eventPlanTemplate } from '../fixtures/event-plan.fixture';
import { dailyCrmDutyTemplate } from '../fixtures/recurring-duty.fixture';
import { buildLargeTemplate, largeTemplateContext } from '../fixtures/large-template.fixture';
import { end, start, task, template } from './template-builder';

function only(issues: ValidationIssue[], code: IssueCode): ValidationIssue {
  const found = issues.filter((issue) => issue.code === code);
  expect(found, JSON.stringify(issues, null, 2)).toHaveLength(1);
  const issue = found[0] as ValidationIssue;
  expect(issue.hint.length).toBeGreaterThan(10);
  return issue;
}

const linear = (...middle: Parameters<typeof template>[0]) =>
  template(
    [start(), ...middle, end()],
    ['start', ...middle.map((node) => node.id), 'end'].slice(1).map((id, index, ids) => {
      const from = index === 0 ? 'start' : (ids[index - 1] as string);
      return [from, id] as [string, string];
    })
  );

describe('validateTemplate on the fixtures', () => {
  it('finds nothing wrong with the realistic templates', () => {
    expect(validateTemplate(delegationCycleTemplate, { people: ['anna.kowalska'] })).toEqual([]);
    expect(validateTemplate(clientRequestTemplate, { teams: ['front-office'] })).toEqual([]);
    expect(validateTemplate(eventPlanTemplate, eventPlanContext)).toEqual([]);
    expect(validateTemplate(dailyCrmDutyTemplate, { people: ['anna.kowalska', 'piotr.nowak'] })).toEqual([]);
    expect(hasErrors([])).toBe(false);
  });
});

describe('schema errors', () => {
  it('names the node and field of a zod issue', () => {
    const input = linear({ id: 'draft', type: 'task', data: { assignee: { kind: 'starter' } } });
    const issue = only(validateTemplate(input), 'schema');
    expect(issue).toMatchObject({ nodeId: 'draft', path: ['nodes', 1, 'data', 'title'] });
    expect(issue.message).toBe('Node "draft": `data.title` is missing.');
    expect(issue.hint).toBe('Add `data.title` (string).');
  });

  it('explains an unknown node type and still checks the rest of the graph', () => {
    const input = template(
      [start(), { id: 'odd', type: 'robot', data: {} } as never, task('lost'), end()],
      [
        ['start', 'odd'],
        ['start', 'end'],
      ]
    );
    const issues = validateTemplate(input);
    expect(only(issues, 'schema').message).toMatch(/^Node "odd": `type` is not one of "start", "task"/);
    expect(only(issues, 'unreachable-node').nodeId).toBe('lost');
    // The edge to the unparseable node leaves the graph without a second issue about it.
    expect(issues.map((issue) => issue.code)).toEqual(['schema', 'dead-end', 'unreachable-node']);
  });

  it('keeps a node whose data is invalid in the graph', () => {
    const input = linear({ id: 'draft', type: 'task', data: { title: '' } } as never);
    const issues = validateTemplate(input);
    // No dead end or unreachable node: the broken task still connects start and end.
    expect(issues.map((issue) => issue.message)).toEqual([
      'Node "draft": `data.title` is empty: a task needs a title.',
      'Node "draft": `data.assignee` is missing.',
    ]);
    expect(issues[0]?.hint).toBe('Fill in `data.title`.');
  });

  it('reports a deadline that does not parse on its node', () => {
    const issue = only(validateTemplate(linear(task('sign', { due: 'start + 3x' }))), 'deadline-parse');
    expect(issue.nodeId).toBe('sign');
    expect(issue.message).toMatch(
      /^Node "sign": `data.due`: Invalid deadline "start \+ 3x" at position 9: unknown unit "x"/
    );
  });

  it('does not cascade a broken parameter into unknown-parameter issues', () => {
    const input = {
      ...linear(task('a', { assignee: { kind: 'parameter', name: 'owner' }, due: 'eventDate - 1d' })),
      parameters: [
        { name: 'owner', type: 'human' },
        { name: 'eventDate', type: 'date', default: 'tomorrow' },
      ],
    };
    expect(validateTemplate(input).map((issue) => issue.message)).toEqual([
      'Parameter "owner": `type` is not one of "text", "date", "datetime", "number", "money", "person", "choice", "boolean".',
      'Parameter "eventDate": `default`: a date default is YYYY-MM-DD, e.g. "2027-03-31".',
    ]);
  });

  it('rejects a form field or checklist item defined twice', () => {
    const input = linear(
      task('a', {
        form: [
          { name: 'amount', label: 'Amount', type: 'number' },
          { name: 'amount', label: 'Amount again', type: 'number' },
        ],
      })
    );
    expect(only(validateTemplate(input), 'schema').message).toBe(
      'Node "a": `data.form[1].name`: form field "amount" appears twice.'
    );
  });

  it('names edges and parameters', () => {
    const input = {
      ...linear(task('a')),
      parameters: [{ name: 'kind', type: 'choice', options: [{ value: 'x' }], default: 'y' }],
    };
    expect(only(validateTemplate(input), 'schema').message).toBe(
      'Parameter "kind": `default`: default "y" is not one of the options (x).'
    );
    const badEdge = linear(task('a'));
    badEdge.edges[0] = { id: 'e0', source: 'start', target: 7 } as never;
    expect(only(validateTemplate(badEdge), 'schema').message).toMatch(/^Edge "e0": `target` expected string/);
  });
});

describe('part-by-part parsing', () => {
  it('agrees with TemplateSchema on what is a schema error', () => {
    const samples: unknown[] = [
      delegationCycleTemplate,
      clientRequestTemplate,
      { ...delegationCycleTemplate, calendarId: '' },
      { ...delegationCycleTemplate, nodes: 'none' },
      { ...delegationCycleTemplate, escalation: [{ at: { relation: 'soon' }, action: { kind: 'remindAssignee' } }] },
      linear(task('a', { due: 'tomorrow-ish' })),
      linear(task('a', { priority: { urgent: true } })),
      null,
    ];
    for (const sample of samples) {
      const schemaOk = TemplateSchema.safeParse(sample).success;
      const issues = validateTemplate(sample).filter((i) => i.code === 'schema' || i.code === 'deadline-parse');
      expect(issues.length === 0, JSON.stringify(issues)).toBe(schemaOk);
    }
  });
});

describe('graph structure', () => {
  it('no start', () => {
    const issue = only(validateTemplate(template([task('a'), end()], [['a', 'end']])), 'no-start');
    expect(issue.message).toBe('The template has no start node, so it can never begin.');
  });

  it('several starts', () => {
    const issue = only(
      validateTemplate(
        template(
          [start(), start('again'), end()],
          [
            ['start', 'end'],
            ['again', 'end'],
          ]
        )
      ),
      'multiple-starts'
    );
    expect(issue.nodeId).toBe('again');
    expect(issue.message).toMatch(/second start; a template has exactly one \(the first is "start"\)/);
  });

  it('unreachable node', () => {
    const input = template(
      [start(), task('orphan'), end()],
      [
        ['start', 'end'],
        ['orphan', 'end'],
      ]
    );
    const issue = only(validateTemplate(input), 'unreachable-node');
    expect(issue).toMatchObject({
      nodeId: 'orphan',
      message: 'Node "orphan" cannot be reached from the start, so it never runs.',
    });
  });

  it('dead end', () => {
    const input = template(
      [start(), task('a'), task('stuck'), end()],
      [
        ['start', 'a'],
        ['a', 'end'],
        ['start', 'stuck'],
      ]
    );
    const issues = validateTemplate(input);
    const issue = only(issues, 'dead-end');
    expect(issue.nodeId).toBe('stuck');
    expect(issue.message).toBe('Task "stuck" has no outgoing edge, so the process stops there without finishing.');
    // The start has two outgoing edges too.
    expect(only(issues, 'too-many-outgoing').nodeId).toBe('start');
  });

  it('duplicate ids and edges to unknown nodes', () => {
    const input = template(
      [start(), task('a'), task('a'), end()],
      [
        ['start', 'a'],
        ['a', 'end'],
        ['a', 'ghost'],
      ]
    );
    const issues = validateTemplate(input);
    expect(only(issues, 'duplicate-node-id').message).toBe(
      'Two nodes have the id "a", so edges and deadlines cannot tell them apart.'
    );
    expect(only(issues, 'edge-unknown-node').message).toBe(
      'Edge "a->ghost" connects "ghost", which is not a node of this template.'
    );
    const dupEdges = linear(task('a'));
    dupEdges.edges.push({ ...(dupEdges.edges[0] as { id: string; source: string; target: string }) });
    expect(only(validateTemplate(dupEdges), 'duplicate-edge-id').edgeId).toBe('start->a');
  });

  it('join with the wrong number of inputs', () => {
    const input = template(
      [
        start(),
        { id: 'split', type: 'parallel', data: {} },
        task('a'),
        task('b'),
        { id: 'join', type: 'join', data: { mode: 'nOfM', n: 3 } },
        end(),
      ],
      [
        ['start', 'split'],
        ['split', 'a'],
        ['split', 'b'],
        ['a', 'join'],
        ['b', 'join'],
        ['join', 'end'],
      ]
    );
    const issue = only(validateTemplate(input), 'join-inputs');
    expect(issue.message).toBe('Join "join" waits for 3 of its inputs but has only 2, so it can never continue.');
    expect(issue.hint).toMatch(/Lower n to at most 2/);
    const single = template(
      [start(), task('a'), { id: 'join', type: 'join', data: { mode: 'all' } }, end()],
      [
        ['start', 'a'],
        ['a', 'join'],
        ['join', 'end'],
      ]
    );
    expect(only(validateTemplate(single), 'join-inputs').message).toBe(
      'Join "join" (mode all) has 1 input; a join needs at least 2.'
    );
  });

  it('parallel split with a single branch', () => {
    const input = template(
      [start(), { id: 'split', type: 'parallel', data: {} }, end()],
      [
        ['start', 'split'],
        ['split', 'end'],
      ]
    );
    expect(only(validateTemplate(input), 'too-few-outgoing').message).toMatch(/only one outgoing edge/);
  });

  it('edges into a stage and nodes in a non-stage parent', () => {
    const input = template(
      [start(), { id: 'phase', type: 'stage', data: { title: 'Phase' } }, task('a', {}), end()],
      [
        ['start', 'phase'],
        ['start', 'a'],
        ['a', 'end'],
      ]
    );
    input.nodes[2] = { ...(input.nodes[2] as object), parentId: 'start' } as never;
    const issues = validateTemplate(input);
    expect(only(issues, 'edge-to-stage').message).toBe(
      'Edge "start->phase" connects stage "phase", but a stage is a group, not a step.'
    );
    expect(only(issues, 'parent-not-stage').message).toBe(
      'Node "a" is placed inside "start", which is a start, not a stage.'
    );
  });

  it('end with an outgoing edge and an edge into the start', () => {
    const input = template(
      [start(), task('a'), end()],
      [
        ['start', 'a'],
        ['a', 'end'],
        ['end', 'start'],
      ]
    );
    const issues = validateTemplate(input);
    expect(only(issues, 'end-has-outgoing').edgeId).toBe('end->start');
    expect(only(issues, 'start-has-incoming').message).toMatch(/nothing can flow back into the start/);
  });
});

describe('stages and ends', () => {
  it('a node in a stage that does not exist, and stages inside each other', () => {
    const input = template(
      [
        start(),
        { id: 'outer', type: 'stage', data: { title: 'Outer' }, parentId: 'inner' },
        { id: 'inner', type: 'stage', data: { title: 'Inner' }, parentId: 'outer' },
        { ...task('a'), parentId: 'phase-9' },
        end(),
      ],
      [
        ['start', 'a'],
        ['a', 'end'],
      ]
    );
    const issues = validateTemplate(input);
    expect(only(issues, 'parent-unknown').message).toBe('Node "a" belongs to stage "phase-9", which does not exist.');
    expect(issues.filter((issue) => issue.code === 'parent-cycle').map((issue) => issue.nodeId)).toEqual([
      'outer',
      'inner',
    ]);
  });

  it('no end', () => {
    const input = template([start(), task('a')], [['start', 'a']]);
    const issues = validateTemplate(input);
    expect(only(issues, 'no-end').message).toBe('The template has no end node, so the process can never finish.');
    expect(only(issues, 'dead-end').nodeId).toBe('a');
  });
});

describe('outcomes', () => {
  const approval = { id: 'ok', type: 'approval', data: { title: 'Approve' } } as const;

  it('approval outcomes not covered', () => {
    const input = template(
      [start(), approval, end()],
      [
        ['start', 'ok'],
        ['ok', 'end', 'approved'],
      ]
    );
    const issue = only(validateTemplate(input), 'approval-outcome-missing');
    expect(issue.message).toBe(
      'Approval "ok" has no edge for outcome "rejected", so the process would stop when it is rejected.'
    );
  });

  it('two edges for one outcome', () => {
    const input = template(
      [start(), approval, task('x'), end()],
      [
        ['start', 'ok'],
        ['ok', 'end', 'approved'],
        ['ok', 'x', 'approved'],
        ['ok', 'end', 'rejected'],
        ['x', 'end'],
      ]
    );
    expect(only(validateTemplate(input), 'duplicate-outcome').message).toBe(
      'Edges "ok->end:approved" and "ok->x:approved" both leave Approval "ok" for outcome "approved".'
    );
  });

  it('a decision branch without an edge', () => {
    const decision = {
      id: 'size',
      type: 'decision',
      data: {
        branches: [
          { outcome: 'big', condition: { '>': [{ var: 'amount' }, 1000] } },
          { outcome: 'huge', condition: { '>': [{ var: 'amount' }, 100000] } },
        ],
        defaultOutcome: 'small',
      },
    };
    const input = template(
      [start(), decision, end()],
      [
        ['start', 'size'],
        ['size', 'end', 'big'],
        ['size', 'end', 'small'],
      ],
      { parameters: [{ name: 'amount', type: 'number' }] }
    );
    expect(only(validateTemplate(input), 'missing-outcome').message).toBe(
      'Decision "size" has a branch "huge" but no edge for it.'
    );
  });

  it('an edge with an outcome the node never produces', () => {
    const input = template(
      [start(), approval, end()],
      [
        ['start', 'ok'],
        ['ok', 'end', 'approved'],
        ['ok', 'end', 'rejected'],
        ['ok', 'end', 'maybe'],
      ]
    );
    expect(only(validateTemplate(input), 'unexpected-outcome').message).toBe(
      'Edge "ok->end:maybe" leaves Approval "ok" with outcome "maybe", which "ok" never produces.'
    );
  });

  it('decision with no default edge', () => {
    const decision = {
      id: 'big',
      type: 'decision',
      data: { branches: [{ outcome: 'yes', condition: { '>': [{ var: 'amount' }, 1000] } }], defaultOutcome: 'no' },
    } as const;
    const input = template(
      [start(), decision, end()],
      [
        ['start', 'big'],
        ['big', 'end', 'yes'],
      ],
      {
        parameters: [{ name: 'amount', type: 'number' }],
      }
    );
    const issue = only(validateTemplate(input), 'decision-no-default');
    expect(issue.message).toBe(
      'Decision "big" has no default edge (outcome "no"), so it gets stuck when no condition holds.'
    );
  });
});

describe('conditions', () => {
  const decide = (condition: unknown) =>
    template(
      [
        start(),
        { id: 'd', type: 'decision', data: { branches: [{ outcome: 'yes', condition }], defaultOutcome: 'no' } },
        end(),
      ],
      [
        ['start', 'd'],
        ['d', 'end', 'yes'],
        ['d', 'end', 'no'],
      ],
      { parameters: [{ name: 'amount', type: 'number' }] }
    );

  it('accepts valid JSON-logic over known variables, including element scopes', () => {
    expect(
      validateTemplate(
        decide({ and: [{ '>': [{ var: 'amount' }, 10] }, { some: [[1, 2], { '==': [{ var: '' }, 1] }] }] })
      )
    ).toEqual([]);
  });

  it('invalid JSON-logic', () => {
    expect(only(validateTemplate(decide({ '>>': [1, 2] })), 'condition-invalid').message).toBe(
      'The condition of branch "yes" in decision "d" is not valid JSON-logic: it uses unknown operator ">>".'
    );
    expect(only(validateTemplate(decide({ '==': [1] })), 'condition-invalid').message).toMatch(
      /gives "==" 1 argument\(s\); it takes 2/
    );
    expect(only(validateTemplate(decide({ '==': [1, 1], '!=': [1, 2] })), 'condition-invalid').message).toMatch(
      /an operation has exactly one key/
    );
  });

  it('a condition on an unknown variable', () => {
    const issue = only(validateTemplate(decide({ '>': [{ var: 'budget.total' }, 10] })), 'condition-unknown-variable');
    expect(issue.message).toBe(
      'The condition of branch "yes" in decision "d" reads variable "budget.total", which is not defined.'
    );
    expect(issue.hint).toMatch(/\(defined: "amount"\)/);
  });
});

describe('deadlines', () => {
  const withParams = (due: string) => ({
    ...linear(task('a', { due })),
    parameters: [
      { name: 'eventDate', type: 'date' },
      { name: 'client', type: 'text' },
    ],
  });

  it('anchored on a missing parameter', () => {
    const issue = only(validateTemplate(withParams('tripDate - 14d')), 'deadline-unknown-parameter');
    expect(issue).toMatchObject({ nodeId: 'a' });
    expect(issue.message).toBe(
      'The due deadline "tripDate - 14d" of node "a" is anchored on parameter "tripDate", which the template does not have.'
    );
    expect(issue.hint).toMatch(/\(defined: "eventDate"\)/);
  });

  it('anchored on a parameter that is not a date', () => {
    expect(only(validateTemplate(withParams('client + 1d')), 'deadline-parameter-not-date').message).toBe(
      'The due deadline "client + 1d" of node "a" is anchored on parameter "client", which is a text, not a date.'
    );
  });

  it('anchored on an unknown node or on itself', () => {
    expect(only(validateTemplate(withParams('sign.done + 3bd')), 'deadline-unknown-node').message).toBe(
      'The due deadline "sign.done + 3bd" of node "a" is anchored on the completion of node "sign", which does not exist.'
    );
    expect(only(validateTemplate(withParams('a.done + 1d')), 'deadline-self-anchor').nodeId).toBe('a');
  });

  it('warns when a deadline hangs on a step that need not run first', () => {
    const input = template(
      [start(), task('a', { due: 'b.done + 1bd' }), task('b'), end()],
      [
        ['start', 'a'],
        ['a', 'b'],
        ['b', 'end'],
      ]
    );
    const issue = only(validateTemplate(input), 'deadline-anchor-not-upstream');
    expect(issue).toMatchObject({ nodeId: 'a', severity: 'warning' });
    expect(issue.message).toBe(
      'The due deadline "b.done + 1bd" of node "a" is anchored on the completion of "b", which does not always run before "a", so the due date may be unknown when "a" starts.'
    );
  });

  it('warns about a step ladder without a due date', () => {
    const input = linear(task('a', { escalation: [{ at: { relation: 'at' }, action: { kind: 'remindAssignee' } }] }));
    const issue = only(validateTemplate(input), 'escalation-without-due');
    expect(issue.message).toBe(
      'Node "a" has its own escalation ladder but no due date, so none of its rungs can fire.'
    );
  });

  it('warns about an occurrence anchor without a recurrence', () => {
    const issues = validateTemplate(withParams('occurrence @17:00'));
    expect(only(issues, 'deadline-occurrence-without-recurrence').severity).toBe('warning');
    expect(hasErrors(issues)).toBe(false);
    const recurring = withParams('occurrence @17:00');
    recurring.nodes[0] = {
      id: 'start',
      type: 'start',
      position: { x: 0, y: 0 },
      data: { trigger: { kind: 'recurrence', rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', timeOfDay: '08:00' } },
    };
    expect(validateTemplate(recurring)).toEqual([]);
  });

  it('a recurring process whose required parameter has no default', () => {
    const input = {
      ...linear(task('a', { due: 'occurrence @17:00' })),
      parameters: [
        { name: 'client', type: 'text', required: true },
        { name: 'office', type: 'text', required: true, default: 'Warsaw' },
      ],
    };
    input.nodes[0] = {
      id: 'start',
      type: 'start',
      position: { x: 0, y: 0 },
      data: { trigger: { kind: 'recurrence', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', nonBusinessDay: 'nextBusinessDay' } },
    };
    const issue = only(validateTemplate(input), 'recurrence-missing-parameter');
    expect(issue).toMatchObject({ nodeId: 'start', severity: 'error' });
    expect(issue.message).toBe(
      'The process starts on a recurrence, but required parameter "client" has no default, so no occurrence can start.'
    );
  });

  it('checks deadlines of waits and stages too', () => {
    const input = template(
      [start(), { id: 'hold', type: 'wait', data: { until: 'eventDate - 2d' } }, end()],
      [
        ['start', 'hold'],
        ['hold', 'end'],
      ]
    );
    expect(only(validateTemplate(input), 'deadline-unknown-parameter').nodeId).toBe('hold');
  });
});

describe('cycles', () => {
  it('a cycle with no exit', () => {
    const input = template(
      [start(), task('a'), task('b'), end()],
      [
        ['start', 'a'],
        ['a', 'b'],
        ['b', 'a'],
      ]
    );
    const issues = validateTemplate(input);
    const issue = only(issues, 'cycle-without-exit');
    expect(issue.message).toBe(
      'Nodes "a", "b" form a loop with no way out: no approval or decision in it leads elsewhere, and no end is reachable from it.'
    );
    expect(only(issues, 'unreachable-node').nodeId).toBe('end');
  });

  it('a rejection loop without a bound is a warning; maxRounds bounds it', () => {
    const loop = (data: Record<string, unknown>) =>
      template(
        [start(), task('draft', data), { id: 'check', type: 'approval', data: { title: 'Check' } }, end()],
        [
          ['start', 'draft'],
          ['draft', 'check'],
          ['check', 'end', 'approved'],
          ['check', 'draft', 'rejected'],
        ]
      );
    const issue = only(validateTemplate(loop({})), 'cycle-unbounded');
    expect(issue.severity).toBe('warning');
    expect(issue.message).toMatch(/^Nodes "draft", "check" form a loop that repeats for as long as it is rejected/);
    expect(validateTemplate(loop({ maxRounds: 3 }))).toEqual([]);
  });

  it('a self-loop', () => {
    const input = template(
      [start(), task('a'), end()],
      [
        ['start', 'a'],
        ['a', 'a'],
        ['a', 'end'],
      ]
    );
    expect(only(validateTemplate(input), 'self-loop').message).toMatch(/leads from "a" back to itself/);
  });
});

describe('references', () => {
  const context = { people: ['anna'], teams: ['office'], templates: [{ templateId: 'trip', version: 1 }] };

  it('an assignee that is not a known person, team or person parameter', () => {
    const input = {
      ...template(
        [
          start(),
          task('a', { assignee: { kind: 'person', personId: 'bob' } }),
          task('b', { assignee: { kind: 'team', teamId: 'sales' } }),
          task('c', { assignee: { kind: 'parameter', name: 'owner' } }),
          task('d', { assignee: { kind: 'parameter', name: 'client' } }),
          end(),
        ],
        [
          ['start', 'a'],
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
          ['d', 'end'],
        ]
      ),
      parameters: [{ name: 'client', type: 'text' }],
    };
    const issues = validateTemplate(input, context);
    expect(only(issues, 'assignee-unknown-person').message).toBe(
      'Node "a" has assignee person "bob", who is not a known person.'
    );
    expect(only(issues, 'assignee-unknown-team').message).toBe(
      'Node "b" has assignee team "sales", which is not a known team.'
    );
    expect(only(issues, 'assignee-unknown-parameter').message).toBe(
      'Node "c" has assignee the person in parameter "owner", but the template has no parameter "owner".'
    );
    expect(only(issues, 'assignee-parameter-not-person').message).toMatch(/"client" is a text parameter, not a person/);
    // Without a directory, people and teams are not checked.
    expect(validateTemplate(input).map((issue) => issue.code)).toEqual([
      'assignee-unknown-parameter',
      'assignee-parameter-not-person',
    ]);
  });

  it('escalation recipients in the template default ladder', () => {
    const input = {
      ...linear(task('a')),
      escalation: [{ at: { relation: 'at' }, action: { kind: 'reassignTo', personId: 'ghost' } }],
    };
    const issue = only(validateTemplate(input, context), 'assignee-unknown-person');
    expect(issue.nodeId).toBeUndefined();
    expect(issue.message).toMatch(
      /^The template default escalation ladder has an escalation reassignment to person "ghost"/
    );
  });

  it('a subprocess version that does not exist', () => {
    const sub = (templateId: string, version: number) =>
      linear({ id: 'child', type: 'subprocess', data: { templateId, version } });
    expect(only(validateTemplate(sub('trip', 4), context), 'subprocess-unknown-version').message).toBe(
      'Subprocess "child" runs version 4 of template "trip", which does not exist (published: 1).'
    );
    expect(only(validateTemplate(sub('visa', 1), context), 'subprocess-unknown-template').message).toBe(
      'Subprocess "child" runs template "visa", which has no published version.'
    );
    expect(validateTemplate(sub('trip', 1), context)).toEqual([]);
  });

  it('subprocess input mapping against the child parameters', () => {
    const input = {
      ...linear({
        id: 'child',
        type: 'subprocess',
        data: { templateId: 'trip', version: 2, input: [{ from: 'city', to: 'destination' }] },
      }),
      parameters: [{ name: 'city', type: 'text' }],
    };
    const issues = validateTemplate(input, {
      templates: [{ templateId: 'trip', version: 2, parameters: [{ name: 'departureDate', required: true }] }],
    });
    expect(only(issues, 'subprocess-unknown-input').message).toBe(
      'Subprocess "child" sets "destination", which is not a parameter of "trip" v2.'
    );
    expect(only(issues, 'subprocess-missing-input').message).toBe(
      'Subprocess "child" does not pass required parameter "departureDate" to "trip" v2.'
    );
  });

  it('a subprocess input from a variable that does not exist', () => {
    const input = linear({
      id: 'child',
      type: 'subprocess',
      data: { templateId: 'trip', version: 1, input: [{ from: 'destination', to: 'city' }] },
    });
    expect(only(validateTemplate(input), 'unknown-variable').message).toBe(
      'Subprocess "child" passes variable "destination" to the child, but no such variable is defined.'
    );
  });

  it('maxRounds without a reviewer outside a loop', () => {
    const issue = only(validateTemplate(linear(task('a', { maxRounds: 2 }))), 'max-rounds-without-reviewer');
    expect(issue.severity).toBe('warning');
    expect(issue.message).toBe(
      'Task "a" sets maxRounds 2 but has no reviewer and is not in a loop, so it never has a second round.'
    );
    expect(validateTemplate(linear(task('a', { maxRounds: 2, reviewer: { kind: 'starter' } })))).toEqual([]);
  });

  it('duplicate parameters and form fields that overwrite parameters', () => {
    const input = {
      ...linear(task('a', { form: [{ name: 'amount', label: 'Amount', type: 'number' }] })),
      parameters: [
        { name: 'amount', type: 'number' },
        { name: 'amount', type: 'text' },
      ],
    };
    const issues = validateTemplate(input);
    expect(only(issues, 'duplicate-parameter').message).toBe('Two parameters are named "amount".');
    expect(only(issues, 'variable-shadows-parameter').severity).toBe('warning');
    expect(issues.at(-1)?.severity).toBe('warning');
  });
});

describe('a 500-node template', () => {
  it('has exactly 500 nodes of every type and validates clean', () => {
    const large = buildLargeTemplate(500);
    expect(large.nodes).toHaveLength(500);
    expect(new Set(large.nodes.map((node) => node.type)).size).toBe(11);
    expect(validateTemplate(large, largeTemplateContext)).toEqual([]);
  });

  it('reports a broken edge in it on the right edge', () => {
    const large = buildLargeTemplate(500);
    const edge = large.edges[100];
    if (edge === undefined) throw new Error('fixture too small');
    edge.target = 'nowhere';
    const issues = validateTemplate(large, largeTemplateContext);
    expect(issues.find((issue) => issue.code === 'edge-unknown-node')?.edgeId).toBe(edge.id);
  });
});
