/** What the pattern activities did, per key (an expense or trip id), for tests to read back in-process. */
export const journal = new Map<string, string[]>();

export function record(key: string, entry: string): void {
  journal.set(key, [...(journal.get(key) ?? []), entry]);
}
