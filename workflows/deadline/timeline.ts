// The timeline preview of a template: every dated step's due date for a start and parameter values, computed by the
// same deadline engine the workflows use. Pure, so the designer draws it and the API serves it from one source.
import type { CalendarContext } from '../calendar';
import type { TemplateInput } from '../template';
import { computeDue, type DueDate } from './compute-due';
import type { DeadlineSpec } from './deadline-spec';
import { DeadlineParseError, formatDeadline, parseDeadline } from './deadline-text';
import { deadlineProblem, type DeadlineProblem } from './deadline-problem';

/** A deadline as the template holds it: the text form or the structured spec. */
export type DeadlineValue = string | DeadlineSpec;

export type ReadDeadline =
  { ok: true; spec: DeadlineSpec; text: string } | { ok: false; text: string; error: string; problem: DeadlineProblem };

/** Reads a template's deadline in either form; a text that does not parse says why. */
export function readDeadline(value: DeadlineValue): ReadDeadline {
  if (typeof value !== 'string') return { ok: true, spec: value, text: formatDeadline(value) };
  try {
    const spec = parseDeadline(value);
    return { ok: true, spec, text: formatDeadline(spec) };
  } catch (error) {
    if (error instanceof DeadlineParseError)
      return { ok: false, text: value, error: error.message, problem: deadlineProblem(error) };
    throw error;
  }
}

export type TimelineWarning = 'past' | 'nonBusinessDay' | 'movedToWorkingTime';

export interface TimelineRow {
  nodeId: string;
  title: string;
  /** The deadline's text form. */
  rule: string;
  /** `from` is when the step can start: the process start, or the step it is anchored on being done. */
  result:
    | { ok: true; due: DueDate; from: Date; warnings: TimelineWarning[] }
    | { ok: false; error: string; problem: DeadlineProblem };
}

export interface TimelineInput {
  start: Date;
  /** Values of date and datetime parameters, e.g. `{ eventDate: '2027-03-31' }`. */
  parameters: Record<string, string>;
  /** For "in the past" warnings. */
  now: Date;
  /**
   * The duty occurrence a recurring template's steps hang off (`occurrence @17:00`); the start by default, since a
   * duty starts each occurrence's process at that instant.
   */
  occurrence?: Date;
}

function deadlineOf(node: TemplateInput['nodes'][number]): DeadlineValue | undefined {
  switch (node.type) {
    case 'task':
    case 'approval':
    case 'stage':
      return node.data.due;
    case 'wait':
      return node.data.until;
    default:
      return undefined;
  }
}

function titleOf(node: TemplateInput['nodes'][number]): string {
  const data = node.data as { title?: string; label?: string };
  return data.title ?? data.label ?? node.id;
}

/**
 * A step can start once the steps leading into it are done (each on its own due date, as the preview assumes), not
 * at the process start: its bar runs from then to its due date. Edges back from later steps (rework loops) are
 * ignored by taking only predecessors done before the step is due. A stage starts with its earliest step.
 */
function settleStarts(
  template: TemplateInput,
  rows: Map<string, TimelineRow>,
  doneAt: Record<string, Date>,
  stageStart: (stageId: string) => number | undefined
): void {
  for (const row of rows.values()) {
    if (!row.result.ok) continue;
    const due = row.result.due.due.getTime();
    const before = template.edges
      .filter((edge) => edge.target === row.nodeId)
      .map((edge) => doneAt[edge.source]?.getTime())
      .filter((time): time is number => time !== undefined && time <= due);
    // A step in a stage with a start opens no earlier than the stage does.
    const parentId = template.nodes.find((node) => node.id === row.nodeId)?.parentId;
    const opens = parentId === undefined ? undefined : stageStart(parentId);
    const from = Math.max(row.result.from.getTime(), ...before, ...(opens === undefined ? [] : [opens]));
    row.result = { ...row.result, from: new Date(Math.min(from, due)) };
  }
  for (const stage of template.nodes.filter((node) => node.type === 'stage')) {
    const row = rows.get(stage.id);
    if (!row?.result.ok) continue;
    const starts = template.nodes
      .filter((node) => node.parentId === stage.id)
      .map((node) => rows.get(node.id)?.result)
      .flatMap((result) => (result?.ok ? [result.from.getTime()] : []));
    if (starts.length === 0) continue;
    const opens = stageStart(stage.id);
    const earliest = Math.max(row.result.from.getTime(), Math.min(...starts), opens ?? 0);
    const from = Math.min(row.result.due.due.getTime(), earliest);
    row.result = { ...row.result, from: new Date(from) };
  }
}

