import type { z } from 'zod';
import { DEADLINE_PARSE_ISSUE } from '../deadline-field';
import type { ValidationIssue } from '../validation-issue';

type ZodIssue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/**
 * A union whose input clearly belongs to one option (the others fail only on the input's type)
 * reports that option's issues, so "deadline text does not parse" is not buried in "expected object".
 */
function flattenUnions(issues: readonly ZodIssue[], prefix: readonly PathKey[] = []): ZodIssue[] {
  const flat: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const specific = issue.errors.filter(
        (branch) => !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0)
      );
      if (specific.length === 1 && specific[0] !== undefined) {
        flat.push(...flattenUnions(specific[0], path));
        continue;
      }
    }
    flat.push({ ...issue, path } as ZodIssue);
  }
  return flat;
}

function stringAt(list: unknown, index: PathKey | undefined, key: string): string | undefined {
  if (!Array.isArray(list) || typeof index !== 'number') return undefined;
  const item: unknown = list[index];
  if (typeof item !== 'object' || item === null) return undefined;
  const value = (item as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function fieldName(path: readonly PathKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

function describe(issue: ZodIssue, field: string): { message: string; hint: string } {
  const subject = field === '' ? 'it' : `\`${field}\``;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) {
        return { message: `${subject} is missing`, hint: `Add ${subject} (${issue.expected}).` };
      }
      return {
        message: `${subject} ${issue.message.replace(/^Invalid input: /, '')}`,
        hint: `Set ${subject} to a ${issue.expected}.`,
      };
    case 'invalid_union': {
      // Discriminated unions list their options on the issue at run time, outside the published type.
      const { options: optionList } = issue as { options?: unknown };
      if (Array.isArray(optionList)) {
        const options = optionList.map((o) => `"${String(o)}"`).join(', ');
        return { message: `${subject} is not one of ${options}`, hint: `Use one of ${options}.` };
      }
      return {
        message: `${subject} matches none of the allowed forms`,
        hint: `Check ${subject} against the template format.`,
      };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return {
        message: `${subject} must be ${issue.values.length === 1 ? values : `one of ${values}`}`,
        hint: `Set ${subject} to ${values}.`,
      };
    }
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) {
        return {
          message: `${subject} is empty${issue.message.startsWith('Too small') ? '' : `: ${issue.message}`}`,
          hint: `Fill in ${subject}.`,
        };
      }
      return {
        message: `${subject}: ${issue.message}`,
        hint: `Use ${issue.origin === 'array' ? 'at least' : 'a value of at least'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''} for ${subject}.`,
      };
    case 'too_big':
      return { message: `${subject}: ${issue.message}`, hint: `Use at most ${String(issue.maximum)} for ${subject}.` };
    case 'invalid_format':
      return { message: `${subject}: ${issue.message}`, hint: `Write ${subject} in ${issue.format} format.` };
    case 'custom':
      return { message: `${subject}: ${issue.message}`, hint: `Correct ${subject} as described.` };
    default:
      return { message: `${subject}: ${issue.message}`, hint: `Correct ${subject}.` };
  }
}

/** Maps zod issues to validation issues that name the node, edge or parameter they are about. */
export function schemaIssues(zodIssues: readonly ZodIssue[], input: unknown): ValidationIssue[] {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  return flattenUnions(zodIssues).map((issue) => {
    const [section, index, ...rest] = issue.path;
    let where = 'The template';
    let located: Pick<ValidationIssue, 'nodeId' | 'edgeId'> = {};
    let fieldPath: readonly PathKey[] = issue.path;
    if (section === 'nodes' && typeof index === 'number') {
      const nodeId = stringAt(raw.nodes, index, 'id');
      where = nodeId === undefined ? `Node #${index + 1}` : `Node "${nodeId}"`;
      located = nodeId === undefined ? {} : { nodeId };
      fieldPath = rest;
    } else if (section === 'edges' && typeof index === 'number') {
      const edgeId = stringAt(raw.edges, index, 'id');
      where = edgeId === undefined ? `Edge #${index + 1}` : `Edge "${edgeId}"`;
      located = edgeId === undefined ? {} : { edgeId };
      fieldPath = rest;
    } else if (section === 'parameters' && typeof index === 'number') {
      const name = stringAt(raw.parameters, index, 'name');
      where = name === undefined ? `Parameter #${index + 1}` : `Parameter "${name}"`;
      fieldPath = rest;
    }
    const field = fieldName(fieldPath);
    const isDeadline = issue.code === 'custom' && issue.params?.baton === DEADLINE_PARSE_ISSUE;
    const { message, hint } = isDeadline
      ? {
          message: `\`${field}\`: ${issue.message}`,
          hint: 'Fix the deadline text, e.g. "start + 3bd", "eventDate - 14d @09:00" or "sign.done + 3bd".',
        }
      : describe(issue, field);
    return {
      code: isDeadline ? 'deadline-parse' : 'schema',
      severity: 'error',
      ...located,
      path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      message: `${where}: ${message}.`.replace(/\.\.$/, '.'),
      hint,
    } satisfies ValidationIssue;
  });
}
