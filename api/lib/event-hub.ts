import pg from 'pg';
import type { Logger } from 'pino';

export const USER_EVENTS_CHANNEL = 'baton_user_events';

/**
 * One LISTEN connection per API process, fanned out to the live streams of each person. It opens with the first
 * subscriber and closes with the last, so an API with no stream open holds no extra connection.
 * A notification only says "something new for person X": each stream then reads its rows after the last id it sent.
 */
export class EventHub {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly wakers = new Map<string, Set<() => void>>();
  private closing = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly logger: Logger
  ) {}

  /** True once `close` was called: streams end, and no new one starts. */
  get closed(): boolean {
    return this.closing;
  }

  /** Calls `wake` whenever the person may have new events; returns the unsubscribe function. */
  async subscribe(userId: string, wake: () => void): Promise<() => void> {
    if (this.closing) throw new Error('live events are closed: the server is stopping');
    let set = this.wakers.get(userId);
    if (!set) this.wakers.set(userId, (set = new Set()));
    set.add(wake);
    await this.connect();
    return () => {
      set.delete(wake);
      if (set.size === 0) this.wakers.delete(userId);
      if (this.wakers.size === 0) void this.disconnect();
    };
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client(this.config);
      client.on('notification', (message) => {
        for (const wake of this.wakers.get(message.payload ?? '') ?? []) wake();
      });
      client.on('error', (error) => {
        this.logger.warn({ err: error }, 'live events: the LISTEN connection failed; reconnecting');
        if (this.client === client) this.client = undefined;
        void client.end().catch(() => undefined);
        // Every stream re-reads its rows, so nothing written while the connection was down is missed.
        for (const set of this.wakers.values()) for (const wake of set) wake();
        if (this.wakers.size > 0) setTimeout(() => void this.connect().catch(() => undefined), 1000).unref();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${USER_EVENTS_CHANNEL}`);
        this.client = client;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async disconnect(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    if (!client || this.wakers.size > 0) return;
    this.client = undefined;
    await client.end().catch(() => undefined);
  }

  /**
   * Ends every open stream at once (a browser reconnects with Last-Event-ID, to the next server) and the LISTEN
   * connection: an open stream must never hold a shutdown up.
   */
  async close(): Promise<void> {
    this.closing = true;
    const wakers = [...this.wakers.values()].flatMap((set) => [...set]);
    this.wakers.clear();
    for (const wake of wakers) wake();
    await this.disconnect();
  }
}
