import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../lib/crypto';
import { IN_PROGRESS_LEASE_SECONDS } from '../lib/idempotency.middleware';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// A key left "in progress" is what a request killed with its process (kill -9) leaves behind.

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
});
afterAll(async () => h.close());

const BODY = { name: 'crashed' };
const HASH = sha256(`POST /api/auth/tokens\n${JSON.stringify(BODY)}`);
const leaveInProgress = (key: string, ageSeconds: number) =>
  h.pool.query(
    `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, created_at)
     VALUES ($1, $2, 'POST', '/api/auth/tokens', $3, now() - make_interval(secs => $4))`,
    [admin.id, key, HASH, ageSeconds]
  );
const post = (key: string) =>
  h.app.request('/api/auth/tokens', json('POST', BODY, { ...bearer(admin), 'idempotency-key': key }));
const tokensNamed = async () =>
  (
    await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1 AND name = $2', [
      admin.id,
      BODY.name,
    ])
  ).rows[0]?.n;

describe('Idempotency-Key left in progress by a crash', () => {
  it('answers 409 within the lease, then runs the retry once the lease ran out, and replays that answer', async () => {
    await leaveInProgress('crashed-1', 5);
    expect((await post('crashed-1')).status).toBe(409);
    expect(await tokensNamed()).toBe(0);

    await h.pool.query('UPDATE idempotency_keys SET created_at = now() - make_interval(secs => $2) WHERE key = $1', [
      'crashed-1',
      IN_PROGRESS_LEASE_SECONDS + 1,
    ]);
    const retried = await post('crashed-1');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await tokensNamed()).toBe(1);

    const replayed = await post('crashed-1');
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(await retried.json());
    expect(await tokensNamed()).toBe(1);
  });

  it('keeps a finished answer for replay however old it is within the day', async () => {
    const first = await post('finished-1');
    expect(first.status).toBe(201);
    await h.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'finished-1'");
    const again = await post('finished-1');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await tokensNamed()).toBe(2);
  });
});
