import type { Pool } from 'pg';

/**
 * Records an email about a process under its Message-ID (before it is sent, so a reply can never arrive first), and
 * the headers that thread it under the client's request mail when the process started from one: the mail intake
 * then takes the client's reply to this email as a comment on the process. Nothing for mail that is not about a
 * process (reports).
 */
export async function threadOfProcess(
  pool: Pool,
  workflowId: string,
  messageId: string,
  recipient: string
): Promise<{ inReplyTo?: string; references?: string[] }> {
  await pool.query(
    `INSERT INTO mail_sent (message_id, workflow_id, recipient)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM processes WHERE workflow_id = $2)
     ON CONFLICT (message_id) DO NOTHING`,
    [messageId, workflowId, recipient]
  );
  const { rows } = await pool.query<{ message_id: string }>(
    "SELECT message_id FROM mail_intake WHERE workflow_id = $1 AND kind = 'request' ORDER BY received_at LIMIT 1",
    [workflowId]
  );
  const request = rows[0]?.message_id;
  if (request === undefined) return {};
  return { inReplyTo: `<${request}>`, references: [`<${request}>`] };
}
