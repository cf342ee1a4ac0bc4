import type { TemplateInput } from '../../../workflows/template';

/** A saved draft and the version tag the server gave it (the ETag of the draft resource). */
export interface DraftSnapshot {
  template: TemplateInput;
  etag: string;
  savedAt?: string;
  savedBy?: string;
}

/** A save either lands, or finds that someone else saved first (HTTP 412 on If-Match) and returns their draft. */
export type SaveOutcome = { kind: 'saved'; etag: string } | { kind: 'conflict'; current: DraftSnapshot };

/**
 * What the designer needs from the API's draft routes. The API has no template routes yet; when they land,
 * an implementation typed from their route definitions (see api/api-client.ts) plugs in here.
 */
export interface DraftClient {
  load(templateId: string): Promise<DraftSnapshot | undefined>;
  /** `ifMatch` undefined creates the draft; a stale tag must answer a conflict, never overwrite. */
  save(templateId: string, template: TemplateInput, ifMatch: string | undefined): Promise<SaveOutcome>;
}
