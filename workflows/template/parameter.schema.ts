import { z } from 'zod';
import { LocalizedTextSchema, PersonIdSchema, VariableNameSchema } from './identifiers';
import { dateYearProblem } from '../deadline/limits';

/** Decimal string so amounts never pick up binary floating-point noise ("1200.50"). */
export const MoneySchema = z.object({
  amount: z.string().regex(/^-?\d+(\.\d{1,4})?$/, 'an amount is a decimal string such as "1200.50"'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is an ISO 4217 code such as "PLN" or "EUR"'),
});
export type Money = z.infer<typeof MoneySchema>;

export const ChoiceOptionSchema = z.object({
  value: z.string().min(1),
  label: z.string().min(1).optional(),
});

// `start` and `occurrence` are deadline anchors of their own, so a parameter cannot take those names.
const ParameterNameSchema = VariableNameSchema.refine((name) => name !== 'start' && name !== 'occurrence', {
  message: '"start" and "occurrence" are reserved deadline anchors; choose another name, e.g. "startDate"',
});

const parameterBase = {
  name: ParameterNameSchema,
  label: z.string().min(1).optional(),
  title: LocalizedTextSchema.optional(),
  description: z.string().optional(),
  required: z.boolean().default(false),
};

const TextParameterSchema = z.object({
  ...parameterBase,
  type: z.literal('text'),
  multiline: z.boolean().optional(),
  default: z.string().optional(),
});

/** Refuses a date the business calendar cannot plan on (see deadline/limits). */
function withinYears(value: string, ctx: z.RefinementCtx): void {
  const problem = dateYearProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
}

const DateParameterSchema = z.object({
  ...parameterBase,
  type: z.literal('date'),
  default: z.iso
    .date({ message: 'a date default is YYYY-MM-DD, e.g. "2027-03-31"' })
    .superRefine(withinYears)
    .optional(),
});

const DateTimeParameterSchema = z.object({
  ...parameterBase,
  type: z.literal('datetime'),
  default: z.iso
    .datetime({
      offset: true,
      message: 'a datetime default is ISO 8601 with an offset, e.g. "2027-03-31T17:00:00+02:00"',
    })
    .superRefine(withinYears)
    .optional(),
});

const NumberParameterSchema = z
  .object({
    ...parameterBase,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    default: z.number().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max ${p.max} is below min ${p.min}` });
    }
    if (p.default === undefined) return;
    if (p.min !== undefined && p.default < p.min) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `default ${p.default} is below min ${p.min}` });
    }
    if (p.max !== undefined && p.default > p.max) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `default ${p.default} is above max ${p.max}` });
    }
    if (p.integer && !Number.isInteger(p.default)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `default ${p.default} is not a whole number` });
    }
  });

const MoneyParameterSchema = z
  .object({
    ...parameterBase,
    type: z.literal('money'),
    /** Fixes the currency of every value when set. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    default: MoneySchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.currency !== undefined && p.default !== undefined && p.default.currency !== p.currency) {
      ctx.addIssue({
        code: 'custom',
        path: ['default', 'currency'],
        message: `default is in ${p.default.currency} but the parameter is in ${p.currency}`,
      });
    }
  });

const PersonParameterSchema = z.object({
  ...parameterBase,
  type: z.literal('person'),
  default: PersonIdSchema.optional(),
});

const ChoiceParameterSchema = z
  .object({
    ...parameterBase,
    type: z.literal('choice'),
    options: z.array(ChoiceOptionSchema).min(1, 'a choice needs at least one option'),
    default: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    const values = new Set<string>();
    p.options.forEach((option, index) => {
      if (values.has(option.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', index, 'value'],
          message: `option "${option.value}" repeats`,
        });
      }
      values.add(option.value);
    });
    if (p.default !== undefined && !values.has(p.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: `default "${p.default}" is not one of the options (${[...values].join(', ')})`,
      });
    }
  });

const BooleanParameterSchema = z.object({
  ...parameterBase,
  type: z.literal('boolean'),
  default: z.boolean().optional(),
});

/** A typed process input; its value is available as a process variable under `name`. */
export const ParameterSchema = z.discriminatedUnion('type', [
  TextParameterSchema,
  DateParameterSchema,
  DateTimeParameterSchema,
  NumberParameterSchema,
  MoneyParameterSchema,
  PersonParameterSchema,
  ChoiceParameterSchema,
  BooleanParameterSchema,
]);
export type Parameter = z.infer<typeof ParameterSchema>;
export type ParameterType = Parameter['type'];
export const PARAMETER_TYPES = [
  'text',
  'date',
  'datetime',
  'number',
  'money',
  'person',
  'choice',
  'boolean',
] as const satisfies readonly ParameterType[];
