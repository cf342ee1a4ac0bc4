import type pg from 'pg';

/** A published template marked "clients may start", with the address part that routes mail to it. */
export interface IntakeTemplate {
  templateId: string;
  name: string;
  /** `visa` in `requests+visa@office.example`. */
  key: string;
}

/** The address part of a template's name: lower-case ASCII letters, digits and dashes ("Vízum / cesta" → "vizum-cesta"). */
export function addressKey(name: string): string {
  return name
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * The templates mail can start, each with its key: from its name, or (a name without Latin letters, or two templates
 * with the same name's key) followed by the start of the template's id, so every key names one template.
 */
export async function intakeTemplates(pool: pg.Pool): Promise<IntakeTemplate[]> {
  const { rows } = await pool.query<{ template_id: string; name: string; definition: { clientsMayStart?: unknown } }>(
    `SELECT DISTINCT ON (v.template_id) v.template_id::text, t.name, v.definition
       FROM template_versions v JOIN templates t ON t.id = v.template_id
      WHERE t.archived_at IS NULL ORDER BY v.template_id, v.version DESC`
  );
  const marked = rows
    .filter((row) => row.definition.clientsMayStart === true)
    .map((row) => ({ templateId: row.template_id, name: row.name, key: addressKey(row.name) }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.templateId.localeCompare(b.templateId));
  const count = new Map<string, number>();
  for (const template of marked) count.set(template.key, (count.get(template.key) ?? 0) + 1);
  return marked.map((template) =>
    template.key && count.get(template.key) === 1
      ? template
      : { ...template, key: [template.key, template.templateId.slice(0, 8)].filter(Boolean).join('-') }
  );
}

/** `requests+visa@office.example` for the base address `requests@office.example` and the key `visa`. */
export function plusAddress(base: string, key: string): string {
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${key}${base.slice(at)}`;
}

/** The addresses mail is taken at, as a sentence's list: each template's, and the bare one when it has a template. */
export function addressList(base: string, templates: IntakeTemplate[], bare: IntakeTemplate | undefined): string {
  return [
    ...(bare ? [`${base} (${bare.name})`] : []),
    ...templates.map((template) => `${plusAddress(base, template.key)} (${template.name})`),
  ].join(', ');
}

export type Routed = { ok: true; template: IntakeTemplate | undefined; bare: boolean } | { ok: false; reason: string };

/**
 * Which template a recipient address starts: `<base local part>+<key>@<base domain>` the template with that key; the
 * bare base address the only template, else the one whose key is `defaultKey`, else none (`template` undefined: a
 * reply is still taken there). Any other address is not Baton's.
 */
export function routeRecipient(
  base: string,
  recipient: string,
  templates: IntakeTemplate[],
  defaultKey: string | undefined
): Routed {
  const at = base.lastIndexOf('@');
  const [local, domain] = [base.slice(0, at).toLowerCase(), base.slice(at + 1).toLowerCase()];
  const rat = recipient.lastIndexOf('@');
  const [rlocal, rdomain] = [recipient.slice(0, rat).toLowerCase(), recipient.slice(rat + 1).toLowerCase()];
  const bareTemplate =
    templates.length === 1 ? templates[0] : templates.find((template) => template.key === defaultKey);
  const addresses = () =>
    templates.length === 0
      ? `no request is taken by mail at the moment; call the office or use the request form`
      : `send requests to ${addressList(base, templates, bareTemplate)}`;
  if (rat < 0 || rdomain !== domain || (rlocal !== local && !rlocal.startsWith(`${local}+`)))
    return { ok: false, reason: `No mailbox ${recipient} here; ${addresses()}` };
  if (rlocal === local) return { ok: true, template: bareTemplate, bare: true };
  const key = rlocal.slice(local.length + 1);
  const template = templates.find((candidate) => candidate.key === key);
  if (!template) return { ok: false, reason: `No kind of request is called "${key}" here; ${addresses()}` };
  return { ok: true, template, bare: false };
}

/** Why a new request to the bare address cannot be routed: several templates and no default. */
export function bareRefusal(base: string, templates: IntakeTemplate[]): string {
  return templates.length === 0
    ? `No request is taken by mail at the moment; call the office or use the request form`
    : `${base} takes several kinds of request; write to the one meant: ${addressList(base, templates, undefined)}`;
}
