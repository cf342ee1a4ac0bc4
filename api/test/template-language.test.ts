import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInTemplates } from '../../workflows/template/library';
import { ReaderTexts } from '../processes/template-language';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// A process of a built-in template read by a Polish, a Czech and an English person: each sees the template's texts
// in their own language. Rows are written as the worker writes them (no Temporal needed to read them).
let h: Harness;
let polish: TestUser;
let czech: TestUser;
let english: TestUser;
let stepId: string;
let templateId: string;
const PROCESS = 'process-00000000-0000-4000-8000-00000000a001';
const archive = builtInTemplates.find((template) => template.id === 'archive-signed-contract')!;

beforeAll(async () => {
  h = await createHarness();
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  const teamId = team.rows[0]!.id;
  const manager = await addUser(h.pool, 'manager', 'maria', teamId);
  polish = await addUser(h.pool, 'assistant', 'anna', teamId);
  czech = await addUser(h.pool, 'manager', 'jana', teamId);
  english = await addUser(h.pool, 'admin', 'john');
  await h.pool.query("UPDATE users SET language = 'pl' WHERE id = $1", [polish.id]);
  await h.pool.query("UPDATE users SET language = 'cs' WHERE id = $1", [czech.id]);
  const created = await h.app.request(
    '/api/templates',
    json('POST', { name: archive.name, draft: archive }, bearer(manager))
  );
  expect(created.status).toBe(201);
  templateId = ((await created.json()) as { id: string }).id;
  const published = await h.app.request(`/api/templates/${templateId}/publish`, json('POST', {}, bearer(manager)));
  expect(published.status).toBe(201);
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
     VALUES ($1, $2, 1, $3, $4, NULL, $5, 'running')`,
    [PROCESS, templateId, archive.name, manager.id, JSON.stringify({ assistant: polish.id, contract: 'Lease 7/2027' })]
  );
  const step = await h.pool.query<{ id: string }>(
    `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer)
     VALUES ($1, 'archive', 1, 'Archive the signed contract', $2, NULL) RETURNING id`,
    [PROCESS, polish.id]
  );
  stepId = step.rows[0]!.id;
});
afterAll(async () => h.close());

async function read<T>(path: string, user: TestUser): Promise<T> {
  const response = await h.app.request(path, { headers: bearer(user) });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

interface Step {
  title: string;
  processName: string;
  instructions: string;
  checklist: { id: string; text: string }[];
  processParameters: { name: string; label: string }[];
}

describe("a process in the reader's language", () => {
  it('shows the inbox and the step in Polish to a Polish assistant: title, instructions, checklist, labels', async () => {
    const inbox = await read<{ items: { title: string; processName: string }[] }>('/api/inbox', polish);
    expect(inbox.items).toMatchObject([
      { title: 'Zarchiwizuj podpisaną umowę', processName: 'Archiwizacja podpisanej umowy' },
    ]);
    const step = await read<Step>(`/api/steps/${stepId}`, polish);
    expect(step.title).toBe('Zarchiwizuj podpisaną umowę');
    expect(step.processName).toBe('Archiwizacja podpisanej umowy');
    expect(step.instructions).toMatch(/^Zeskanuj ją/);
    expect(step.checklist.map((item) => item.text)).toEqual([
      'Zeskanowana',
      'Oryginał odłożony do archiwum',
      'Wpisana do rejestru umów',
    ]);
    expect(step.processParameters.map((parameter) => parameter.label)).toEqual([
      'Asystent',
      'Umowa',
      'Data podpisania lub otrzymania',
    ]);
  });

  it('shows the process, its steps and its diagram in Czech to a Czech manager, and in English to an English admin', async () => {
    const process = await read<{ templateName: string; steps: { title: string }[] }>(
      `/api/processes/${PROCESS}`,
      czech
    );
    expect(process.templateName).toBe('Archivace podepsané smlouvy');
    expect(process.steps.map((step) => step.title)).toEqual(['Archivujte podepsanou smlouvu']);
    const diagram = await read<{ definition: { name: string; nodes: { id: string; data: { title?: string } }[] } }>(
      `/api/processes/${PROCESS}/diagram`,
      czech
    );
    expect(diagram.definition.name).toBe('Archivace podepsané smlouvy');
    expect(diagram.definition.nodes.find((node) => node.id === 'archive')?.data.title).toBe(
      'Archivujte podepsanou smlouvu'
    );
    const list = await read<{ items: { templateName: string }[] }>('/api/processes', czech);
    expect(list.items.map((item) => item.templateName)).toEqual(['Archivace podepsané smlouvy']);

    const inEnglish = await read<{ templateName: string; steps: { title: string }[] }>(
      `/api/processes/${PROCESS}`,
      english
    );
    expect(inEnglish.templateName).toBe('Archive a signed contract');
    expect(inEnglish.steps.map((step) => step.title)).toEqual(['Archive the signed contract']);
    const team = await read<{ people: { steps: { title: string }[] }[] }>('/api/inbox/team', czech);
    expect(team.people.flatMap((person) => person.steps.map((step) => step.title))).toEqual([
      'Archivujte podepsanou smlouvu',
    ]);
  });

  it("titles a template in the reader's language in the templates list, and keeps a renamed one's own name", async () => {
    const titles = async (user: TestUser) =>
      (await read<{ items: { id: string; name: string; title: string }[] }>('/api/templates', user)).items.find(
        (item) => item.id === templateId
      );
    expect(await titles(czech)).toMatchObject({ name: archive.name, title: 'Archivace podepsané smlouvy' });
    expect(await titles(english)).toMatchObject({ name: archive.name, title: archive.name });
    await h.pool.query("UPDATE templates SET name = 'Contracts of ACME' WHERE id = $1", [templateId]);
    expect(await titles(czech)).toMatchObject({ title: 'Contracts of ACME' });
  });
});

describe("notifications in the reader's language", () => {
  it('renders a keyed notice in Polish for a Polish reader, the step by its Polish title, and keeps an old English one', async () => {
    await h.pool.query(
      `INSERT INTO notifications (user_id, title, body, workflow_id, notice) VALUES
         ($1, 'Risk flagged', 'The supplier does not answer', $2, $3),
         ($1, 'Reminder: a step is due soon', 'Reminder: a step is due soon (archive)', $2, NULL)`,
      [
        polish.id,
        PROCESS,
        JSON.stringify({
          key: 'riskFlagged',
          params: { step: 'Archive the signed contract', text: 'Dostawca nie odpowiada' },
          nodeId: 'archive',
        }),
      ]
    );
    const feed = await read<{ items: { title: string; body: string }[] }>('/api/notifications', polish);
    expect(feed.items.map((item) => [item.title, item.body])).toEqual([
      ['Reminder: a step is due soon', 'Reminder: a step is due soon (archive)'],
      ['Zgłoszono ryzyko: Zarchiwizuj podpisaną umowę', 'Dostawca nie odpowiada'],
    ]);
  });
});

describe('the texts of a published version', () => {
  it('are read from the database once per language, since a published version never changes', async () => {
    let queries = 0;
    const counting = {
      query: (...args: Parameters<typeof h.pool.query>) => {
        queries += 1;
        return h.pool.query(...args);
      },
    } as unknown as typeof h.pool;
    const ref = { templateId, version: 1 };
    const archiveStep = (texts: ReaderTexts) => texts.stepTitle(ref, 'archive', 'Archive the signed contract');

    expect(archiveStep(await ReaderTexts.load(counting, 'pl', [ref]))).toBe('Zarchiwizuj podpisaną umowę');
    expect(queries).toBe(1);
    expect(archiveStep(await ReaderTexts.load(counting, 'pl', [ref, ref]))).toBe('Zarchiwizuj podpisaną umowę');
    expect(queries).toBe(1);
    expect(archiveStep(await ReaderTexts.load(counting, 'cs', [ref]))).toBe('Archivujte podepsanou smlouvu');
    expect(queries).toBe(2);

    // A version not published (yet) is asked for every time: it may be published a moment later.
    const unpublished = { templateId, version: 9 };
    await ReaderTexts.load(counting, 'pl', [unpublished]);
    await ReaderTexts.load(counting, 'pl', [unpublished, ref]);
    expect(queries).toBe(4);
  });
});
