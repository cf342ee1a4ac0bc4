import type { Assignee, EscalationRung, Priority, Template } from '../template';
import type { Notice } from '../i18n/notices';
import type { DeadlineMessage } from '../i18n/deadline-messages';

/** Where a node stands in a running process, as the monitor shows it. */
export type NodeStatus = 'pending' | 'active' | 'waiting' | 'done' | 'skipped' | 'cancelled';

/** Who reads a comment: `public` the process's client too, `internal` staff only. */
export type CommentVisibility = 'public' | 'internal';

export interface TimeLog {
  readonly round: number;
  readonly by: string;
  readonly minutes: number;
  readonly at: string;
}

export interface PendingRung {
  readonly index: number;
  readonly timerId: string;
  readonly at: string;
}

/** A human step (task or approval) in its current round. */
export interface StepState {
  readonly nodeId: string;
  readonly kind: 'task' | 'approval';
  round: number;
  assignee: string;
  reviewer?: string;
  phase: 'open' | 'inProgress' | 'inReview' | 'done';
  due?: string;
  /** Why the due date is what it is, as message keys (absent once a manager set the date by hand). */
  dueMessages?: DeadlineMessage[];
  /** When the round opened; kept only for ladders with a share of the time allowed (`at 50 %`). */
  openedAt?: string;
  priority: Priority;
  escalationLevel: number;
  pendingRungs: PendingRung[];
  timeLog: TimeLog[];
  /** `visibility` is absent on comments of processes started before comments were public or internal (internal). */
  comments: {
    round: number;
    by: string;
    text: string;
    at: string;
    visibility?: CommentVisibility;
    files?: readonly AttachedFile[];
  }[];
  /** A decision request waiting for an answer; `to` is who must answer it (absent in processes started before). */
  decisionPending?: {
    by: string;
    question: string;
    askedAt: string;
    to?: string;
    timerId?: string;
    /** People asked before the request went up to `to`; they may still answer. */
    askedBefore?: string[];
  };
  risks: { by: string; text: string; at: string }[];
  /** Checklist items ticked in this round so far (absent in processes started before ticks were kept). */
  checked?: string[];
  /** Set when the step went to a deputy because its assignee is away: the person the deputy acts for. */
  actingFor?: string;
  /** The team whose queue the step went to: unclaimed while the assignee is `team:<team>` (see team-queue.ts). */
  team?: string;
  /** Set when the review went to a deputy because the reviewer is away: the reviewer the deputy acts for. */
  reviewerActingFor?: string;
}

export interface NodeState {
  status: NodeStatus;
  /** Times the node was entered; back edges beyond the bound stop the process. */
  visits: number;
  completedAt?: string;
  /** For joins: tokens arrived in the current visit. */
  arrived?: number;
  outcome?: string;
  timerId?: string;
  childWorkflowId?: string;
}

/** The whole state of one process instance; plain JSON so it can be queried and replayed. */
export interface ProcessState {
  readonly workflowId: string;
  readonly template: Template;
  readonly startedAt: string;
  readonly starter: string;
  status: 'running' | 'completed' | 'rejected' | 'cancelled' | 'failed';
  variables: Record<string, unknown>;
  nodes: Record<string, NodeState>;
  steps: Record<string, StepState>;
  /** Timer id -> what it is for; an absence timer hands the person's open steps over when the absence begins. */
  timers: Record<
    string,
    {
      nodeId: string;
      purpose: 'wait' | 'rung' | 'absence' | 'stageStart' | 'decision';
      rungIndex?: number;
      personId?: string;
    }
  >;
  timerSeq: number;
  failure?: string;
  /** Known absences with the deputy standing in (from the org snapshot and later recordAbsence updates). */
  absences?: Absence[];
}

/** A person away on whole days of the team calendar (inclusive), and who takes their steps meanwhile. */
export interface Absence {
  /** The absence's record id (absent in absences told to processes before absences could be edited). */
  readonly id?: string;
  readonly personId: string;
  /** First day away, YYYY-MM-DD in the calendar's time zone. */
  readonly from: string;
  /** Last day away, YYYY-MM-DD. */
  readonly to: string;
  readonly deputy: string;
  /** When the absence was ended early: from this instant the person is back. */
  readonly endedAt?: string;
}

export type Effect =
  | {
      type: 'createTask';
      nodeId: string;
      round: number;
      title: string;
      assignee: string;
      reviewer?: string;
      due?: string;
      dueMessages?: DeadlineMessage[];
      priority: Priority;
      actingFor?: string;
      /** The team whose queue the step is in (its assignee is `team:<id>` until a member claims it). */
      team?: string;
      reviewerActingFor?: string;
    }
  | {
      type: 'updateTask';
      nodeId: string;
      round: number;
      status: string;
      assignee?: string;
      /** With a new assignee: whom the deputy acts for (null: the step is nobody's stand-in any more). */
      actingFor?: string | null;
      /** A new reviewer (a deputy standing in, or the reviewer back), with whom they act for (null: nobody). */
      reviewer?: string;
      reviewerActingFor?: string | null;
      due?: string;
      /** With a new due date: why it is what it is (null: set by hand, no rule explains it). */
      dueMessages?: DeadlineMessage[] | null;
      escalationLevel?: number;
      /** Who must answer the step's pending decision request (null: nobody any more). */
      waitingFor?: string | null;
      /** A raised priority: the inbox quadrant and order follow it. */
      priority?: Priority;
    }
  | { type: 'scheduleTimer'; timerId: string; at: string }
  | { type: 'cancelTimer'; timerId: string }
  | { type: 'audit'; nodeId?: string; action: string; actor: string; detail: Record<string, unknown> }
  | {
      type: 'notify';
      recipient: string;
      subject: string;
      message: string;
      nodeId?: string;
      /** The notice as a key with parameters, rendered in the recipient's language (the texts above: English). */
      notice?: Notice;
    }
  | {
      type: 'startChild';
      nodeId: string;
      workflowId: string;
      templateId: string;
      version: number;
      input: Record<string, unknown>;
    }
  | { type: 'cancelChild'; nodeId: string; workflowId: string }
  | { type: 'completeProcess'; result: ProcessState['status']; variables: Record<string, unknown> };

