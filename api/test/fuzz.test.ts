import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;
let operations: { method: string; path: string }[] = [];
let spec: OpenApiDocument;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
  spec = (await (await h.app.request('/api/openapi.json')).json()) as OpenApiDocument;
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method, path }))
  );
});
afterAll(async () => h.close());

const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constant('1'));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.record({ name: fc.string(), draft: fc.object({ maxDepth: 3 }) }).map((value) => JSON.stringify(value)),
  fc.constant('{"a":')
);
const query = fc.dictionary(
  fc.constantFrom(
    'limit',
    'cursor',
    'role',
    'teamId',
    'archived',
    'q',
    'from',
    'to',
    'version',
    'x',
    'templateId',
    'status',
    'assignee',
    'overdue',
    'quadrant',
    'processId',
    'lastEventId',
    'count',
    'recipient',
    'period',
    'unread',
    'unsent'
  ),
  fc.string({ maxLength: 30 })
);

describe('fuzzing every route', () => {
  it('never answers 500 to arbitrary bodies, queries and path parameters', async () => {
    expect(operations.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        segment,
        segment,
        body,
        query,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (op, id, version, text, params, contentType) => {
          const path = op.path
            .replace('{id}', encodeURIComponent(id))
            .replace('{version}', encodeURIComponent(version));
          const search = new URLSearchParams(params).toString();
          const response = await h.app.request(`${path}${search ? `?${search}` : ''}`, {
            method: op.method.toUpperCase(),
            headers: { ...bearer(admin), 'content-type': contentType },
            body: op.method === 'get' ? undefined : text,
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
            // A live event stream never ends by itself: its opening is the answer.
            expect(response.status).toBe(200);
            await response.body?.cancel();
            return;
          }
          const payload = await response.text();
          // Readiness honestly answers 503 here: the harness has no Temporal service.
          const ceiling = op.path === '/api/ready' ? 504 : 500;
          expect(response.status, `${op.method} ${path}?${search} ${text} -> ${payload}`).toBeLessThan(ceiling);
          expect(payload).not.toMatch(/\n\s+at /);
        }
      ),
      { numRuns: 600 }
    );
    // The fuzzing reached validation (422) and not only authorization or routing.
    expect(statuses.get(422) ?? 0).toBeGreaterThan(0);
  });
});

// --- Poison input: every text field of every route, from the OpenAPI document ---

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const SAMPLE_UUID = '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11';
// Values tried, in order, for a string with a pattern: the first that matches is the sample.
const PATTERNED = ['PL', '09:00', '1', `process-${SAMPLE_UUID}`, 'x'];
/** The poisons: NUL, lone surrogates of both halves, and a string far over every limit. */
const POISONS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['high surrogate', 'x\ud800y'],
  ['low surrogate', '\udc00'],
  ['huge', 'x'.repeat(200_000)],
];
// The same poisons as URL bytes: a URL cannot carry a lone surrogate, only its ill-formed UTF-8.
const URL_POISONS: [string, string][] = [
  ['NUL', 'a%00b'],
  ['surrogate bytes', 'x%ED%A0%80y'],
  ['huge', 'x'.repeat(20_000)],
];

function resolve(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.split('/').at(-1) ?? '';
  return resolve(spec.components?.schemas?.[name] ?? {});
}

/** One valid-looking value per alternative of the schema (each option of a union), optional fields included. */
function samples(raw: JsonSchema): unknown[] {
  const schema = resolve(raw);
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return options.filter((option) => resolve(option).type !== 'null').flatMap(samples);
  if (schema.allOf?.[0]) return samples(schema.allOf[0]);
  if (schema.const !== undefined) return [schema.const];
  if (schema.enum) return [schema.enum[0]];
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return [SAMPLE_UUID];
      if (schema.format === 'email') return ['fuzz@test.local'];
      if (schema.format === 'date') return ['2027-01-04'];
      if (schema.format === 'date-time') return ['2027-01-04T08:00:00Z'];
      const pattern = schema.pattern;
      return [pattern === undefined ? 'text' : (PATTERNED.find((value) => new RegExp(pattern).test(value)) ?? 'x')];
    }
    case 'integer':
    case 'number':
      return [schema.minimum ?? 1];
    case 'boolean':
      return [false];
    case 'array':
      return [schema.items ? [samples(schema.items)[0]] : []];
    case 'object':
    default: {
      if (schema.properties === undefined && schema.additionalProperties !== undefined) {
        const record = {};
        records.add(record);
        return [record];
      }
      const entries = Object.entries(schema.properties ?? {}).map(([key, value]) => [key, samples(value)[0]]);
      return [Object.fromEntries(entries)];
    }
  }
}

