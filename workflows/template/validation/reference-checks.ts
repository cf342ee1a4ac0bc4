import type { DeadlineSpec } from '../../deadline/deadline-spec';
import { formatDeadline } from '../../deadline/deadline-spec';
import { describeAssignee } from '../assignee.schema';
import type { Assignee } from '../assignee.schema';
import type { EscalationLadder } from '../escalation.schema';
import type { Parameter } from '../parameter.schema';
import type { TemplateNode } from '../template.schema';
import type { ValidationIssue } from '../validation-issue';
import { inspectCondition } from './condition-checks';
import type { Graph } from './graph-checks';
import type { TemplateModel } from './template-model';
import type { PublishedTemplateVersion, ValidationContext } from './validation-context';

interface References {
  parameters: Map<string, Parameter>;
  brokenParameters: ReadonlySet<string>;
  variables: Set<string>;
  people: Set<string> | undefined;
  teams: Set<string> | undefined;
  templates: Map<string, Map<number, PublishedTemplateVersion>> | undefined;
  hasRecurrence: boolean;
  graph: Graph;
  inCycle: ReadonlySet<string>;
  issues: ValidationIssue[];
}

function toSet(values: Iterable<string> | undefined): Set<string> | undefined {
  return values === undefined ? undefined : new Set(values);
}

function where(nodeId: string | undefined): string {
  return nodeId === undefined ? 'The template default escalation ladder' : `Node "${nodeId}"`;
}

/** Checks what nodes refer to by name: parameters, variables, other nodes, people, teams and templates. */
export function checkReferences(
  model: TemplateModel,
  graph: Graph,
  inCycle: ReadonlySet<string>,
  context: ValidationContext,
  issues: ValidationIssue[]
) {
  const parameters = new Map<string, Parameter>();
  for (const parameter of model.parameters) {
    if (parameters.has(parameter.name)) {
      issues.push({
        code: 'duplicate-parameter',
        severity: 'error',
        message: `Two parameters are named "${parameter.name}".`,
        hint: `Rename or remove one of the "${parameter.name}" parameters.`,
      });
      continue;
    }
    parameters.set(parameter.name, parameter);
  }
  let templates: References['templates'];
  if (context.templates !== undefined) {
    templates = new Map();
    for (const published of context.templates) {
      const versions = templates.get(published.templateId) ?? new Map<number, PublishedTemplateVersion>();
      versions.set(published.version, published);
      templates.set(published.templateId, versions);
    }
  }
  const nodes: TemplateNode[] = [];
  for (const modelNode of graph.byId.values()) if (modelNode.node !== undefined) nodes.push(modelNode.node);
  const refs: References = {
    parameters,
    brokenParameters: model.brokenParameters,
    variables: new Set([...processVariables(nodes, parameters, issues), ...model.brokenParameters]),
    people: toSet(context.people),
    teams: toSet(context.teams),
    templates,
    hasRecurrence: nodes.some((node) => node.type === 'start' && node.data.trigger.kind === 'recurrence'),
    graph,
    inCycle,
    issues,
  };
  checkLadder(model.escalation, undefined, refs);
  for (const node of nodes) checkNode(node, refs);
  checkRecurringInputs(nodes, parameters, issues);
}

// Nobody fills in the form when a recurrence starts the process, so every required input needs a default.
function checkRecurringInputs(
  nodes: readonly TemplateNode[],
  parameters: Map<string, Parameter>,
  issues: ValidationIssue[]
) {
  const start = nodes.find((node) => node.type === 'start' && node.data.trigger.kind === 'recurrence');
  if (start === undefined) return;
  for (const parameter of parameters.values()) {
    if (!parameter.required || parameter.default !== undefined) continue;
    issues.push({
      code: 'recurrence-missing-parameter',
      severity: 'error',
      nodeId: start.id,
      message: `The process starts on a recurrence, but required parameter "${parameter.name}" has no default, so no occurrence can start.`,
      hint: `Give "${parameter.name}" a default value, or make it optional.`,
    });
  }
}

