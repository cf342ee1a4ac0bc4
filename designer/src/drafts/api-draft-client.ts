import type { TemplateInput } from '../../../workflows/template';
import { api, ApiError, type Problem } from '../api/api';
import type { DraftClient, DraftSnapshot, SaveOutcome } from './draft-client';

/** A stored draft is whatever a designer saved: a template document, possibly incomplete. */
function asTemplate(draft: Record<string, unknown>): TemplateInput {
  return draft as unknown as TemplateInput;
}

/** Template drafts through the API: GET gives the draft and its ETag; PUT sends If-Match and answers 412 when stale. */
export const apiDraftClient: DraftClient = {
  async load(templateId): Promise<DraftSnapshot | undefined> {
    const response = await api.api.templates[':id'].$get({ param: { id: templateId } });
    // Error statuses are thrown by the handlers, so the typed response only lists 200; read the status as a number.
    const status: number = response.status;
    if (status === 404) return undefined;
    if (response.status !== 200) {
      throw new ApiError(response.status, (await response.json().catch(() => undefined)) as Problem | undefined);
    }
    const body = await response.json();
    const etag = response.headers.get('etag');
    if (!etag) throw new Error('The API sent a draft without an ETag');
    return { template: asTemplate(body.draft), etag, savedAt: body.updatedAt };
  },

  async save(templateId, template, ifMatch): Promise<SaveOutcome> {
    if (ifMatch === undefined) throw new Error('A draft is created from the templates list before it is edited');
    const response = await api.api.templates[':id'].$put({
      param: { id: templateId },
      header: { 'if-match': ifMatch },
      json: { name: template.name || 'Untitled', draft: template as unknown as Record<string, unknown> },
    });
    const status: number = response.status;
    if (status === 412) {
      const current = await apiDraftClient.load(templateId);
      if (!current) throw new ApiError(404, { detail: 'The template was deleted meanwhile' });
      return { kind: 'conflict', current };
    }
    if (response.status !== 200) {
      throw new ApiError(response.status, (await response.json().catch(() => undefined)) as Problem | undefined);
    }
    const etag = response.headers.get('etag');
    if (!etag) throw new Error('The API saved the draft but sent no ETag');
    return { kind: 'saved', etag };
  },
};