type Path = (string | number)[];
/** The sample objects that stand for records (any key allowed); other objects drop unknown keys. */
const records = new WeakSet<object>();

/** Copies of `value` with one string leaf replaced by the poison, or one record given a poisoned key and value. */
function poisoned(value: unknown, poison: string, path: Path = []): { path: Path; value: unknown }[] {
  if (typeof value === 'string') return [{ path, value: poison }];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      poisoned(item, poison, [...path, index]).map((variant) => ({
        path: variant.path,
        value: value.map((other, at) => (at === index ? variant.value : other)),
      }))
    );
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const inside = Object.entries(record).flatMap(([key, item]) =>
      poisoned(item, poison, [...path, key]).map((variant) => ({
        path: variant.path,
        value: { ...record, [key]: variant.value },
      }))
    );
    if (!records.has(record)) return inside;
    // Records (parameters, drafts, form values, schedules) take any key: poison one, and a value under a plain key.
    return [
      ...inside,
      { path: [...path, '(key)'], value: { ...record, [poison]: 'v' } },
      { path: [...path, 'extra'], value: { ...record, extra: poison } },
    ];
  }
  return [];
}

describe('poison input on every text field of every route', () => {
  it('never answers 500 to NUL, lone surrogates or huge strings; a poisoned body is always refused', async () => {
    const statuses = new Map<number, number>();
    const accepted: string[] = [];
    // Answers other than 422, printed with the figures: each should be explainable (a URL poison decoded harmlessly).
    const others: string[] = [];
    let requests = 0;
    const send = async (label: string, method: string, url: string, body?: unknown, refusedExpected = false) => {
      const response = await h.app.request(url, {
        method: method.toUpperCase(),
        headers: { ...bearer(admin), 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      requests++;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        await response.body?.cancel();
        return;
      }
      const payload = await response.text();
      const ceiling = url.startsWith('/api/ready') ? 504 : 500;
      expect(response.status, `${label}: ${method} ${url.slice(0, 200)} -> ${payload.slice(0, 300)}`).toBeLessThan(
        ceiling
      );
      if (refusedExpected && response.status < 400) accepted.push(`${label} -> ${response.status}`);
      if (response.status !== 422) others.push(`${label}: ${method} ${url.slice(0, 80)} -> ${response.status}`);
    };

    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const parameters = operation.parameters ?? [];
        const pathParams = parameters.filter((parameter) => parameter.in === 'path');
        const fill = (override?: [string, string]) =>
          pathParams.reduce((url, parameter) => {
            const value =
              override?.[0] === parameter.name
                ? override[1]
                : encodeURIComponent(String(samples(parameter.schema ?? {})[0]));
            return url.replace(`{${parameter.name}}`, value);
          }, path);
        for (const parameter of pathParams) {
          for (const [name, poison] of URL_POISONS) {
            await send(`${name} in path ${parameter.name}`, method, fill([parameter.name, poison]));
          }
        }
        for (const parameter of parameters.filter((candidate) => candidate.in === 'query')) {
          for (const [name, poison] of URL_POISONS) {
            await send(`${name} in query ${parameter.name}`, method, `${fill()}?${parameter.name}=${poison}`);
          }
        }
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        for (const sample of samples(schema)) {
          for (const [name, poison] of POISONS) {
            for (const variant of poisoned(sample, poison)) {
              const label = `${name} in ${method} ${path} body ${variant.path.join('.')}`;
              await send(label, method, fill(), variant.value, true);
            }
          }
        }
      }
    }
    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(`poison input: ${requests} requests; statuses ${JSON.stringify(histogram)}\n${others.join('\n')}`);
    expect(requests).toBeGreaterThan(500);
    // Every text field and JSON document refuses the poison, so nothing poisoned is stored.
    expect(accepted).toEqual([]);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(requests / 2);
  });
});
