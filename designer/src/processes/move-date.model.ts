import type { Parameter, TemplateInput } from '../../../workflows/template';

/** A parameter as a template document writes it (defaults not applied yet). */
export type ParameterInput = NonNullable<TemplateInput['parameters']>[number];

/** A date or date-time parameter of a running process that its starter may move. */
export interface DateParameter {
  name: string;
  label: string;
  type: 'date' | 'datetime';
  value: string;
  /** The definition, when the template version is readable, so the value is checked the way the start form does. */
  parameter: Parameter;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The process's date and date-time parameters. With the template's definition the types come from it; without it
 * (a starter who may not read template versions) they are recognised by their stored ISO form.
 */
export function dateParameters(
  params: Record<string, unknown>,
  definition?: readonly ParameterInput[]
): DateParameter[] {
  if (definition) {
    return definition.flatMap((parameter): DateParameter[] =>
      parameter.type === 'date' || parameter.type === 'datetime'
        ? [
            {
              name: parameter.name,
              label: parameter.label ?? parameter.name,
              type: parameter.type,
              value: typeof params[parameter.name] === 'string' ? (params[parameter.name] as string) : '',
              // A moved date is always given, whatever the start form allowed.
              parameter: { name: parameter.name, type: parameter.type, label: parameter.label, required: true },
            },
          ]
        : []
    );
  }
  return Object.entries(params).flatMap(([name, value]): DateParameter[] => {
    if (typeof value !== 'string') return [];
    const type = DATE.test(value) ? 'date' : DATE_TIME.test(value) ? 'datetime' : undefined;
    if (!type || Number.isNaN(Date.parse(value))) return [];
    const parameter: Parameter = { name, type, label: name, required: true };
    return [{ name, label: name, type, value, parameter }];
  });
}

/** Why the current user may not move a date, or undefined when they may (only the starter of a running process). */
export function moveBlocked(
  me: string | undefined,
  process: { starter: string; status: string }
): 'notRunning' | 'notStarter' | undefined {
  if (process.status !== 'running') return 'notRunning';
  if (me !== process.starter) return 'notStarter';
  return undefined;
}

export interface MovedDeadline {
  nodeId: string;
  from: string | null;
  to: string;
  atRisk: boolean;
}

export interface ParameterMove {
  name: string;
  from: unknown;
  to: unknown;
  at: string;
  moved: MovedDeadline[];
}

/** A `parameterChanged` audit entry's detail as the workflow writes it, or undefined for anything else. */
export function parameterMove(entry: { action: string; detail: Record<string, unknown> }): ParameterMove | undefined {
  if (entry.action !== 'parameterChanged') return undefined;
  const { name, from, to, at, moved } = entry.detail;
  if (typeof name !== 'string') return undefined;
  const deadlines = Array.isArray(moved)
    ? moved.flatMap((item: unknown): MovedDeadline[] => {
        if (typeof item !== 'object' || item === null) return [];
        const row = item as Record<string, unknown>;
        if (typeof row.nodeId !== 'string' || typeof row.to !== 'string') return [];
        return [
          {
            nodeId: row.nodeId,
            from: typeof row.from === 'string' ? row.from : null,
            to: row.to,
            atRisk: row.atRisk === true,
          },
        ];
      })
    : [];
  return { name, from, to, at: typeof at === 'string' ? at : '', moved: deadlines };
}

/** The most recent move of a parameter in an audit trail (entries in any order), if any. */
export function latestMove(
  entries: readonly { action: string; detail: Record<string, unknown>; createdAt: string }[],
  name?: string
): ParameterMove | undefined {
  const moves = entries
    .filter((entry) => entry.action === 'parameterChanged')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map(parameterMove)
    .filter((move): move is ParameterMove => move !== undefined && (name === undefined || move.name === name));
  return moves[0];
}
