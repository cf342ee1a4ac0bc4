import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { blankTemplate } from '../canvas/blank-template';
import { createAutosave, type AutosaveState } from './autosave';
import type { DraftClient, DraftSnapshot, SaveOutcome } from './draft-client';

/** A test double with the server's rule: a save must carry the current tag, or it gets the current draft back. */
function serverDouble(initial?: DraftSnapshot) {
  let current = initial;
  let version = 0;
  const saves: (string | undefined)[] = [];
  const client: DraftClient = {
    load: () => Promise.resolve(current),
    save: (_id, template, ifMatch): Promise<SaveOutcome> => {
      saves.push(ifMatch);
      if (current && ifMatch !== current.etag) return Promise.resolve({ kind: 'conflict', current });
      current = { template, etag: `v${++version}` };
      return Promise.resolve({ kind: 'saved', etag: current.etag });
    },
  };
  return {
    client,
    saves,
    current: () => current,
    saveAsSomeoneElse(template: TemplateInput) {
      current = { template, etag: `v${++version}`, savedBy: 'piotr.nowak' };
    },
  };
}

const named = (name: string): TemplateInput => ({ ...blankTemplate(), name });

describe('draft autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after a burst of edits, carrying the tag of the last save', async () => {
    const server = serverDouble();
    const states: AutosaveState['kind'][] = [];
    const autosave = createAutosave({
      client: server.client,
      templateId: 't',
      etag: undefined,
      delayMs: 500,
      onState: (s) => states.push(s.kind),
    });
    autosave.changed(named('a'));
    autosave.changed(named('ab'));
    await vi.advanceTimersByTimeAsync(600);
    expect(server.current()?.template.name).toBe('ab');
    autosave.changed(named('abc'));
    await vi.advanceTimersByTimeAsync(600);
    expect(server.saves).toEqual([undefined, 'v1']);
    expect(server.current()).toMatchObject({ etag: 'v2', template: { name: 'abc' } });
    expect(states.at(-1)).toBe('saved');
  });

  it('stops on a conflict and never overwrites the other manager silently', async () => {
    const server = serverDouble({ template: named('base'), etag: 'v0' });
    let state = { kind: 'idle' } as AutosaveState;
    const autosave = createAutosave({
      client: server.client,
      templateId: 't',
      etag: 'v0',
      delayMs: 100,
      onState: (s) => (state = s),
    });
    server.saveAsSomeoneElse(named('theirs'));
    autosave.changed(named('mine'));
    await vi.advanceTimersByTimeAsync(200);
    expect(state.kind).toBe('conflict');
    expect(state.kind === 'conflict' && state.theirs.template.name).toBe('theirs');
    // Further edits are not sent while the conflict is open.
    autosave.changed(named('mine 2'));
    await vi.advanceTimersByTimeAsync(200);
    expect(server.current()?.template.name).toBe('theirs');

    // Knowingly overwriting sends the latest edit against their tag.
    await autosave.overwriteTheirs();
    expect(server.current()?.template.name).toBe('mine 2');
    expect(state.kind).toBe('saved');
  });

  it('can take the other draft instead', async () => {
    const server = serverDouble({ template: named('base'), etag: 'v0' });
    const autosave = createAutosave({
      client: server.client,
      templateId: 't',
      etag: 'v0',
      delayMs: 100,
      onState: () => {},
    });
    server.saveAsSomeoneElse(named('theirs'));
    autosave.changed(named('mine'));
    await vi.advanceTimersByTimeAsync(200);
    expect(autosave.takeTheirs()?.name).toBe('theirs');
    autosave.changed(named('on top of theirs'));
    await vi.advanceTimersByTimeAsync(200);
    expect(server.current()?.template.name).toBe('on top of theirs');
  });

  it('says an edit is pending until it is saved, and flush saves it at once (leaving the page loses nothing)', async () => {
    const server = serverDouble({ template: named('base'), etag: 'v0' });
    const autosave = createAutosave({
      client: server.client,
      templateId: 't',
      etag: 'v0',
      delayMs: 10_000,
      onState: () => {},
    });
    expect(autosave.hasPending()).toBe(false);
    autosave.changed(named('drawn just now'));
    expect(autosave.hasPending()).toBe(true);
    await autosave.flush();
    expect(server.current()?.template.name).toBe('drawn just now');
    expect(autosave.hasPending()).toBe(false);
  });
});
