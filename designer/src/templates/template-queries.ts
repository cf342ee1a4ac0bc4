import type { TemplateInput } from '../../../workflows/template';
import { api, ok } from '../api/api';

export async function fetchVersions(templateId: string) {
  return ok(api.api.templates[':id'].versions.$get({ param: { id: templateId } }));
}

export async function fetchVersion(templateId: string, version: number) {
  const body = await ok(
    api.api.templates[':id'].versions[':version'].$get({ param: { id: templateId, version: String(version) } })
  );
  // A published definition is a validated template document.
  return { ...body, template: body.definition as unknown as TemplateInput };
}

/** The version snapshot a running process uses, readable by everyone who may see the process. */
export async function fetchProcessDiagram(processId: string) {
  const body = await ok(api.api.processes[':id'].diagram.$get({ param: { id: processId } }));
  return { ...body, template: body.definition as unknown as TemplateInput };
}

export async function fetchTemplates(archived = false) {
  return ok(api.api.templates.$get({ query: { limit: '200', archived: archived ? 'true' : 'false' } }));
}
