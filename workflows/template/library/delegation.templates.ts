import type { TemplateInput } from '../template.schema';
import { at, businessDayLadder, edge, hoursLadder, path } from './build';

const assistantParameter: NonNullable<TemplateInput['parameters']>[number] = {
  name: 'assistant',
  type: 'person',
  label: 'Assistant',
  required: true,
};

/** The delegation cycle: the assistant does the work, the delegator verifies it and may return it for rework. */
export const delegationWithReview: TemplateInput = {
  schemaVersion: 1,
  id: 'delegation-with-review',
  name: 'Delegation with review',
  title: {
    en: 'Delegate a task with review',
    pl: 'Delegowanie zadania z weryfikacją',
    cs: 'Delegování úkolu s kontrolou',
    ru: 'Делегирование задачи с проверкой',
  },
  description:
    'A manager hands a task to an assistant with a due date. The result comes back for verification: approve it, ' +
    'or return it with comments for another round (at most 5). Time spent is logged per round.',
  calendarId: 'pl',
  parameters: [
    assistantParameter,
    { name: 'task', type: 'text', label: 'What to do', required: true },
    { name: 'dueDate', type: 'date', label: 'Due date', required: true },
  ],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'do',
      type: 'task',
      position: at(1),
      data: {
        title: 'Do the delegated task',
        instructions: 'The task is in the process parameters. Log your time; ask for a decision when you are blocked.',
        assignee: { kind: 'parameter', name: 'assistant' },
        reviewer: { kind: 'starter' },
        maxRounds: 5,
        due: 'dueDate @17:00',
        form: [{ name: 'result', label: 'Result', type: 'text', required: true }],
      },
    },
    { id: 'end', type: 'end', position: at(2), data: {} },
  ],
  edges: path('start', 'do', 'end'),
};

/**
 * A client request answered within 24 hours, counted as one business day so it never falls due at night or on a day
 * off; urgent ones within 4 business hours. A conflict goes to the manager at once.
 */
export const clientRequest: TemplateInput = {
  schemaVersion: 1,
  id: 'client-request',
  name: 'Client request with a response SLA',
  title: {
    en: 'Answer a client request',
    pl: 'Odpowiedź na zapytanie klienta',
    cs: 'Odpověď na požadavek klienta',
    ru: 'Ответ на запрос клиента',
  },
  description:
    'Incoming client requests are answered within 24 hours (one business day), urgent ones within 4 business ' +
    'hours. Any conflict is reported to the manager at once.',
  calendarId: 'pl',
  parameters: [
    assistantParameter,
    { name: 'client', type: 'text', label: 'Client', required: true },
    { name: 'request', type: 'text', label: 'Request', required: true },
    { name: 'urgent', type: 'boolean', label: 'Urgent', default: false },
  ],
  escalation: hoursLadder(4, 4),
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'triage',
      type: 'decision',
      position: at(1),
      data: {
        branches: [{ outcome: 'urgent', condition: { '==': [{ var: 'urgent' }, true] } }],
        defaultOutcome: 'normal',
      },
    },
    {
      id: 'answer-urgent',
      type: 'task',
      position: at(2, -1),
      data: {
        title: 'Answer the urgent client request',
        assignee: { kind: 'parameter', name: 'assistant' },
        due: 'start + 4bh',
        escalation: hoursLadder(1, 1),
        priority: { urgent: true, important: true },
        form: [
          { name: 'response', label: 'Response sent', type: 'text', required: true },
          { name: 'conflict', label: 'There is a conflict', type: 'boolean' },
        ],
      },
    },
    {
      id: 'answer',
      type: 'task',
      position: at(2, 1),
      data: {
        title: 'Answer the client request',
        assignee: { kind: 'parameter', name: 'assistant' },
        due: 'start + 1bd',
        priority: { urgent: false, important: true },
        form: [
          { name: 'response', label: 'Response sent', type: 'text', required: true },
          { name: 'conflict', label: 'There is a conflict', type: 'boolean' },
        ],
      },
    },
    { id: 'answered', type: 'join', position: at(3), data: { mode: 'any' } },
    {
      id: 'has-conflict',
      type: 'decision',
      position: at(4),
      data: {
        branches: [{ outcome: 'conflict', condition: { '==': [{ var: 'conflict' }, true] } }],
        defaultOutcome: 'ok',
      },
    },
    {
      id: 'report-conflict',
      type: 'notify',
      position: at(5, -1),
      data: {
        recipient: { kind: 'starter' },
        subject: 'Conflict with {{client}}',
        message: 'The request "{{request}}" of {{client}} ran into a conflict: {{response}}',
      },
    },
    { id: 'end', type: 'end', position: at(6), data: {} },
  ],
  edges: [
    edge('start', 'triage'),
    edge('triage', 'answer-urgent', 'urgent'),
    edge('triage', 'answer', 'normal'),
    edge('answer-urgent', 'answered'),
    edge('answer', 'answered'),
    edge('answered', 'has-conflict'),
    edge('has-conflict', 'report-conflict', 'conflict'),
    edge('has-conflict', 'end', 'ok'),
    edge('report-conflict', 'end'),
  ],
};

