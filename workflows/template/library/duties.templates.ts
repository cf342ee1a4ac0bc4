import type { TemplateEdge, TemplateInput, TemplateNodeInput } from '../template.schema';
import { at, dutyLadder, edge, path } from './build';

// Recurring office-manager duties. A duty (workflows/duty) starts one occurrence per date and passes the person
// doing it as the `assignee` parameter and the client as the starter, who hears only of problems and reports.
const assigneeParameter: NonNullable<TemplateInput['parameters']>[number] = {
  name: 'assignee',
  type: 'person',
  label: 'Office manager',
};

/**
 * The tail every duty shares: after the step, the client hears of it only when the assistant raises a problem
 * beyond her authority. Nodes sit in columns 2 to 4; returns the nodes and the edges from `stepId` on.
 */
function clientOnlyOnProblems(stepId: string, subject: string): { nodes: TemplateNodeInput[]; edges: TemplateEdge[] } {
  return {
    nodes: [
      {
        id: 'problem-raised',
        type: 'decision',
        position: at(2),
        data: {
          branches: [{ outcome: 'problem', condition: { '==': [{ var: 'needsClient' }, true] } }],
          defaultOutcome: 'fine',
        },
      },
      {
        id: 'tell-client',
        type: 'notify',
        position: at(3, -1),
        data: { recipient: { kind: 'starter' }, subject, message: '{{problem}}' },
      },
      { id: 'end', type: 'end', position: at(4), data: {} },
    ],
    edges: [
      ...path(stepId, 'problem-raised'),
      edge('problem-raised', 'tell-client', 'problem'),
      edge('problem-raised', 'end', 'fine'),
      edge('tell-client', 'end'),
    ],
  };
}

type FormFieldInput = NonNullable<Extract<TemplateNodeInput, { type: 'task' }>['data']['form']>[number];
const problemFields: FormFieldInput[] = [
  { name: 'needsClient', label: 'A problem is beyond my authority', type: 'boolean' },
  { name: 'problem', label: 'What the client must decide', type: 'text' },
];

const crmTail = clientOnlyOnProblems('update', 'The CRM update needs your decision');

