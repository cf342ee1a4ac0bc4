import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/app-env';
import { currentUser } from '../lib/auth.middleware';
import { ReaderTexts, readerLanguage } from '../processes/template-language';
import type * as routes from './inbox.routes';
import { QUADRANTS } from './inbox.routes';

interface Row {
  id: string;
  workflow_id: string;
  template_name: string | null;
  template_id: string | null;
  template_version: number | null;
  node_id: string;
  title: string;
  round: number;
  status: string;
  assignee: string;
  assignee_name: string | null;
  assignee_role: string | null;
  acting_for: string | null;
  acting_for_name: string | null;
  due_at: Date | null;
  escalation_level: number;
  urgent: boolean;
  important: boolean;
  risky: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

/** The open steps of a manager's team (everyone's for an admin), grouped by person, what needs attention first. */
export const listTeamStepsHandler: RouteHandler<typeof routes.listTeamSteps, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { rows } = await c.get('pool').query<Row>(
    `SELECT t.id::text, t.workflow_id, p.template_name, p.template_id, p.template_version, t.node_id, t.title, t.round, t.status, t.assignee,
            COALESCE(u.name, tm.name) AS assignee_name, CASE WHEN tm.id IS NULL THEN u.role ELSE 'team' END AS assignee_role,
            t.acting_for, a.name AS acting_for_name, t.due_at,
            t.escalation_level,
            COALESCE((t.priority ->> 'urgent')::boolean, false) AS urgent,
            COALESCE((t.priority ->> 'important')::boolean, false) AS important,
            EXISTS (SELECT 1 FROM process_audit r WHERE r.workflow_id = t.workflow_id AND r.node_id = t.node_id
                      AND r.action = 'riskFlagged' AND r.detail ->> 'round' = t.round::text) AS risky
       FROM process_tasks t
       LEFT JOIN processes p ON p.workflow_id = t.workflow_id
       LEFT JOIN users u ON u.id::text = t.assignee
       LEFT JOIN users a ON a.id::text = t.acting_for
       -- A step nobody has claimed yet waits in its team's queue (assignee team:<id>): listed as the team's.
       LEFT JOIN teams tm ON t.team_id IS NOT NULL AND t.assignee = 'team:' || t.team_id AND tm.id::text = t.team_id
      WHERE t.status IN ('open', 'inProgress', 'inReview')
        AND ($1::text = 'admin' OR ($2::uuid IS NOT NULL AND (u.team_id = $2::uuid OR tm.id = $2::uuid)))
      ORDER BY t.due_at NULLS LAST, t.id
      LIMIT 2000`,
    [user.role, user.teamId]
  );
  // Titles and process names in the reader's language.
  const versionOf = (row: Row) => ({ templateId: row.template_id, version: row.template_version });
  const texts = await ReaderTexts.load(c.get('pool'), readerLanguage(user), rows.map(versionOf));
  const now = Date.now();
  const people = new Map<
    string,
    { id: string; name: string; role: string; overdue: number; atRisk: number; steps: ReturnType<typeof toStep>[] }
  >();
  function toStep(row: Row) {
    const due = row.due_at?.getTime();
    const overdue = due !== undefined && due < now;
    const atRisk = !overdue && (row.risky || (due !== undefined && due - now < DAY));
    const rank = row.urgent && row.important ? 0 : row.important ? 1 : row.urgent ? 2 : 3;
    return {
      id: row.id,
      processId: row.workflow_id,
      processName: texts.processName(versionOf(row), row.template_name),
      title: texts.stepTitle(versionOf(row), row.node_id, row.title),
      round: row.round,
      status: row.status,
      assignee: row.assignee,
      assigneeName: row.assignee_name,
      actingFor: row.acting_for,
      actingForName: row.acting_for_name,
      dueAt: row.due_at?.toISOString() ?? null,
      overdue,
      atRisk,
      escalationLevel: row.escalation_level,
      quadrant: QUADRANTS[rank] ?? 'drop',
    };
  }
  for (const row of rows) {
    const person = people.get(row.assignee) ?? {
      id: row.assignee,
      name: row.assignee_name ?? '',
      role: row.assignee_role ?? '',
      overdue: 0,
      atRisk: 0,
      steps: [],
    };
    const step = toStep(row);
    person.steps.push(step);
    if (step.overdue) person.overdue += 1;
    if (step.atRisk) person.atRisk += 1;
    people.set(row.assignee, person);
  }
  const weight = (step: { overdue: boolean; atRisk: boolean }) => (step.overdue ? 0 : step.atRisk ? 1 : 2);
  for (const person of people.values()) person.steps.sort((a, b) => weight(a) - weight(b));
  // People with overdue work first, then those at risk, then by name.
  const ordered = [...people.values()].sort(
    (a, b) => b.overdue - a.overdue || b.atRisk - a.atRisk || a.name.localeCompare(b.name)
  );
  return c.json({ people: ordered }, 200);
};
