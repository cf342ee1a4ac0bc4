import type pg from 'pg';
import type { Role } from '../lib/app-env';
import { randomSecret } from '../lib/crypto';
import { hashPassword } from './passwords';

export interface SeededAccount {
  email: string;
  role: Role;
  /** Present only when this call created the account: it is printed once and never stored in clear. */
  password: string;
}

/**
 * At the very first start (no users at all) creates the admin; returns undefined when users already exist.
 * The advisory lock keeps two API processes starting together from creating two admins.
 */
export async function ensureFirstAdmin(pool: pg.Pool, password?: string): Promise<SeededAccount | undefined> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baton:first-admin'))");
    const { rows } = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS exists');
    if (rows[0]?.exists) {
      await client.query('COMMIT');
      return undefined;
    }
    const account: SeededAccount = {
      email: 'admin@baton.local',
      role: 'admin',
      password: password ?? randomSecret(12),
    };
    await client.query('INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)', [
      account.email,
      'Administrator',
      account.role,
      await hashPassword(account.password),
    ]);
    await client.query('COMMIT');
    return account;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const DEMO_PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: 'manager@demo.baton.local', name: 'Maria Manager', role: 'manager' },
  { email: 'anna@demo.baton.local', name: 'Anna Assistant', role: 'assistant' },
  { email: 'adam@demo.baton.local', name: 'Adam Assistant', role: 'assistant' },
  { email: 'olga@demo.baton.local', name: 'Olga Observer', role: 'observer' },
];

/**
 * A demo organisation (one team: a manager, two assistants reporting to her and deputising for each other, an
 * observer). Accounts that already exist are left alone and not returned, so their passwords are printed only once.
 */
export async function seedDemo(pool: pg.Pool): Promise<SeededAccount[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baton:demo-seed'))");
    const team = await client.query<{ id: string }>(
      `INSERT INTO teams (name) VALUES ('Demo office') ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`
    );
    const teamId = team.rows[0]!.id;
    const created: SeededAccount[] = [];
    const ids = new Map<string, string>();
    for (const person of DEMO_PEOPLE) {
      const password = randomSecret(9);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (email, name, role, password_hash, team_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
        [person.email, person.name, person.role, await hashPassword(password), teamId]
      );
      if (rows[0]) {
        ids.set(person.email, rows[0].id);
        created.push({ email: person.email, role: person.role, password });
      }
    }
    const manager = ids.get('manager@demo.baton.local');
    const anna = ids.get('anna@demo.baton.local');
    const adam = ids.get('adam@demo.baton.local');
    if (manager && anna && adam) {
      await client.query('UPDATE users SET reports_to = $1 WHERE id = ANY($2::uuid[])', [manager, [anna, adam]]);
      await client.query('UPDATE users SET deputy_id = $2 WHERE id = $1', [anna, adam]);
      await client.query('UPDATE users SET deputy_id = $2 WHERE id = $1', [adam, anna]);
    }
    await client.query('COMMIT');
    return created;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Shows the first admin's credentials once on the console itself (standard output), not through the logger: logs
 * may be shipped elsewhere and must never hold a password. In JSON log mode the line is one JSON object too, so
 * stdout stays machine-readable.
 */
export function announceFirstAdmin(
  admin: SeededAccount,
  options: { passwordFromEnv: boolean; json: boolean },
  write: (text: string) => void = (text) => process.stdout.write(text)
): void {
  const shown = `Baton admin: ${admin.email}  password: ${options.passwordFromEnv ? '(BATON_ADMIN_PASSWORD)' : admin.password}  (shown once)`;
  write(options.json ? `${JSON.stringify({ level: 40, msg: shown })}\n` : `\n  ${shown}\n\n`);
}