/** Process variables: parameters, task form fields and subprocess outputs. */
function processVariables(
  nodes: readonly TemplateNode[],
  parameters: Map<string, Parameter>,
  issues: ValidationIssue[]
) {
  const variables = new Set(parameters.keys());
  for (const node of nodes) {
    if (node.type === 'task') {
      for (const field of node.data.form) {
        if (parameters.has(field.name)) {
          issues.push({
            code: 'variable-shadows-parameter',
            severity: 'warning',
            nodeId: node.id,
            message: `Form field "${field.name}" of task "${node.id}" overwrites parameter "${field.name}" when the task is submitted.`,
            hint: `Rename the form field if it should not replace the parameter's value.`,
          });
        }
        variables.add(field.name);
      }
    } else if (node.type === 'subprocess') {
      for (const mapping of node.data.output) variables.add(mapping.to);
    }
  }
  return variables;
}

function checkNode(node: TemplateNode, refs: References) {
  switch (node.type) {
    case 'task':
      checkAssignee(node.data.assignee, node.id, 'assignee', refs);
      if (node.data.reviewer !== undefined) checkAssignee(node.data.reviewer, node.id, 'reviewer', refs);
      // In a loop, re-entering the task starts its next round, so maxRounds bounds the loop.
      if (node.data.maxRounds !== undefined && node.data.reviewer === undefined && !refs.inCycle.has(node.id)) {
        refs.issues.push({
          code: 'max-rounds-without-reviewer',
          severity: 'warning',
          nodeId: node.id,
          message: `Task "${node.id}" sets maxRounds ${node.data.maxRounds} but has no reviewer and is not in a loop, so it never has a second round.`,
          hint: `Add a reviewer to "${node.id}" for a delegation cycle, or remove maxRounds.`,
        });
      }
      checkDeadline(node.data.due, node.id, 'due', refs);
      if (node.data.escalation !== undefined) checkLadder(node.data.escalation, node.id, refs);
      checkLadderHasDue(node, refs);
      return;
    case 'approval':
      checkAssignee(node.data.approver, node.id, 'approver', refs);
      checkDeadline(node.data.due, node.id, 'due', refs);
      if (node.data.escalation !== undefined) checkLadder(node.data.escalation, node.id, refs);
      checkLadderHasDue(node, refs);
      return;
    case 'wait':
      checkDeadline(node.data.until, node.id, 'until', refs);
      return;
    case 'stage':
      checkDeadline(node.data.due, node.id, 'due', refs);
      checkDeadline(node.data.start, node.id, 'start', refs);
      return;
    case 'notify':
      checkAssignee(node.data.recipient, node.id, 'recipient', refs);
      return;
    case 'decision':
      node.data.branches.forEach((branch) => {
        for (const problem of inspectCondition(branch.condition, refs.variables)) {
          refs.issues.push(
            problem.kind === 'invalid'
              ? {
                  code: 'condition-invalid',
                  severity: 'error',
                  nodeId: node.id,
                  message: `The condition of branch "${branch.outcome}" in decision "${node.id}" is not valid JSON-logic: it ${problem.message}.`,
                  hint: 'Write the condition as JSON-logic, e.g. {">": [{"var": "budget"}, 10000]}.',
                }
              : {
                  code: 'condition-unknown-variable',
                  severity: 'error',
                  nodeId: node.id,
                  message: `The condition of branch "${branch.outcome}" in decision "${node.id}" ${problem.message}.`,
                  hint: `Use a parameter, a task form field or a subprocess output${suggest(refs.variables)}, or add a parameter named "${problem.variable?.split('.')[0] ?? ''}".`,
                }
          );
        }
      });
      return;
    case 'subprocess':
      checkSubprocess(node, refs);
      return;
    case 'start':
    case 'parallel':
    case 'join':
    case 'end':
      return;
  }
}

function suggest(names: Iterable<string>): string {
  const list = [...names].slice(0, 8);
  return list.length === 0 ? '' : ` (defined: ${list.map((n) => `"${n}"`).join(', ')})`;
}

