import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../lib/app-env';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, IdParamSchema, ProblemSchema, security } from '../lib/schemas';
import { text } from '../lib/text';
import { LANGUAGE_CODES } from '../../workflows/i18n/languages';

export const RoleSchema = z.enum(ROLES).openapi('Role');
export const LanguageSchema = z
  .enum(LANGUAGE_CODES)
  .openapi('Language', { description: 'A language Baton speaks: English, Polish, Czech or Russian' });

export const MeSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    teamId: z.uuid().nullable(),
    language: LanguageSchema.nullable().openapi({
      description: 'The language the person reads Baton in (web app, notices, emails); null until first chosen',
    }),
  })
  .openapi('Me');

export const MePatchSchema = z.object({ language: LanguageSchema }).openapi('MePatch');

export const LoginSchema = z
  .object({
    email: text({ min: 1, max: 320 }).openapi({ example: 'admin@baton.local' }),
    password: text({ min: 1, max: 1000, trim: false }),
    language: LanguageSchema.optional().openapi({
      description: "Picked on the login page: becomes the person's language",
    }),
    browserLanguage: LanguageSchema.optional().openapi({
      description: "The browser's language: becomes the person's language only when they have none yet",
    }),
  })
  .openapi('Login');

export const ApiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

export const NewApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().openapi({ description: 'Shown only in this response; Baton stores a hash.' }),
}).openapi('NewApiToken');

export const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['Auth'],
  summary: 'Sign in: sets an HTTP-only session cookie',
  request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: MeSchema } } },
    401: { description: 'Wrong email or password', content: { 'application/problem+json': { schema: ProblemSchema } } },
    422: errorResponses[422],
    429: {
      description: 'Too many failed attempts for this account or address; see Retry-After',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out: ends the session',
  security,
  middleware: [authorize()] as const,
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

export const me = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['Auth'],
  summary: 'Who is signed in',
  security,
  middleware: [authorize()] as const,
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses,
  },
});

export const updateMe = createRoute({
  method: 'patch',
  path: '/api/auth/me',
  tags: ['Auth'],
  summary: 'Change your own settings: the language Baton speaks to you',
  security,
  middleware: [authorize()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: MePatchSchema } } } },
  responses: {
    200: { description: 'The caller, changed', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses,
  },
});

export const createToken = createRoute({
  method: 'post',
  path: '/api/auth/tokens',
  tags: ['Auth'],
  summary: 'Create an API token for an integration (shown once)',
  security,
  middleware: [authorize()] as const,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ name: text({ min: 1, max: 100 }) }).openapi('NewToken') } },
    },
  },
  responses: {
    201: { description: 'The token, shown once', content: { 'application/json': { schema: NewApiTokenSchema } } },
    ...errorResponses,
  },
});

export const listTokens = createRoute({
  method: 'get',
  path: '/api/auth/tokens',
  tags: ['Auth'],
  summary: "The caller's API tokens (without their secrets)",
  security,
  middleware: [authorize()] as const,
  responses: {
    200: { description: 'Tokens', content: { 'application/json': { schema: z.array(ApiTokenSchema) } } },
    ...errorResponses,
  },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/api/auth/tokens/{id}',
  tags: ['Auth'],
  summary: 'Revoke one of your API tokens',
  security,
  middleware: [authorize()] as const,
  request: { params: IdParamSchema },
  responses: {
    204: { description: 'Revoked' },
    404: { description: 'No such token of yours', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...errorResponses,
  },
});