/**
 * Every step's due date for a start date and parameter values, computed by the deadline engine the workflows
 * use. A step anchored on another step (`sign.done + 3bd`) assumes that step is done on its own due date.
 */
export function computeTimeline(template: TemplateInput, input: TimelineInput, ctx: CalendarContext): TimelineRow[] {
  const pending = template.nodes.flatMap((node) => {
    const value = deadlineOf(node);
    return value === undefined ? [] : [{ node, read: readDeadline(value) }];
  });
  const doneAt: Record<string, Date> = {};
  const rows = new Map<string, TimelineRow>();
  const withDeadline = new Set(pending.map(({ node }) => node.id));
  // A step without a deadline of its own (a join, a notification) is taken as done when the latest step
  // before it is; the start is done at the start. Loops back (rework) are ignored by taking the known ones.
  const settleUndated = () => {
    let changed = false;
    for (const node of template.nodes) {
      if (withDeadline.has(node.id) || doneAt[node.id]) continue;
      if (node.type === 'start') {
        doneAt[node.id] = input.start;
        changed = true;
        continue;
      }
      const before = template.edges
        .filter((edge) => edge.target === node.id)
        .map((edge) => doneAt[edge.source])
        .filter((date): date is Date => date !== undefined);
      if (before.length === 0) continue;
      doneAt[node.id] = new Date(Math.max(...before.map((date) => date.getTime())));
      changed = true;
    }
    return changed;
  };
  // Anchors on other steps resolve once those steps have dates; a few passes settle any order.
  for (let pass = 0; pass <= template.nodes.length; pass++) {
    let progressed = settleUndated();
    for (const { node, read } of pending) {
      if (rows.get(node.id)?.result.ok) continue;
      let result: TimelineRow['result'];
      if (!read.ok) {
        result = { ok: false, error: read.error, problem: read.problem };
      } else {
        try {
          const due = computeDue(
            read.spec,
            {
              start: input.start,
              occurrence: input.occurrence ?? input.start,
              parameters: input.parameters,
              nodes: doneAt,
            },
            ctx,
            // A process started now moves a due date outside working time to the next working time (the engine's rule).
            { workingTime: true, countFromWorkingTime: true }
          );
          const warnings: TimelineWarning[] = [];
          if (due.due.getTime() < input.now.getTime()) warnings.push('past');
          if (due.fallsOn) warnings.push('nonBusinessDay');
          if (due.movedToWorkingTime) warnings.push('movedToWorkingTime');
          const from = read.spec.anchor.kind === 'node' ? due.anchorAt : input.start;
          result = { ok: true, due, from, warnings };
          doneAt[node.id] = due.due;
          progressed = true;
        } catch (error) {
          result = {
            ok: false,
            error: error instanceof Error ? error.message : String(error),
            problem: deadlineProblem(error),
          };
        }
      }
      rows.set(node.id, { nodeId: node.id, title: titleOf(node), rule: read.text, result });
    }
    if (!progressed) break;
  }
  const anchors = {
    start: input.start,
    occurrence: input.occurrence ?? input.start,
    parameters: input.parameters,
    nodes: doneAt,
  };
  settleStarts(template, rows, doneAt, (stageId) => {
    const stage = template.nodes.find((node) => node.id === stageId);
    if (stage?.type !== 'stage' || stage.data.start === undefined) return undefined;
    const read = readDeadline(stage.data.start);
    if (!read.ok) return undefined;
    try {
      return computeDue(read.spec, anchors, ctx).due.getTime();
    } catch {
      return undefined; // an unreadable stage start is reported by validation; the bars keep their own start
    }
  });
  return [...rows.values()].sort((a, b) => {
    const at = a.result.ok ? a.result.due.due.getTime() : Number.POSITIVE_INFINITY;
    const bt = b.result.ok ? b.result.due.due.getTime() : Number.POSITIVE_INFINITY;
    return at - bt;
  });
}
