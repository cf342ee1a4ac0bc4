import type { TemplateInput, TemplateNodeInput } from '../template.schema';
import { at, businessDayLadder, edge, path } from './build';

// Events and business trips planned backwards from their date in the seven stages of DOMAIN.md, in business days
// so no stage falls due on a day off; every deadline hangs off a date parameter, so moving the date (the
// changeParameter update) moves them all. Documents run in parallel with the bookings, and nothing is booked before
// the manager approves the cost estimate.

type Step = { id: string; title: string; due: string } & Partial<
  Pick<Extract<TemplateNodeInput, { type: 'task' }>['data'], 'checklist' | 'form' | 'instructions' | 'maxRounds'>
>;

/**
 * A stage group (node id `stage-<id>`) and its steps, in a column of the canvas; steps are placed inside the group.
 * With a `start`, the stage's steps open no earlier than that (a plan started months ahead waits for it).
 */
function stage(
  column: number,
  id: string,
  title: string,
  due: string,
  steps: Step[],
  start?: string,
  row = -1
): TemplateNodeInput[] {
  return [
    {
      id: `stage-${id}`,
      type: 'stage',
      position: at(column * 1.2, row),
      width: 260,
      height: 80 + steps.length * 110,
      data: { title, due, ...(start !== undefined ? { start } : {}) },
    },
    ...steps.map(({ id: stepId, title: stepTitle, due: stepDue, ...rest }, index): TemplateNodeInput => ({
      id: stepId,
      type: 'task',
      parentId: `stage-${id}`,
      position: { x: 20, y: 50 + index * 110 },
      data: { title: stepTitle, assignee: { kind: 'parameter', name: 'organizer' }, due: stepDue, ...rest },
    })),
  ];
}

/** The finance stage: a cost estimate the manager approves (returned for rework at most 3 times), expenses logged. */
function financeApproval(due: string): TemplateNodeInput {
  return {
    id: 'approve-estimate',
    type: 'approval',
    parentId: 'stage-finance',
    position: { x: 20, y: 160 },
    data: { title: 'Approve the cost estimate', approver: { kind: 'starter' }, due },
  };
}