/** Information the manager asked for, delivered within one business day and checked by the manager. */
export const informationRequest: TemplateInput = {
  schemaVersion: 1,
  id: 'information-request',
  name: 'Information request',
  title: {
    en: 'Deliver requested information',
    pl: 'Dostarczenie informacji',
    cs: 'Dodání vyžádaných informací',
    ru: 'Предоставление запрошенной информации',
  },
  description: 'Information requested by the manager is delivered within 1 business day.',
  calendarId: 'pl',
  parameters: [assistantParameter, { name: 'question', type: 'text', label: 'What the manager needs', required: true }],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'deliver',
      type: 'task',
      position: at(1),
      data: {
        title: 'Find and deliver the information',
        assignee: { kind: 'parameter', name: 'assistant' },
        reviewer: { kind: 'starter' },
        maxRounds: 3,
        due: 'start + 1bd',
        escalation: hoursLadder(2, 4),
        priority: { urgent: true, important: true },
        form: [{ name: 'answer', label: 'Answer', type: 'text', required: true }],
      },
    },
    { id: 'end', type: 'end', position: at(2), data: {} },
  ],
  edges: path('start', 'deliver', 'end'),
};

/** A signed contract archived within 3 business days of signing. */
export const archiveSignedContract: TemplateInput = {
  schemaVersion: 1,
  id: 'archive-signed-contract',
  name: 'Archive a signed contract',
  title: {
    en: 'Archive a signed contract',
    pl: 'Archiwizacja podpisanej umowy',
    cs: 'Archivace podepsané smlouvy',
    ru: 'Архивирование подписанного договора',
  },
  description: 'Signed contracts and documents are archived within 3 business days of signing or receipt.',
  calendarId: 'pl',
  parameters: [
    assistantParameter,
    { name: 'contract', type: 'text', label: 'Contract', required: true },
    { name: 'signedOn', type: 'date', label: 'Signed or received on', required: true },
  ],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'archive',
      type: 'task',
      position: at(1),
      data: {
        title: 'Archive the signed contract',
        instructions: 'Scan it, file the original and register it. Never put bank details in the result.',
        assignee: { kind: 'parameter', name: 'assistant' },
        due: 'signedOn + 3bd @17:00',
        checklist: [
          { id: 'scan', text: 'Scanned', required: true },
          { id: 'file', text: 'Original filed in the archive', required: true },
          { id: 'register', text: 'Registered in the contract register', required: true },
        ],
        form: [
          {
            name: 'signedContract',
            label: 'Signed contract (scan)',
            type: 'file',
            required: true,
            maxFiles: 5,
            maxMegabytes: 25,
            accept: ['application/pdf', 'image/*'],
          },
        ],
      },
    },
    { id: 'end', type: 'end', position: at(2), data: {} },
  ],
  edges: path('start', 'archive', 'end'),
};
