import type pg from 'pg';
import { maskValue, SENSITIVE_KINDS, type SensitiveKind } from '../../workflows/template/sensitive';
import type { AuthUser } from '../lib/app-env';

/** A form field of a step's node, as the template snapshot holds it. */
interface FormFieldData {
  name?: unknown;
  sensitive?: unknown;
}

export interface SensitiveValue {
  round: number;
  field: string;
  kind: SensitiveKind;
  value: string | null;
  erasedAt: string | null;
}

/** The step's form fields marked sensitive, by name. */
export function sensitiveFields(node: { data?: Record<string, unknown> } | null): Map<string, SensitiveKind> {
  const form = Array.isArray(node?.data?.form) ? (node.data.form as FormFieldData[]) : [];
  const fields = new Map<string, SensitiveKind>();
  for (const field of form) {
    const kind = SENSITIVE_KINDS.find((candidate) => candidate === field.sensitive);
    if (typeof field.name === 'string' && kind) fields.set(field.name, kind);
  }
  return fields;
}

/**
 * Keeps the values of sensitive fields apart (for the assignee and reviewer) and answers the values with masks in
 * their place: only masks reach the workflow, its history, the audit, notices, emails and reports.
 */
export async function keepSensitiveValues(
  pool: pg.Pool,
  step: { workflow_id: string; node_id: string; round: number; node: { data?: Record<string, unknown> } | null },
  user: AuthUser,
  values: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const fields = sensitiveFields(step.node);
  const masked = { ...values };
  for (const [name, kind] of fields) {
    const value = values[name];
    if (value === undefined || value === null || value === '') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    await pool.query(
      `INSERT INTO step_sensitive_values (workflow_id, node_id, round, field, kind, value, submitted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workflow_id, node_id, round, field)
       DO UPDATE SET kind = EXCLUDED.kind, value = EXCLUDED.value, submitted_by = EXCLUDED.submitted_by,
                     created_at = now(), erased_at = NULL, erased_by = NULL`,
      [step.workflow_id, step.node_id, step.round, name, kind, text, user.id]
    );
    masked[name] = maskValue(kind, text);
  }
  return masked;
}

/** The sensitive values of a step, for its assignees and reviewers (of any round) only; nobody else reads them. */
export async function sensitiveValuesFor(
  pool: pg.Pool,
  user: AuthUser,
  step: { workflow_id: string; node_id: string }
): Promise<SensitiveValue[]> {
  const { rows } = await pool.query<{
    round: number;
    field: string;
    kind: SensitiveKind;
    value: string | null;
    erased_at: Date | null;
  }>(
    `SELECT s.round, s.field, s.kind, s.value, s.erased_at FROM step_sensitive_values s
      WHERE s.workflow_id = $1 AND s.node_id = $2
        AND EXISTS (SELECT 1 FROM process_tasks t WHERE t.workflow_id = s.workflow_id AND t.node_id = s.node_id
                       AND (t.assignee = $3 OR t.reviewer = $3))
      ORDER BY s.round, s.field`,
    [step.workflow_id, step.node_id, user.id]
  );
  return rows.map((row) => ({
    round: row.round,
    field: row.field,
    kind: row.kind,
    value: row.value,
    erasedAt: row.erased_at?.toISOString() ?? null,
  }));
}

/** Erases every sensitive value of a closed process (who and when are kept); how many were erased. */
export async function eraseSensitiveValues(pool: pg.Pool, workflowId: string, user: AuthUser): Promise<number> {
  const result = await pool.query(
    `UPDATE step_sensitive_values SET value = NULL, erased_at = now(), erased_by = $2
      WHERE workflow_id = $1 AND erased_at IS NULL`,
    [workflowId, user.id]
  );
  return result.rowCount ?? 0;
}

/** The sensitive fields of a process holding values (labels from its template version) and its last erasure. */
export async function sensitiveValuesStatus(pool: pg.Pool, workflowId: string) {
  const fields = await pool.query<{
    node_id: string;
    field: string;
    kind: SensitiveKind;
    stored: number;
    label: string;
  }>(
    `SELECT s.node_id, s.field, min(s.kind) AS kind, (count(*) FILTER (WHERE s.value IS NOT NULL))::int AS stored,
            coalesce((SELECT f ->> 'label' FROM processes p, template_versions tv,
                             jsonb_array_elements(tv.definition -> 'nodes') n,
                             jsonb_array_elements(coalesce(n -> 'data' -> 'form', '[]'::jsonb)) f
                       WHERE p.workflow_id = s.workflow_id AND tv.template_id::text = p.template_id
                         AND tv.version = p.template_version AND n ->> 'id' = s.node_id AND f ->> 'name' = s.field
                       LIMIT 1), s.field) AS label
       FROM step_sensitive_values s WHERE s.workflow_id = $1
      GROUP BY s.workflow_id, s.node_id, s.field ORDER BY min(s.created_at), s.field`,
    [workflowId]
  );
  const erased = await pool.query<{ erased_at: Date; erased_by: string; name: string | null }>(
    `SELECT s.erased_at, s.erased_by, u.name FROM step_sensitive_values s LEFT JOIN users u ON u.id::text = s.erased_by
      WHERE s.workflow_id = $1 AND s.erased_at IS NOT NULL ORDER BY s.erased_at DESC LIMIT 1`,
    [workflowId]
  );
  const last = erased.rows[0];
  return {
    fields: fields.rows.map((row) => ({
      nodeId: row.node_id,
      field: row.field,
      label: row.label,
      kind: row.kind,
      stored: row.stored,
    })),
    stored: fields.rows.reduce((sum, row) => sum + row.stored, 0),
    erasedAt: last?.erased_at.toISOString() ?? null,
    erasedBy: last?.erased_by ?? null,
    erasedByName: last?.name ?? null,
  };
}
