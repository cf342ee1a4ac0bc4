import type pg from 'pg';
import type { AuthUser } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { accepts } from './file-types';

/** A file as comments, requests and step values name it (its bytes are read through `GET /api/files/{id}`). */
export interface FileRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

interface FileRow {
  id: string;
  name: string;
  size: string;
  content_type: string;
}

const toRef = (row: FileRow): FileRef => ({
  id: row.id,
  name: row.name,
  size: Number(row.size),
  contentType: row.content_type,
});

const invalid = (path: string, message: string) =>
  new ApiError(422, 'The request is not valid', { issues: [{ path, message }] });

/** Limits of a file field of a step's form (the template's `maxFiles`, `maxMegabytes`, `accept`). */
export interface FileLimits {
  maxFiles?: number;
  maxMegabytes?: number;
  accept?: readonly string[];
}

/**
 * Attaches files the caller uploaded to a process (a request, a comment, a step): from then on whoever may see the
 * process may read them, a client only the public ones. A file already attached to this process stays (a retried
 * request); one uploaded by someone else or attached elsewhere is refused. Checks the limits before attaching any.
 */
export async function attachFiles(
  pool: pg.Pool,
  user: AuthUser,
  ids: readonly string[],
  target: { workflowId: string; nodeId?: string | undefined; visibility: 'public' | 'internal' },
  where: string,
  limits: FileLimits = {}
): Promise<FileRef[]> {
  const rows = await checkFiles(pool, user, ids, target.workflowId, where, limits);
  if (rows.length === 0) return [];
  await pool.query(
    `UPDATE files SET workflow_id = $2, node_id = $3, visibility = $4, attached_at = now()
      WHERE id::text = ANY($1) AND workflow_id IS NULL`,
    [rows.map((row) => row.id), target.workflowId, target.nodeId ?? null, target.visibility]
  );
  // An upload left unattached too long may have been swept between the check and now: say so, name no lost file.
  const { rows: attached } = await pool.query<{ id: string }>(
    'SELECT id::text FROM files WHERE id::text = ANY($1) AND workflow_id = $2',
    [rows.map((row) => row.id), target.workflowId]
  );
  const lost = rows.find((row) => !attached.some((entry) => entry.id === row.id));
  if (lost)
    throw invalid(where, `the file “${lost.name}” was removed as it stayed unattached too long; upload it again`);
  return rows;
}

/** The files as refs if the caller may attach them (to `workflowId`, or to a process not started yet), else 422. */
export async function checkFiles(
  pool: pg.Pool,
  user: AuthUser,
  ids: readonly string[],
  workflowId: string | undefined,
  where: string,
  limits: FileLimits = {}
): Promise<FileRef[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  if (limits.maxFiles !== undefined && unique.length > limits.maxFiles)
    throw invalid(where, `at most ${limits.maxFiles} files`);
  const { rows } = await pool.query<FileRow & { workflow_id: string | null; uploaded_by: string }>(
    `SELECT id::text, name, size::text, content_type, workflow_id, uploaded_by FROM files WHERE id::text = ANY($1)`,
    [unique]
  );
  for (const id of unique) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row || row.uploaded_by !== user.id) throw invalid(where, `no file you uploaded has the id ${id}`);
    if (row.workflow_id !== null && row.workflow_id !== workflowId)
      throw invalid(where, `the file “${row.name}” belongs to another process; upload it again`);
    if (limits.maxMegabytes !== undefined && Number(row.size) > limits.maxMegabytes * 1024 * 1024)
      throw invalid(where, `the file “${row.name}” is larger than ${limits.maxMegabytes} MB`);
    if (!accepts(limits.accept, row.content_type, row.name))
      throw invalid(where, `the file “${row.name}” is not of an accepted type (${limits.accept?.join(', ')})`);
  }
  return unique.map((id) => toRef(rows.find((row) => row.id === id)!));
}

/** A step's form fields of type file, with their limits. */
export function fileFields(
  node: { data?: Record<string, unknown> } | null
): { name: string; required: boolean; limits: FileLimits }[] {
  const form = Array.isArray(node?.data?.form) ? (node.data.form as Record<string, unknown>[]) : [];
  return form
    .filter((field) => field.type === 'file' && typeof field.name === 'string')
    .map((field) => ({
      name: field.name as string,
      required: field.required === true,
      limits: {
        maxFiles: typeof field.maxFiles === 'number' ? field.maxFiles : 10,
        ...(typeof field.maxMegabytes === 'number' && { maxMegabytes: field.maxMegabytes }),
        ...(Array.isArray(field.accept) && { accept: field.accept as string[] }),
      },
    }));
}

/**
 * A step submission's file fields: each value is a list of uploaded file ids, attached to the step (internal: staff
 * read them) and replaced by the files' names, sizes and types, which the workflow and the audit keep.
 */
export async function attachFieldFiles(
  pool: pg.Pool,
  user: AuthUser,
  step: { workflow_id: string; node_id: string; node: { data?: Record<string, unknown> } | null },
  values: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const result = { ...values };
  for (const field of fileFields(step.node)) {
    const value = values[field.name];
    const ids = value === undefined || value === null || value === '' ? [] : value;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string'))
      throw invalid(`values.${field.name}`, 'expected a list of uploaded file ids');
    if (field.required && ids.length === 0) throw invalid(`values.${field.name}`, 'attach at least one file');
    if (ids.length === 0) {
      delete result[field.name];
      continue;
    }
    result[field.name] = await attachFiles(
      pool,
      user,
      ids,
      { workflowId: step.workflow_id, nodeId: step.node_id, visibility: 'internal' },
      `values.${field.name}`,
      field.limits
    );
  }
  return result;
}
