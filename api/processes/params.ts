import { z } from 'zod';
import { MoneySchema, type Parameter } from '../../workflows/template';
import { dateYearProblem } from '../../workflows/deadline/limits';
import { text } from '../lib/text';

export interface ParamIssue {
  path: string;
  message: string;
}

/** Dates the engine can plan on: see workflows/deadline/limits. */
function withinYears(value: string, ctx: z.RefinementCtx): void {
  const problem = dateYearProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

function valueSchema(parameter: Parameter): z.ZodType {
  switch (parameter.type) {
    case 'text':
      return text({ max: 10_000 });
    case 'date':
      return z.iso.date({ message: 'expected a date YYYY-MM-DD, e.g. "2027-03-31"' }).superRefine(withinYears);
    case 'datetime':
      return z.iso
        .datetime({
          offset: true,
          message: 'expected ISO 8601 with an offset, e.g. "2027-03-31T17:00:00+02:00"',
        })
        .superRefine(withinYears);
    case 'number': {
      let schema = z.number({ message: 'expected a number' });
      if (parameter.min !== undefined) schema = schema.min(parameter.min, `must be at least ${parameter.min}`);
      if (parameter.max !== undefined) schema = schema.max(parameter.max, `must be at most ${parameter.max}`);
      return parameter.integer ? schema.int('must be a whole number') : schema;
    }
    case 'money':
      return parameter.currency === undefined
        ? MoneySchema
        : MoneySchema.refine((money) => money.currency === parameter.currency, {
            message: `must be in ${parameter.currency}`,
          });
    case 'person':
      return z.uuid({ message: 'expected the id of a person' });
    case 'choice': {
      const values = parameter.options.map((option) => option.value);
      return z.string().refine((value) => values.includes(value), { message: `expected one of ${values.join(', ')}` });
    }
    case 'boolean':
      return z.boolean({ message: 'expected true or false' });
  }
}

/**
 * Checks process parameters against a template version's parameter list: each issue names `params.<name>`.
 * People are checked against `knownPeople` (active users), so a process never starts with a dangling assignee.
 */
export function checkParams(
  parameters: readonly Parameter[],
  params: Record<string, unknown>,
  knownPeople: ReadonlySet<string>
): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const names = new Set(parameters.map((parameter) => parameter.name));
  for (const name of Object.keys(params))
    if (!names.has(name))
      issues.push({
        path: `params.${name}`,
        message: `not a parameter of this template (expected ${[...names].join(', ') || 'none'})`,
      });
  for (const parameter of parameters) {
    const value = params[parameter.name];
    const path = `params.${parameter.name}`;
    if (value === undefined || value === null) {
      if (parameter.required && parameter.default === undefined) issues.push({ path, message: 'required' });
      continue;
    }
    const result = valueSchema(parameter).safeParse(value);
    if (!result.success) {
      issues.push({ path, message: result.error.issues[0]?.message ?? 'not valid' });
      continue;
    }
    if (parameter.type === 'person' && !knownPeople.has(value as string))
      issues.push({ path, message: 'no active person has this id' });
  }
  return issues;
}