export const eventOrganization: TemplateInput = {
  schemaVersion: 1,
  id: 'event-organization',
  name: 'Event organization in 7 stages',
  title: {
    en: 'Organize an event',
    pl: 'Organizacja wydarzenia',
    cs: 'Organizace akce',
    ru: 'Организация мероприятия',
  },
  description:
    'Planned backwards from the event date in business days: planning 4 to 2 weeks before, then documents in ' +
    'parallel with a cost estimate the manager approves before tickets, hotels and transport are booked, logistics, ' +
    'the venue, and control until the end with an expense log.',
  calendarId: 'pl',
  parameters: [
    { name: 'eventName', type: 'text', label: 'Event', required: true },
    { name: 'eventDate', type: 'date', label: 'Event date', required: true },
    { name: 'organizer', type: 'person', label: 'Organizer (assistant)', required: true },
    { name: 'budget', type: 'money', label: 'Budget', currency: 'PLN' },
  ],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(-1), data: {} },
    ...stage(
      0,
      'planning',
      '1. Planning',
      'eventDate - 10bd',
      [
        {
          id: 'plan',
          title: 'Plan date, time, place, budget, participants with contacts, programme and who does what',
          due: 'eventDate - 10bd @17:00',
          form: [{ name: 'participants', label: 'Participants', type: 'number', required: true }],
        },
      ],
      'eventDate - 20bd @09:00'
    ),
    { id: 'split', type: 'parallel', position: at(1, 2.5), data: {} },
    ...stage(1, 'finance', '2. Finance: cost estimate', 'eventDate - 8bd', [
      {
        id: 'estimate',
        title: 'Prepare the cost estimate',
        maxRounds: 3,
        due: 'eventDate - 9bd @17:00',
        form: [{ name: 'estimatedCost', label: 'Estimated cost', type: 'money', required: true }],
      },
    ]),
    financeApproval('eventDate - 8bd @17:00'),
    ...stage(2, 'bookings', '3. Tickets, hotels, transport', 'eventDate - 6bd', [
      {
        id: 'book',
        title: 'Book tickets, hotels and transport early, with corporate discounts',
        due: 'eventDate - 6bd @17:00',
      },
    ]),
    ...stage(
      2,
      'documents',
      '4. Documents',
      'eventDate - 6bd',
      [
        {
          id: 'documents',
          title: 'Visa requests, IDs and certificates, by their lead times',
          due: 'eventDate - 6bd @17:00',
        },
      ],
      undefined,
      2
    ),
    { id: 'booked', type: 'join', position: at(3.2, 2.5), data: { mode: 'all' } },
    ...stage(3, 'logistics', '5. Logistics', 'eventDate - 4bd', [
      { id: 'logistics', title: 'Travel time, transport and connectivity at the venue', due: 'eventDate - 4bd @17:00' },
    ]),
    ...stage(4, 'venue', '6. Venue', 'eventDate - 3bd', [
      {
        id: 'venue',
        title: 'Book the room and equipment',
        due: 'eventDate - 3bd @17:00',
        checklist: [
          { id: 'room', text: 'Room', required: true },
          { id: 'projector', text: 'Projector and screen', required: true },
          { id: 'furniture', text: 'Tables and chairs', required: true },
        ],
      },
    ]),
    ...stage(5, 'control', '7. Control', 'eventDate + 3bd', [
      // The event day itself, even when it is a Saturday.
      {
        id: 'control',
        title: 'Follow the schedule, deadlines and answers until the end',
        due: 'eventDate @18:00 any day',
      },
      {
        id: 'expenses',
        title: 'Log the expenses',
        due: 'eventDate + 3bd @17:00',
        form: [{ name: 'totalExpenses', label: 'Total expenses', type: 'money', required: true }],
      },
    ]),
    { id: 'end', type: 'end', position: at(7.5), data: {} },
  ],
  edges: [
    ...path('start', 'plan', 'split'),
    edge('split', 'documents'),
    edge('split', 'estimate'),
    edge('estimate', 'approve-estimate'),
    edge('approve-estimate', 'book', 'approved'),
    edge('approve-estimate', 'estimate', 'rejected'),
    edge('documents', 'booked'),
    edge('book', 'booked'),
    ...path('booked', 'logistics', 'venue', 'control', 'expenses', 'end'),
  ],
};

export const businessTrip: TemplateInput = {
  schemaVersion: 1,
  id: 'business-trip',
  name: 'Business trip in 7 stages',
  title: {
    en: 'Organize a business trip',
    pl: 'Organizacja podróży służbowej',
    cs: 'Organizace služební cesty',
    ru: 'Организация командировки',
  },
  description:
    'Planned backwards from the departure date in business days: planning, then visas and documents by their lead ' +
    'time in parallel with a cost estimate the manager approves before tickets are booked, logistics, hotel and ' +
    'vouchers, and control until the return with expenses.',
  calendarId: 'pl',
  parameters: [
    { name: 'destination', type: 'text', label: 'Destination', required: true },
    { name: 'departureDate', type: 'date', label: 'Departure', required: true },
    { name: 'returnDate', type: 'date', label: 'Return', required: true },
    { name: 'organizer', type: 'person', label: 'Organizer (assistant)', required: true },
  ],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(-1), data: {} },
    ...stage(
      0,
      'planning',
      '1. Planning',
      'departureDate - 20bd',
      [
        {
          id: 'plan',
          title: 'Plan the purpose, dates, meetings and travellers with their contacts',
          due: 'departureDate - 20bd @17:00',
        },
      ],
      'departureDate - 30bd @09:00'
    ),
    { id: 'split', type: 'parallel', position: at(1, 2.5), data: {} },
    ...stage(
      1,
      'documents',
      '2. Documents',
      'departureDate - 15bd',
      [
        {
          id: 'documents',
          title: 'Request visas and check passports, IDs and certificates',
          due: 'departureDate - 15bd @17:00',
          instructions: 'Visas take up to three weeks: apply first.',
        },
      ],
      undefined,
      2
    ),
    ...stage(1, 'finance', '3. Finance: cost estimate', 'departureDate - 17bd', [
      {
        id: 'estimate',
        title: 'Prepare the cost estimate',
        maxRounds: 3,
        due: 'departureDate - 18bd @17:00',
        form: [{ name: 'estimatedCost', label: 'Estimated cost', type: 'money', required: true }],
      },
    ]),
    financeApproval('departureDate - 17bd @17:00'),
    ...stage(2, 'tickets', '4. Tickets', 'departureDate - 10bd', [
      {
        id: 'book',
        title: 'Book flights and trains early, with corporate discounts',
        due: 'departureDate - 10bd @17:00',
      },
    ]),
    { id: 'booked', type: 'join', position: at(3.2, 2.5), data: { mode: 'all' } },
    ...stage(3, 'logistics', '5. Logistics', 'departureDate - 5bd', [
      {
        id: 'logistics',
        title: 'Transfers, travel times and connectivity at the destination',
        due: 'departureDate - 5bd @17:00',
      },
    ]),
    ...stage(4, 'hotel', '6. Hotel and vouchers', 'departureDate - 2bd', [
      {
        id: 'hotel',
        title: 'Confirm the hotel and send the vouchers to the travellers',
        due: 'departureDate - 2bd @17:00',
      },
    ]),
    ...stage(5, 'control', '7. Control', 'returnDate + 3bd', [
      // The day of the return itself, even when it is a weekend.
      { id: 'control', title: 'Follow the schedule and answers until the return', due: 'returnDate @18:00 any day' },
      {
        id: 'expenses',
        title: 'Log the expenses',
        due: 'returnDate + 3bd @17:00',
        form: [{ name: 'totalExpenses', label: 'Total expenses', type: 'money', required: true }],
      },
    ]),
    { id: 'end', type: 'end', position: at(7.5), data: {} },
  ],
  edges: [
    ...path('start', 'plan', 'split'),
    edge('split', 'documents'),
    edge('split', 'estimate'),
    edge('estimate', 'approve-estimate'),
    edge('approve-estimate', 'book', 'approved'),
    edge('approve-estimate', 'estimate', 'rejected'),
    edge('documents', 'booked'),
    edge('book', 'booked'),
    ...path('booked', 'logistics', 'hotel', 'control', 'expenses', 'end'),
  ],
};

