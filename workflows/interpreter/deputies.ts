// Deputies for every role of a step (assignee or approver, reviewer): who holds a step while its person is away,
// along the chain of deputies, up to the person's manager when nobody in the chain is available, and back to the
// person when the absence ends. Pure: the engine calls it with the process state and collects the effects.
import { DateTime } from 'luxon';
import type { CalendarContext } from '../calendar';
import type { Absence, Effect, OrgDirectory, ProcessState, StepState } from './process-state';

export interface DeputyContext {
  readonly calendar: CalendarContext;
  readonly org?: OrgDirectory;
}

/** Who holds a person's step now: themself, a deputy along the chain, or their manager when nobody is available. */
export interface StandIn {
  readonly holder: string;
  /** The absence that keeps the person away (absent when the person is here). */
  readonly absence?: Absence;
  /** Deputies passed over because they are away too, in chain order. */
  readonly passedOver: readonly string[];
  /** Set when nobody in the chain is available and the step went to the person's manager. */
  readonly toManager?: boolean;
}

/** The calendar day of an instant in the team's time zone, YYYY-MM-DD. */
function localDay(at: string, ctx: DeputyContext): string {
  return DateTime.fromISO(at, { zone: 'utc' }).setZone(ctx.calendar.calendar.timeZone).toISODate() ?? at.slice(0, 10);
}

/** The absence keeping `person` away at `at`: the day is within it and it was not ended early before `at`. */
export function awayAt(state: ProcessState, person: string, at: string, ctx: DeputyContext): Absence | undefined {
  const day = localDay(at, ctx);
  return (state.absences ?? []).find(
    (absence) =>
      absence.personId === person &&
      absence.from <= day &&
      day <= absence.to &&
      (absence.endedAt === undefined || at < absence.endedAt)
  );
}

/**
 * Follows the chain of deputies from an absent person to the first one who is here; never back to the absent person
 * (nor round a loop); when the chain runs out, the person's manager; when there is none, the person keeps it.
 */
export function standInFor(state: ProcessState, person: string, at: string, ctx: DeputyContext): StandIn {
  const absence = awayAt(state, person, at, ctx);
  if (!absence) return { holder: person, passedOver: [] };
  const seen = new Set([person]);
  const passedOver: string[] = [];
  let candidate: string | undefined = absence.deputy;
  while (candidate !== undefined && candidate !== '' && !seen.has(candidate)) {
    const away = awayAt(state, candidate, at, ctx);
    if (!away) return { holder: candidate, absence, passedOver };
    seen.add(candidate);
    passedOver.push(candidate);
    candidate = away.deputy;
  }
  const manager = ctx.org?.managers?.[person];
  if (manager !== undefined && manager !== person) return { holder: manager, absence, passedOver, toManager: true };
  return { holder: person, absence, passedOver };
}

type Role = 'assignee' | 'reviewer';

/** The audit entry and the note to the new holder when a step goes to a stand-in. */
export function auditStandIn(
  step: StepState,
  person: string,
  standIn: StandIn,
  role: Role,
  at: string,
  effects: Effect[]
): void {
  const absence = standIn.absence;
  if (!absence) return;
  effects.push({
    type: 'audit',
    nodeId: step.nodeId,
    action: standIn.toManager ? 'deputiesUnavailable' : 'actingFor',
    actor: 'system',
    detail: {
      round: step.round,
      role,
      ...(standIn.toManager ? { manager: standIn.holder } : { deputy: standIn.holder }),
      actingFor: person,
      ...(standIn.passedOver.length > 0 ? { passedOver: [...standIn.passedOver] } : {}),
      absentFrom: absence.from,
      absentTo: absence.to,
      at,
    },
  });
  effects.push({
    type: 'notify',
    nodeId: step.nodeId,
    recipient: standIn.holder,
    subject: standIn.toManager ? 'A step came to you: no deputy is available' : 'A step came to you as deputy',
    message: `You act for ${person} (away ${absence.from} to ${absence.to}) on step "${step.nodeId}".`,
  });
}

