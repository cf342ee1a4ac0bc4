/** Comments public or internal, the client's view and client requests (English); the other languages mirror it. */
export const clientEn = {
  comments: {
    title: 'Comments',
    internal: 'Internal: only staff see this',
    public: 'Public: the client reads it',
    makePublic: 'Public: the client reads it',
    internalHint: 'Internal: only staff see this. Switch it on for an answer the client should read.',
    clientHint: 'Your comment goes to the people working on your request.',
    placeholder: 'Write a comment',
    send: 'Send comment',
    sent: 'Comment sent',
    none: 'No comments yet.',
    onProcess: 'on the request',
  },
  requests: {
    nav: 'Send a request',
    navStaff: 'Log a request',
    title: 'Send a request',
    titleStaff: 'Log a client’s request',
    form: 'Request form',
    none: 'No request forms are open yet: a manager marks a template “clients may start”.',
    client: 'Client',
    clientHint: 'Whom the request is from',
    receivedAt: 'Received',
    receivedAtHint: 'When the call or letter came in (now if left empty): deadlines run from then.',
    send: 'Send the request',
    sent: 'Your request was sent',
    logged: 'The request was logged',
    link: 'Link to this form',
    copy: 'Copy the link',
    copied: 'Link copied',
    received: 'We received your request on {{date}}. Answers from the office appear in the history below.',
  },
  settings: {
    clientsMayStart: 'Clients may start it (client request form)',
    clientsMayStartHint:
      'Clients send it from “Send a request”, assistants log it for a client. Give person parameters a default.',
  },
  auditText: {
    commentedOnProcess: '{{actor}} commented',
  },
};
