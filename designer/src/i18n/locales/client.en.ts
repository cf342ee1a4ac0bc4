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
  auditText: {
    commentedOnProcess: '{{actor}} commented',
  },
};
