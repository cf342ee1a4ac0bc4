/**
 * English strings for building a template (new template, the palette, validation in a manager's words, people on
 * the canvas, the start form's client). Merged into the app's catalog by i18n.ts; the other languages mirror it.
 */
export const buildEn = {
  build: {
    newTemplate: 'New template',
    newTemplateName: 'New template',
    theTemplate: 'The template',
    thisStep: 'This step',
    arrow: 'The arrow from “{{from}}” to “{{to}}”',
    clockHours: 'clock hours',
    businessHoursNote: 'Clock hours run day and night; business hours and business days count only working time.',
    client: 'Client (sees the process)',
    clientHint: 'An observer who follows this process; leave empty to keep it to yourself.',
    somePerson: 'a person',
    someTeam: 'a team',
    fromParameter: 'the person in “{{name}}”',
    clientNone: 'Nobody outside the team',
    recurrenceNeedsDuty:
      'This rule starts nothing by itself. When you publish, Baton offers to schedule it as a duty (who does it and for whom); you can also create one on the Duties page.',
    openDuties: 'Open Duties',
    canvasHint: 'Click a step in the palette to add it after the selected one; drag it to drop it anywhere.',
    outcomes: { approved: 'approved', rejected: 'rejected', otherwise: 'otherwise' },
    due: {
      start: { at: 'at the start', after: '{{offset}} after the start', before: '{{offset}} before the start' },
      occurrence: {
        at: 'on the occurrence',
        after: '{{offset}} after the occurrence',
        before: '{{offset}} before the occurrence',
      },
      parameter: { at: 'on “{{name}}”', after: '{{offset}} after “{{name}}”', before: '{{offset}} before “{{name}}”' },
      node: {
        at: 'when “{{title}}” is done',
        after: '{{offset}} after “{{title}}” is done',
        before: '{{offset}} before “{{title}}” is done',
      },
      date: { at: 'by {{date}}', after: '{{offset}} after {{date}}', before: '{{offset}} before {{date}}' },
      time: '{{when}}, at {{time}}',
    },
    explain: {
      skipped_one: 'skipping {{count}} non-working day: {{days}}',
      skipped_other: 'skipping {{count}} non-working days: {{days}}',
      moved: 'moved off a non-working day ({{day}})',
      fallsOn: 'falls on a non-working day ({{day}})',
      movedToWork: 'moved from {{from}} ({{why}}) to the next working time',
      why: {
        afterHours: 'outside working hours',
        weekend: 'weekend',
        companyDayOff: 'company day off',
        holiday: 'public holiday',
      },
    },
    units: {
      minutes_one: '{{count}} minute',
      minutes_other: '{{count}} minutes',
      hours_one: '{{count}} clock hour',
      hours_other: '{{count}} clock hours',
      days_one: '{{count}} day',
      days_other: '{{count}} days',
      businessDays_one: '{{count}} business day',
      businessDays_other: '{{count}} business days',
      businessHours_one: '{{count}} business hour',
      businessHours_other: '{{count}} business hours',
      weeks_one: '{{count}} week',
      weeks_other: '{{count}} weeks',
      months_one: '{{count}} month',
      months_other: '{{count}} months',
    },
  },
  translations: {
    open: 'Translations',
    title: 'The template in other languages',
    languages: 'Languages of this template:',
    into: 'Translate into',
    source: '{{language}} (default)',
    fallback: 'Empty: readers see the default text',
    missing: 'Texts still missing: {{count}}',
    empty: 'This template has no texts yet.',
  },
  issue: {
    fallback: {
      message: '{{node}}: something here is not filled in correctly',
      hint: 'Select it and check its settings on the right.',
    },
    fields: {
      assignee: { message: '{{node}}: choose who does this task', hint: 'Pick a person or a team under “Assignee”.' },
      reviewer: {
        message: '{{node}}: choose who reviews the result',
        hint: 'Pick a person or a team under “Reviewer”, or remove the reviewer.',
      },
      approver: { message: '{{node}}: choose who approves', hint: 'Pick a person or a team under “Approver”.' },
      recipient: { message: '{{node}}: choose whom to notify', hint: 'Pick a person or a team under “Recipient”.' },
      title: { message: '{{node}}: give it a title', hint: 'Type a short title that says what is to be done.' },
      due: {
        message: '{{node}}: the due date cannot be read',
        hint: 'Set the due date with the deadline builder, e.g. 3 business days after the start at 17:00.',
      },
      escalation: {
        message: '{{node}}: an escalation rung is incomplete',
        hint: 'Check each rung: when it fires, what it does and whom it goes to.',
      },
      message: { message: '{{node}}: write the message to send', hint: 'Type the text of the notification.' },
      template: {
        message: '{{node}}: choose which template to run',
        hint: 'Pick a published template for the subprocess.',
      },
      parameter: {
        message: '{{node}}: a parameter of the template is incomplete',
        hint: 'Open the template settings and check its parameters.',
      },
    },
    translation: {
      en: {
        message:
          'Texts without an English translation: {{count}} (e.g. “{{example}}”); readers see them in the default language',
        hint: 'Add the English texts in Translations.',
      },
      pl: {
        message:
          'Texts without a Polish translation: {{count}} (e.g. “{{example}}”); readers see them in the default language',
        hint: 'Add the Polish texts in Translations.',
      },
      cs: {
        message:
          'Texts without a Czech translation: {{count}} (e.g. “{{example}}”); readers see them in the default language',
        hint: 'Add the Czech texts in Translations.',
      },
      ru: {
        message:
          'Texts without a Russian translation: {{count}} (e.g. “{{example}}”); readers see them in the default language',
        hint: 'Add the Russian texts in Translations.',
      },
    },
    org: {
      assigneeManager: {
        message:
          '{{node}}: escalation rung {{rung}} cannot reach the manager of {{person}}, who reports to nobody; it will go to the next person up',
        hint: 'Ask an admin to set whom {{person}} reports to, or change the rung.',
      },
      deputy: {
        message:
          '{{node}}: escalation rung {{rung}} cannot hand the step to a deputy, because {{person}} has none; the step will stay where it is',
        hint: 'Ask an admin to set a deputy for {{person}}, or change the rung.',
      },
      delegatorManager: {
        message:
          '{{node}}: escalation rung {{rung}} cannot reach the manager of {{person}}, who reports to nobody; it will go to {{person}} instead',
        hint: 'Ask an admin to set whom {{person}} reports to, or change the rung.',
      },
    },
    codes: {
      'deadline-parse': {
        message: '{{node}}: the due date cannot be read',
        hint: 'Set the due date with the deadline builder, e.g. 3 business days after the start at 17:00.',
      },
      'duplicate-node-id': {
        message: '{{node}}: two steps share one name in the template',
        hint: 'Delete the copy and add the step again from the palette.',
      },
      'duplicate-edge-id': { message: '{{node}}: two arrows are the same', hint: 'Delete one of the arrows.' },
      'duplicate-parameter': {
        message: 'Two parameters of the template have the same name',
        hint: 'Rename one of them in the template settings.',
      },
      'edge-unknown-node': {
        message: '{{node}} points to a step that no longer exists',
        hint: 'Delete the arrow and draw it again.',
      },
      'edge-to-stage': {
        message: '{{node}} points at a stage frame',
        hint: 'Point arrows at a step inside the stage, not at the frame.',
      },
      'self-loop': { message: '{{node}} leads back to itself', hint: 'Point the arrow at another step.' },
      'no-start': {
        message: 'The template has no Start',
        hint: 'Add a Start from the palette and connect it to the first step.',
      },
      'multiple-starts': { message: '{{node}}: the template may have only one Start', hint: 'Delete the extra Start.' },
      'start-has-incoming': {
        message: '{{node}}: nothing can lead into the Start',
        hint: 'Delete the arrow that points at the Start.',
      },
      'unreachable-node': {
        message: '{{node}} can never be reached',
        hint: 'Draw an arrow into it from an earlier step, or delete it.',
      },
      'dead-end': { message: '{{node}} leads nowhere', hint: 'Drag from its right handle to the next step or to End.' },
      'no-end': {
        message: 'The template has no End',
        hint: 'Add an End from the palette and connect the last step to it.',
      },
      'end-has-outgoing': {
        message: '{{node}}: nothing can follow an End',
        hint: 'Delete the arrow that leaves the End.',
      },
      'too-many-outgoing': {
        message: '{{node}} has more than one way on',
        hint: 'Keep one arrow; use a Decision or a Parallel split to branch.',
      },
      'too-few-outgoing': {
        message: '{{node}} needs an arrow for each outcome',
        hint: 'Draw the missing arrows from its right handle.',
      },
      'unexpected-outcome': {
        message: '{{node}} has an arrow for an outcome it does not have',
        hint: 'Select the arrow and choose one of the step’s outcomes.',
      },
      'missing-outcome': {
        message: '{{node}}: say which outcome the arrow stands for',
        hint: 'Select the arrow and choose its outcome.',
      },
      'duplicate-outcome': {
        message: '{{node}} has two arrows for the same outcome',
        hint: 'Give each arrow its own outcome, or delete one.',
      },
      'approval-outcome-missing': {
        message: '{{node}}: say what happens when it is approved and when it is rejected',
        hint: 'Draw one arrow for “approved” and one for “rejected”.',
      },
      'decision-no-default': {
        message: '{{node}}: say where to go when no rule holds',
        hint: 'Set the default outcome and draw its arrow.',
      },
      'join-inputs': {
        message: '{{node}} waits for more branches than lead into it',
        hint: 'Draw more arrows into it, or wait for fewer branches.',
      },
      'condition-invalid': {
        message: '{{node}}: a rule cannot be read',
        hint: 'Rewrite the rule with the rule editor.',
      },
      'condition-unknown-variable': {
        message: '{{node}}: a rule uses a value the process does not have',
        hint: 'Choose a parameter or a form field in the rule.',
      },
      'unknown-variable': {
        message: '{{node}} uses a value the process does not have',
        hint: 'Choose a parameter or a form field that exists.',
      },
      'deadline-unknown-parameter': {
        message: '{{node}}: the due date counts from a date the template does not have',
        hint: 'Add the date parameter, or count from the start.',
      },
      'deadline-parameter-not-date': {
        message: '{{node}}: the due date counts from something that is not a date',
        hint: 'Count from a date parameter or from the start.',
      },
      'deadline-unknown-node': {
        message: '{{node}}: the due date counts from a step that does not exist',
        hint: 'Count from the start or from an earlier step.',
      },
      'deadline-self-anchor': {
        message: '{{node}}: the due date counts from the step itself',
        hint: 'Count from the start or from an earlier step.',
      },
      'deadline-anchor-not-upstream': {
        message: '{{node}}: the due date counts from a step that may not have happened yet',
        hint: 'Count from the start or from a step that always comes before.',
      },
      'deadline-occurrence-without-recurrence': {
        message: '{{node}}: the due date counts from the occurrence, but the process does not repeat',
        hint: 'Count from the start, or make the Start repeat.',
      },
      'recurrence-missing-parameter': {
        message: 'A repeating process needs a default for every required parameter',
        hint: 'Give the parameter a default value in the template settings.',
      },
      'cycle-without-exit': {
        message: '{{node}} is in a loop with no way out',
        hint: 'Add an arrow from the loop to a later step or to End.',
      },
      'cycle-unbounded': { message: '{{node}} can repeat without limit', hint: 'Set the maximum number of rounds.' },
      'assignee-unknown-person': {
        message: '{{node}}: the chosen person is no longer in the directory',
        hint: 'Choose someone else.',
      },
      'assignee-unknown-team': { message: '{{node}}: the chosen team no longer exists', hint: 'Choose another team.' },
      'assignee-unknown-parameter': {
        message: '{{node}}: the person it goes to is taken from a parameter that does not exist',
        hint: 'Choose a person parameter that exists, or a person.',
      },
      'assignee-parameter-not-person': {
        message: '{{node}}: the person it goes to is taken from a parameter that is not a person',
        hint: 'Choose a person parameter, or a person.',
      },
      'max-rounds-without-reviewer': {
        message: '{{node}} allows several rounds but nobody reviews it',
        hint: 'Choose a reviewer, or leave one round.',
      },
      'subprocess-unknown-template': {
        message: '{{node}}: the template it runs is not published',
        hint: 'Publish that template first, or choose another.',
      },
      'subprocess-unknown-version': {
        message: '{{node}}: the version it runs does not exist',
        hint: 'Choose a published version.',
      },
      'subprocess-unknown-input': {
        message: '{{node}} passes a value the other template does not take',
        hint: 'Remove that value from the mapping.',
      },
      'subprocess-missing-input': {
        message: '{{node}} does not pass a value the other template requires',
        hint: 'Add the required value to the mapping.',
      },
      'parent-unknown': {
        message: '{{node}} sits in a stage that no longer exists',
        hint: 'Drag it out and into a stage again.',
      },
      'parent-not-stage': {
        message: '{{node}} sits inside something that is not a stage',
        hint: 'Drag it out onto the canvas.',
      },
      'parent-cycle': { message: '{{node}}: stages sit inside each other in a circle', hint: 'Drag the stages apart.' },
      'variable-shadows-parameter': {
        message: '{{node}}: a form field overwrites a parameter of the same name',
        hint: 'Rename the form field.',
      },
      'escalation-without-due': {
        message: '{{node}} has an escalation ladder but no due date, so it never fires',
        hint: 'Set a due date, or remove the ladder.',
      },
    },
  },
};