/** A file attached to a comment or a step's file field: stored and authorized by the API, named here. */
export interface AttachedFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export type ProcessEvent =
  | { type: 'start'; nodeId: string; actor: string; at: string }
  | { type: 'logTime'; nodeId: string; actor: string; minutes: number; at: string }
  /** A checklist item ticked (or unticked) by the assignee before submitting. */
  | { type: 'check'; nodeId: string; actor: string; at: string; item: string; done: boolean }
  | {
      type: 'submit';
      nodeId: string;
      actor: string;
      at: string;
      values?: Record<string, unknown>;
      checklist?: readonly string[];
    }
  | { type: 'approve'; nodeId: string; actor: string; at: string; comment?: string }
  | { type: 'reject'; nodeId: string; actor: string; at: string; comment?: string }
  | { type: 'returnForRework'; nodeId: string; actor: string; at: string; comment: string }
  | { type: 'requestDecision'; nodeId: string; actor: string; at: string; question: string; from?: string }
  | { type: 'answerDecision'; nodeId: string; actor: string; at: string; answer: string }
  | { type: 'flagRisk'; nodeId: string; actor: string; at: string; text: string }
  /** `asManager`: sent by the API for a manager it authorized (the process's starter, the assignee's manager). */
  | { type: 'reassign'; nodeId: string; actor: string; at: string; to: string; asManager?: boolean }
  /** A manager moves a step's deadline by hand, with the reason; the escalation ladder follows the new date. */
  | { type: 'changeDue'; nodeId: string; actor: string; at: string; due: string; reason: string }
  /** A manager sets a step's priority (its inbox quadrant and order). */
  | { type: 'setPriority'; nodeId: string; actor: string; at: string; priority: Priority; reason?: string }
  | {
      type: 'comment';
      nodeId: string;
      actor: string;
      at: string;
      text: string;
      mentions?: readonly string[];
      /** Internal unless the author says public (ignored by processes started before comments had a visibility). */
      visibility?: CommentVisibility;
      /** Files the API attached to the comment (checked and stored there); only named here. */
      files?: readonly AttachedFile[];
    }
  /**
   * A comment on the process as a whole, by anyone the API lets see it: a client's (`byClient`, checked by the API) is
   * always public. `tell`: whom the API chose to be told of it (the client of a public one, the staff of a client's).
   */
  | {
      type: 'processComment';
      actor: string;
      at: string;
      text: string;
      visibility?: CommentVisibility;
      byClient?: boolean;
      tell?: readonly string[];
      files?: readonly AttachedFile[];
    }
  /** A team member takes a step from the team's queue; the member's release puts it back; a manager assigns it. */
  | { type: 'claim'; nodeId: string; actor: string; at: string }
  | { type: 'release'; nodeId: string; actor: string; at: string }
  | { type: 'assign'; nodeId: string; actor: string; at: string; to: string }
  | { type: 'timerFired'; timerId: string; at: string }
  | { type: 'childCompleted'; nodeId: string; at: string; variables: Record<string, unknown> }
  | { type: 'cancel'; actor: string; at: string; reason?: string }
  /** A parameter changed while running (e.g. the event date moved): open deadlines and their timers follow it. */
  | { type: 'changeParameter'; name: string; value: unknown; actor: string; at: string }
  /** Someone will be (or is) away: their open steps go to the deputy when the absence begins, new ones meanwhile. */
  | { type: 'recordAbsence'; absence: Absence; actor: string; at: string }
  /**
   * An absence edited, ended early (`endedAt` set) or withdrawn (`absence` null), found by `id`, else by the person
   * and its `previous` days: steps go to whoever should hold them now, back to the person when they are here.
   */
  | {
      type: 'changeAbsence';
      personId: string;
      id?: string;
      previous?: { from: string; to: string };
      absence: Absence | null;
      actor: string;
      at: string;
    };

/** Who people are to each other, resolved by an activity: escalation needs managers and deputies. */
export interface OrgDirectory {
  readonly managers?: Readonly<Record<string, string>>;
  readonly deputies?: Readonly<Record<string, string>>;
  /** Absences not yet over when the process started (with the deputy: the absence's own, else the standing one). */
  readonly absences?: readonly Absence[];
  /** Teams by id: the manager an unclaimed team step escalates to (absent in processes started before teams). */
  readonly teams?: Readonly<Record<string, { readonly manager?: string }>>;
}

export type { Assignee, EscalationRung };