/** Every business day by 17:00: the day's contacts, deals and meeting results in the CRM. */
export const dailyCrmUpdate: TemplateInput = {
  schemaVersion: 1,
  id: 'daily-crm-update',
  name: 'Daily CRM update',
  title: { en: 'Update the CRM', pl: 'Aktualizacja CRM', cs: 'Aktualizace CRM', ru: 'Обновление CRM' },
  description: "Every business day by 17:00 the CRM holds the day's contacts, deals and meeting results.",
  calendarId: 'pl',
  parameters: [assigneeParameter],
  escalation: dutyLadder,
  nodes: [
    {
      id: 'start',
      type: 'start',
      position: at(0),
      data: { trigger: { kind: 'recurrence', rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', timeOfDay: '08:00' } },
    },
    {
      id: 'update',
      type: 'task',
      position: at(1),
      data: {
        title: "Update the CRM with today's contacts, deals and meeting results",
        assignee: { kind: 'parameter', name: 'assignee' },
        due: 'occurrence @17:00',
        priority: { urgent: true, important: true },
        form: [{ name: 'contactsLogged', label: 'Contacts logged', type: 'number', required: true }, ...problemFields],
      },
    },
    ...crmTail.nodes,
  ],
  edges: [...path('start', 'update'), ...crmTail.edges],
};

const accessTail = clientOnlyOnProblems('verify', 'Course access needs your decision');

/** On the first business day of each month: participants' course access checked against received payments. */
export const monthlyAccessVerification: TemplateInput = {
  schemaVersion: 1,
  id: 'monthly-access-verification',
  name: 'Monthly verification of course access',
  title: {
    en: "Verify course participants' access",
    pl: 'Weryfikacja dostępu uczestników kursu',
    cs: 'Ověření přístupu účastníků kurzu',
    ru: 'Проверка доступа участников курса',
  },
  description:
    "Each month the office manager checks every course participant's access against the payments received and " +
    'involves the client only for cases beyond her authority.',
  calendarId: 'pl',
  parameters: [assigneeParameter],
  escalation: dutyLadder,
  nodes: [
    {
      id: 'start',
      type: 'start',
      position: at(0),
      data: {
        trigger: {
          kind: 'recurrence',
          rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
          timeOfDay: '09:00',
          nonBusinessDay: 'nextBusinessDay',
        },
      },
    },
    {
      id: 'verify',
      type: 'task',
      position: at(1),
      data: {
        title: "Verify participants' access against received payments",
        instructions: 'Compare the course platform with the bank statement; revoke access of unpaid participants.',
        assignee: { kind: 'parameter', name: 'assignee' },
        due: 'occurrence + 2bd @17:00',
        form: [
          { name: 'participantsChecked', label: 'Participants checked', type: 'number', required: true },
          { name: 'accessRevoked', label: 'Access revoked', type: 'number', required: true },
          ...problemFields,
        ],
      },
    },
    ...accessTail.nodes,
  ],
  edges: [...path('start', 'verify'), ...accessTail.edges],
};

const invoicesTail = clientOnlyOnProblems('deliver', 'Invoices for the accountant need your decision');

/** Each quarter, on the 5th (or the business day before): the quarter's invoices delivered to the accountant. */
export const quarterlyInvoices: TemplateInput = {
  schemaVersion: 1,
  id: 'quarterly-invoices',
  name: 'Quarterly invoices to the accountant',
  title: {
    en: 'Deliver invoices to the accountant',
    pl: 'Przekazanie faktur księgowej',
    cs: 'Předání faktur účetní',
    ru: 'Передача счетов бухгалтеру',
  },
  description: "Every quarter the office manager collects the quarter's invoices and delivers them to the accountant.",
  calendarId: 'pl',
  parameters: [assigneeParameter],
  escalation: dutyLadder,
  nodes: [
    {
      id: 'start',
      type: 'start',
      position: at(0),
      data: {
        trigger: {
          kind: 'recurrence',
          rrule: 'FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5',
          timeOfDay: '09:00',
          nonBusinessDay: 'previousBusinessDay',
        },
      },
    },
    {
      id: 'deliver',
      type: 'task',
      position: at(1),
      data: {
        title: "Collect the quarter's invoices and deliver them to the accountant",
        assignee: { kind: 'parameter', name: 'assignee' },
        due: 'occurrence @17:00',
        checklist: [
          { id: 'sales', text: 'Sales invoices', required: true },
          { id: 'costs', text: 'Cost invoices', required: true },
          { id: 'bank', text: 'Bank statements', required: true },
        ],
        form: [...problemFields],
      },
    },
    ...invoicesTail.nodes,
  ],
  edges: [...path('start', 'deliver'), ...invoicesTail.edges],
};

/** Started on 1 March: the annual tax settlement prepared, approved by the client and filed before 30 April. */
export const annualTaxSettlement: TemplateInput = {
  schemaVersion: 1,
  id: 'annual-tax-settlement',
  name: 'Annual tax settlement',
  title: {
    en: 'File the annual tax settlement',
    pl: 'Roczne rozliczenie podatkowe',
    cs: 'Roční daňové přiznání',
    ru: 'Годовая налоговая декларация',
  },
  description:
    'Every year the documents are gathered from 1 March, the client approves the draft and the settlement is filed ' +
    'before the legal deadline of 30 April.',
  calendarId: 'pl',
  parameters: [assigneeParameter],
  escalation: dutyLadder,
  nodes: [
    {
      id: 'start',
      type: 'start',
      position: at(0),
      data: {
        trigger: {
          kind: 'recurrence',
          rrule: 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1',
          timeOfDay: '09:00',
          nonBusinessDay: 'nextBusinessDay',
        },
      },
    },
    {
      id: 'gather',
      type: 'task',
      position: at(1),
      data: {
        title: 'Gather the documents and prepare the settlement draft',
        assignee: { kind: 'parameter', name: 'assignee' },
        maxRounds: 3,
        due: 'occurrence + 4w @17:00',
      },
    },
    {
      id: 'approve',
      type: 'approval',
      position: at(2),
      data: { title: 'Approve the tax settlement draft', approver: { kind: 'starter' }, due: 'occurrence + 6w' },
    },
    {
      id: 'file',
      type: 'task',
      position: at(3),
      data: {
        title: 'File the settlement and keep the confirmation',
        assignee: { kind: 'parameter', name: 'assignee' },
        due: 'occurrence + 8w @17:00',
        priority: { urgent: true, important: true },
        form: [{ name: 'confirmation', label: 'Filing confirmation number', type: 'text', required: true }],
      },
    },
    { id: 'end', type: 'end', position: at(4), data: {} },
  ],
  edges: [
    ...path('start', 'gather', 'approve'),
    edge('approve', 'file', 'approved'),
    edge('approve', 'gather', 'rejected'),
    edge('file', 'end'),
  ],
};