/** Moves one role of one step to whoever should hold it now; returns true when it moved. */
function settleRole(
  state: ProcessState,
  step: StepState,
  role: Role,
  at: string,
  ctx: DeputyContext,
  effects: Effect[]
) {
  const holder = role === 'assignee' ? step.assignee : step.reviewer;
  if (holder === undefined) return;
  const person = (role === 'assignee' ? step.actingFor : step.reviewerActingFor) ?? holder;
  const standIn = standInFor(state, person, at, ctx);
  if (standIn.holder === holder) return;
  const back = standIn.holder === person;
  if (role === 'assignee') {
    step.assignee = standIn.holder;
    if (back) delete step.actingFor;
    else step.actingFor = person;
    effects.push({
      type: 'updateTask',
      nodeId: step.nodeId,
      round: step.round,
      status: step.phase,
      assignee: standIn.holder,
      actingFor: back ? null : person,
    });
  } else {
    step.reviewer = standIn.holder;
    if (back) delete step.reviewerActingFor;
    else step.reviewerActingFor = person;
    effects.push({
      type: 'updateTask',
      nodeId: step.nodeId,
      round: step.round,
      status: step.phase,
      reviewer: standIn.holder,
      reviewerActingFor: back ? null : person,
    });
  }
  if (!back) {
    auditStandIn(step, person, standIn, role, at, effects);
    return;
  }
  effects.push({
    type: 'audit',
    nodeId: step.nodeId,
    action: 'backFromAbsence',
    actor: 'system',
    detail: { round: step.round, role, person, from: holder, at },
  });
  effects.push({
    type: 'notify',
    nodeId: step.nodeId,
    recipient: person,
    subject: 'Welcome back: a step is yours again',
    message: `A deputy stood in for you on step "${step.nodeId}" while you were away; it is back with you.`,
  });
}

/** Every open step's assignee and reviewer become whoever should hold them now (hand-over, chain, return). */
export function settleSteps(state: ProcessState, at: string, ctx: DeputyContext, effects: Effect[]): void {
  for (const step of Object.values(state.steps)) {
    if (step.phase === 'done' || state.nodes[step.nodeId]?.status !== 'active') continue;
    settleRole(state, step, 'assignee', at, ctx, effects);
    settleRole(state, step, 'reviewer', at, ctx, effects);
  }
}

/** 00:00 of a calendar day in the team's zone, as an instant. */
function midnight(day: string, ctx: DeputyContext): string | undefined {
  return DateTime.fromISO(day, { zone: ctx.calendar.calendar.timeZone }).startOf('day').toUTC().toISO() ?? undefined;
}

/** Timers at the start of each absence of `person` and at 00:00 after its last day, replacing earlier ones. */
export function planAbsenceTimers(
  state: ProcessState,
  person: string,
  at: string,
  ctx: DeputyContext,
  effects: Effect[]
): void {
  for (const [timerId, timer] of Object.entries(state.timers)) {
    if (timer.purpose !== 'absence' || timer.personId !== person) continue;
    delete state.timers[timerId];
    effects.push({ type: 'cancelTimer', timerId });
  }
  const boundaries = new Set<string>();
  for (const absence of state.absences ?? []) {
    if (absence.personId !== person || absence.endedAt !== undefined) continue;
    const after = DateTime.fromISO(absence.to).plus({ days: 1 }).toISODate();
    for (const day of [absence.from, after]) {
      const instant = day ? midnight(day, ctx) : undefined;
      if (instant !== undefined && instant > at) boundaries.add(instant);
    }
  }
  for (const instant of [...boundaries].sort()) {
    state.timerSeq += 1;
    const timerId = `absence:${person}:${state.timerSeq}`;
    state.timers[timerId] = { nodeId: 'absence', purpose: 'absence', personId: person };
    effects.push({ type: 'scheduleTimer', timerId, at: instant });
  }
}

const sameAbsence = (a: Absence, b: Absence) =>
  a.id !== undefined && b.id !== undefined ? a.id === b.id : JSON.stringify(a) === JSON.stringify(b);

/** A recorded absence: kept (once), its steps settled now and timers set for when it begins and ends. */
export function recordAbsenceWithDeputies(
  state: ProcessState,
  absence: Absence,
  at: string,
  ctx: DeputyContext,
  effects: Effect[]
): void {
  const known = state.absences ?? [];
  if (known.some((other) => sameAbsence(other, absence))) return;
  state.absences = [...known, absence];
  settleSteps(state, at, ctx, effects);
  planAbsenceTimers(state, absence.personId, at, ctx, effects);
}

/**
 * An absence edited, ended early (`endedAt`) or withdrawn (`absence` null): found by id, else by the person and the
 * days it had; steps move to whoever should hold them now and the person's timers are planned again.
 */
export function changeAbsence(
  state: ProcessState,
  change: { personId: string; id?: string; previous?: { from: string; to: string }; absence: Absence | null },
  at: string,
  ctx: DeputyContext,
  effects: Effect[]
): void {
  const matches = (other: Absence) =>
    other.personId === change.personId &&
    ((change.id !== undefined && other.id === change.id) ||
      (other.id === undefined &&
        change.previous !== undefined &&
        other.from === change.previous.from &&
        other.to === change.previous.to));
  const kept = (state.absences ?? []).filter((other) => !matches(other));
  state.absences = change.absence ? [...kept, change.absence] : kept;
  settleSteps(state, at, ctx, effects);
  planAbsenceTimers(state, change.personId, at, ctx, effects);
}