function checkAssignee(assignee: Assignee, nodeId: string | undefined, role: string, refs: References) {
  const subject = `${where(nodeId)} has ${role} ${describeAssignee(assignee)}`;
  switch (assignee.kind) {
    case 'person':
      if (refs.people !== undefined && !refs.people.has(assignee.personId)) {
        refs.issues.push({
          code: 'assignee-unknown-person',
          severity: 'error',
          ...(nodeId === undefined ? {} : { nodeId }),
          message: `${subject}, who is not a known person.`,
          hint: `Pick the ${role} from the people directory, or use a team, a person parameter or the starter.`,
        });
      }
      return;
    case 'team':
      if (refs.teams !== undefined && !refs.teams.has(assignee.teamId)) {
        refs.issues.push({
          code: 'assignee-unknown-team',
          severity: 'error',
          ...(nodeId === undefined ? {} : { nodeId }),
          message: `${subject}, which is not a known team.`,
          hint: `Pick an existing team, or ask an admin to create team "${assignee.teamId}".`,
        });
      }
      return;
    case 'parameter': {
      const parameter = refs.parameters.get(assignee.name);
      if (refs.brokenParameters.has(assignee.name)) return;
      if (parameter === undefined) {
        refs.issues.push({
          code: 'assignee-unknown-parameter',
          severity: 'error',
          ...(nodeId === undefined ? {} : { nodeId }),
          message: `${subject}, but the template has no parameter "${assignee.name}".`,
          hint: `Add a person parameter named "${assignee.name}", or pick another ${role}.`,
        });
      } else if (parameter.type !== 'person') {
        refs.issues.push({
          code: 'assignee-parameter-not-person',
          severity: 'error',
          ...(nodeId === undefined ? {} : { nodeId }),
          message: `${subject}, but "${assignee.name}" is a ${parameter.type} parameter, not a person.`,
          hint: `Change parameter "${assignee.name}" to type person, or pick a person parameter.`,
        });
      }
      return;
    }
    case 'starter':
      return;
  }
}

// Rungs are offsets from the due time, so a step without one never escalates.
function checkLadderHasDue(node: Extract<TemplateNode, { type: 'task' | 'approval' }>, refs: References) {
  if (node.data.due !== undefined || node.data.escalation === undefined || node.data.escalation.length === 0) return;
  refs.issues.push({
    code: 'escalation-without-due',
    severity: 'warning',
    nodeId: node.id,
    message: `Node "${node.id}" has its own escalation ladder but no due date, so none of its rungs can fire.`,
    hint: `Give "${node.id}" a due date (e.g. "start + 3bd"), or remove its escalation ladder.`,
  });
}

function checkLadder(ladder: EscalationLadder, nodeId: string | undefined, refs: References) {
  for (const rung of ladder) {
    const action = rung.action;
    if (action.kind === 'notify') checkAssignee(action.recipient, nodeId, 'an escalation recipient', refs);
    if (action.kind === 'reassignTo') {
      checkAssignee({ kind: 'person', personId: action.personId }, nodeId, 'an escalation reassignment to', refs);
    }
  }
}

function checkDeadline(spec: DeadlineSpec | undefined, nodeId: string, field: string, refs: References) {
  if (spec === undefined) return;
  // Formatted only when there is something to report: most deadlines are fine.
  const subject = () => `The ${field} deadline "${formatDeadline(spec)}" of node "${nodeId}"`;
  const anchor = spec.anchor;
  const issue = (
    code: ValidationIssue['code'],
    message: string,
    hint: string,
    severity: 'error' | 'warning' = 'error'
  ) => refs.issues.push({ code, severity, nodeId, message, hint });
  switch (anchor.kind) {
    case 'parameter': {
      const parameter = refs.parameters.get(anchor.name);
      if (refs.brokenParameters.has(anchor.name)) return;
      if (parameter === undefined) {
        issue(
          'deadline-unknown-parameter',
          `${subject()} is anchored on parameter "${anchor.name}", which the template does not have.`,
          `Add a date parameter named "${anchor.name}", or anchor the deadline on an existing date parameter${suggest(dateParameters(refs))}.`
        );
      } else if (parameter.type !== 'date' && parameter.type !== 'datetime') {
        issue(
          'deadline-parameter-not-date',
          `${subject()} is anchored on parameter "${anchor.name}", which is a ${parameter.type}, not a date.`,
          `Change "${anchor.name}" to a date or datetime parameter, or anchor the deadline on a date parameter${suggest(dateParameters(refs))}.`
        );
      }
      return;
    }
    case 'node':
      if (anchor.nodeId === nodeId) {
        issue(
          'deadline-self-anchor',
          `${subject()} is anchored on the completion of "${nodeId}" itself, so it is only known once it no longer matters.`,
          'Anchor it on the process start, a date parameter, or an earlier step, e.g. "start + 3bd".'
        );
      } else if (!refs.graph.byId.has(anchor.nodeId)) {
        issue(
          'deadline-unknown-node',
          `${subject()} is anchored on the completion of node "${anchor.nodeId}", which does not exist.`,
          'Anchor it on an existing step ("<nodeId>.done"), the process start, or a date parameter.'
        );
      } else if (refs.graph.byId.get(nodeId)?.type !== 'stage' && !isUpstream(refs.graph, anchor.nodeId, nodeId)) {
        issue(
          'deadline-anchor-not-upstream',
          `${subject()} is anchored on the completion of "${anchor.nodeId}", which does not always run before "${nodeId}", so the due date may be unknown when "${nodeId}" starts.`,
          `Anchor it on a step that leads to "${nodeId}", or on the process start or a date parameter.`,
          'warning'
        );
      }
      return;
    case 'occurrence':
      if (!refs.hasRecurrence) {
        issue(
          'deadline-occurrence-without-recurrence',
          `${subject()} is anchored on the occurrence date, but the process does not start on a recurrence.`,
          'Give the start node a recurrence trigger, or anchor the deadline on "start".',
          'warning'
        );
      }
      return;
    case 'start':
      return;
  }
}

