import type pg from 'pg';
import type { Language } from '../../workflows/i18n/languages';
import type { FileStore } from '../files/file-store';
import type { TemporalDeps } from './temporal';

export const ROLES = ['admin', 'manager', 'assistant', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  /** The language the person reads Baton in; null until their first sign-in records one. */
  language: Language | null;
  /** How the request proved who it is: a browser session cookie or an API token. */
  via: 'session' | 'token';
}

export interface AppEnv {
  Variables: {
    user?: AuthUser;
    pool: pg.Pool;
    temporal?: TemporalDeps;
    shutdown?: AbortSignal;
    /** Behind a trusted reverse proxy: X-Forwarded-For and X-Forwarded-Proto are believed. */
    trustProxy?: boolean;
    /** Where attached files' bytes are kept. */
    files?: FileStore;
    /** The inbound request webhook's secret (BATON_INTAKE_SECRET). */
    intakeSecret?: string;
    /** Set by a handler whose answer says "outcome unknown": not remembered under its Idempotency-Key. */
    outcomeUnknown?: boolean;
  };
}
