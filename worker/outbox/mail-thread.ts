import type { Pool } from 'pg';

/**
 * Records an email about a process under its Message-ID (before it is sent, so a reply can never arrive first), and
 * the headers that thread it under the client's request mail when the process started from one. The mail intake then
 * takes the client's reply to this email as a comment on the process; the client's own emails say to reply to the
 * intake's address (`replyTo`). Nothing for mail that is not about a process (reports).
 */
export async function threadOfProcess(
  pool: Pool,
  delivery: { workflow_id: string; recipient: string; target: string },
  messageId: string,
  replyTo: string | undefined
): Promise<{ inReplyTo?: string; references?: string[]; replyTo?: string }> {
  const { rows: process } = await pool.query<{ owner: string | null }>(
    'SELECT owner FROM processes WHERE workflow_id = $1',
    [delivery.workflow_id]
  );
  if (!process[0]) return {};
  await pool.query(
    `INSERT INTO mail_sent (message_id, workflow_id, recipient) VALUES ($1, $2, $3) ON CONFLICT (message_id) DO NOTHING`,
    [messageId, delivery.workflow_id, delivery.target]
  );
  const toClient = replyTo !== undefined && process[0].owner === delivery.recipient;
  const { rows } = await pool.query<{ message_id: string }>(
    "SELECT message_id FROM mail_intake WHERE workflow_id = $1 AND kind = 'request' ORDER BY received_at LIMIT 1",
    [delivery.workflow_id]
  );
  const request = rows[0]?.message_id;
  return {
    ...(request !== undefined && { inReplyTo: `<${request}>`, references: [`<${request}>`] }),
    ...(toClient && { replyTo }),
  };
}