/** Onboarding an assistant: written instructions, a recorded walkthrough per duty, then a supervised first run. */
export const assistantOnboarding: TemplateInput = {
  schemaVersion: 1,
  id: 'assistant-onboarding',
  name: 'Onboarding an assistant',
  title: {
    en: 'Onboard an assistant',
    pl: 'Wdrożenie asystentki',
    cs: 'Zaškolení asistentky',
    ru: 'Введение ассистента в компанию',
  },
  description:
    'Written instructions, a recorded walkthrough or video for each recurring duty, then a first run supervised by ' +
    'the manager.',
  calendarId: 'pl',
  parameters: [
    { name: 'assistant', type: 'person', label: 'New assistant', required: true },
    { name: 'company', type: 'text', label: 'Company', required: true },
    { name: 'startDate', type: 'date', label: 'First day', required: true },
  ],
  escalation: businessDayLadder,
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'instructions',
      type: 'task',
      position: at(1),
      data: {
        title: 'Write the instructions for each recurring duty',
        assignee: { kind: 'starter' },
        due: 'startDate - 2bd @17:00',
        escalation: [],
      },
    },
    {
      id: 'walkthrough',
      type: 'task',
      position: at(2),
      data: {
        title: 'Record a walkthrough or video for each duty',
        assignee: { kind: 'starter' },
        due: 'startDate + 3bd @17:00',
        escalation: [],
      },
    },
    {
      id: 'study',
      type: 'task',
      position: at(3),
      data: {
        title: 'Study the instructions and walkthroughs',
        assignee: { kind: 'parameter', name: 'assistant' },
        due: 'startDate + 5bd @17:00',
        checklist: [{ id: 'questions', text: 'Questions sent to the manager', required: false }],
      },
    },
    {
      id: 'first-run',
      type: 'task',
      position: at(4),
      data: {
        title: 'Run each duty once under supervision',
        assignee: { kind: 'parameter', name: 'assistant' },
        reviewer: { kind: 'starter' },
        maxRounds: 3,
        due: 'startDate + 10bd @17:00',
      },
    },
    { id: 'end', type: 'end', position: at(5), data: {} },
  ],
  edges: path('start', 'instructions', 'walkthrough', 'study', 'first-run', 'end'),
};