/** Whether `ancestor` lies on some path into `nodeId`; walks backwards and stops as soon as it is found. */
function isUpstream(graph: Graph, ancestor: string, nodeId: string): boolean {
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of graph.incoming.get(queue[i] ?? '') ?? []) {
      if (edge.source === ancestor) return true;
      if (!seen.has(edge.source)) {
        seen.add(edge.source);
        queue.push(edge.source);
      }
    }
  }
  return false;
}

function dateParameters(refs: References): string[] {
  return [...refs.parameters.values()].filter((p) => p.type === 'date' || p.type === 'datetime').map((p) => p.name);
}

function checkSubprocess(node: Extract<TemplateNode, { type: 'subprocess' }>, refs: References) {
  const { templateId, version } = node.data;
  for (const mapping of node.data.input) {
    if (!refs.variables.has(mapping.from)) {
      refs.issues.push({
        code: 'unknown-variable',
        severity: 'error',
        nodeId: node.id,
        message: `Subprocess "${node.id}" passes variable "${mapping.from}" to the child, but no such variable is defined.`,
        hint: `Map from a parameter, a task form field or a subprocess output${suggest(refs.variables)}.`,
      });
    }
  }
  if (refs.templates === undefined) return;
  const versions = refs.templates.get(templateId);
  if (versions === undefined) {
    refs.issues.push({
      code: 'subprocess-unknown-template',
      severity: 'error',
      nodeId: node.id,
      message: `Subprocess "${node.id}" runs template "${templateId}", which has no published version.`,
      hint: 'Publish that template first, or pick a published template.',
    });
    return;
  }
  const published = versions.get(version);
  if (published === undefined) {
    const existing = [...versions.keys()].sort((a, b) => a - b);
    refs.issues.push({
      code: 'subprocess-unknown-version',
      severity: 'error',
      nodeId: node.id,
      message: `Subprocess "${node.id}" runs version ${version} of template "${templateId}", which does not exist (published: ${existing.join(', ')}).`,
      hint: `Pick one of the published versions, e.g. the latest, ${existing[existing.length - 1] ?? 1}.`,
    });
    return;
  }
  if (published.parameters === undefined) return;
  const childParameters = new Map(published.parameters.map((p) => [p.name, p]));
  const mapped = new Set<string>();
  for (const mapping of node.data.input) {
    mapped.add(mapping.to);
    if (!childParameters.has(mapping.to)) {
      refs.issues.push({
        code: 'subprocess-unknown-input',
        severity: 'error',
        nodeId: node.id,
        message: `Subprocess "${node.id}" sets "${mapping.to}", which is not a parameter of "${templateId}" v${version}.`,
        hint: `Map to one of its parameters${suggest(childParameters.keys())}.`,
      });
    }
  }
  for (const parameter of published.parameters) {
    if (parameter.required && parameter.default === undefined && !mapped.has(parameter.name)) {
      refs.issues.push({
        code: 'subprocess-missing-input',
        severity: 'error',
        nodeId: node.id,
        message: `Subprocess "${node.id}" does not pass required parameter "${parameter.name}" to "${templateId}" v${version}.`,
        hint: `Add an input mapping from a process variable to "${parameter.name}".`,
      });
    }
  }
}
