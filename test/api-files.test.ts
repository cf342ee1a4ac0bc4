import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import type { TemplateInput } from '../workflows/template';
import { archiveSignedContract, clientRequest } from '../workflows/template/library';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// Files on requests, comments and a step's file field, through the HTTP API on the devserver with the real worker.
let bed: ApiTestBed;
let h: Harness;
let manager: TestUser;
let assistant: TestUser;
let client: TestUser;
let otherClient: TestUser;
let requestTemplate: string;
let contractTemplate: string;

const MAX_BYTES = 64 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
);
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');

beforeAll(async () => {
  bed = await startApiTestBed('files', 10, { maxFileBytes: MAX_BYTES });
  h = bed.h;
  manager = await addUser(h.pool, 'manager', 'Maria Manager');
  assistant = await addUser(h.pool, 'assistant', 'Anna Assistant');
  client = await addUser(h.pool, 'observer', 'Karol Client');
  otherClient = await addUser(h.pool, 'observer', 'Olga Client');
  const marked: TemplateInput = {
    ...clientRequest,
    clientsMayStart: true,
    parameters: (clientRequest.parameters ?? []).map((parameter) =>
      parameter.type === 'person' ? { ...parameter, default: assistant.id } : parameter
    ),
  };
  requestTemplate = await publishTemplate(h, manager, 'Client request', marked);
  contractTemplate = await publishTemplate(h, manager, 'Archive a signed contract', archiveSignedContract);
}, 240_000);

afterAll(async () => {
  await bed?.close();
});

const upload = async (user: TestUser, name: string, bytes: Buffer, type: string) => {
  const response = await h.app.request(`/api/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...bearer(user), 'content-type': type },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as { id: string; contentType: string } };
};
const uploaded = async (user: TestUser, name: string, bytes: Buffer, type: string) => {
  const answer = await upload(user, name, bytes, type);
  expect(answer.status, name).toBe(201);
  return answer.body;
};
const download = (user: TestUser, id: string) => h.app.request(`/api/files/${id}`, { headers: bearer(user) });
const post = (user: TestUser, url: string, body: unknown) => h.app.request(url, json('POST', body, bearer(user)));
const storedFiles = async () => {
  const root = path.join(h.files.dir, 'sha256');
  const folders = await readdir(root);
  return (await Promise.all(folders.map((folder) => readdir(path.join(root, folder))))).flat();
};
const openStep = (processId: string) =>
  eventually(async () => {
    const { rows } = await h.pool.query<{ id: string }>(
      "SELECT id::text FROM process_tasks WHERE workflow_id = $1 AND status = 'open'",
      [processId]
    );
    return rows[0]?.id;
  }, 'the open step');

describe('files', () => {
  let requestId: string;
  let pdfId: string;

  it('keeps a client’s request file, shows it to the client and the assistant, not to another client', async () => {
    const pdf = await uploaded(client, 'scan of the invoice.pdf', PDF, 'application/pdf');
    pdfId = pdf.id;
    expect(pdf.contentType).toBe('application/pdf');
    const sent = await post(client, '/api/processes', {
      templateId: requestTemplate,
      params: { client: 'Karol Client', request: 'Please correct this invoice', urgent: false },
      files: [pdf.id],
    });
    expect(sent.status).toBe(201);
    requestId = ((await sent.json()) as { id: string }).id;
    await openStep(requestId);
    const listed = await h.app.request(`/api/processes/${requestId}/files`, { headers: bearer(client) });
    const files = ((await listed.json()) as { files: { name: string; visibility: string; uploadedBy: string }[] })
      .files;
    expect(files).toEqual([
      expect.objectContaining({ name: 'scan of the invoice.pdf', visibility: 'public', uploadedBy: 'Karol Client' }),
    ]);
    const byClient = await download(client, pdf.id);
    expect(byClient.status).toBe(200);
    expect(Buffer.from(await byClient.arrayBuffer())).toEqual(PDF);
    expect(byClient.headers.get('content-type')).toBe('application/pdf');
    expect(byClient.headers.get('content-disposition')).toMatch(/^inline; filename="scan of the invoice.pdf"/);
    expect(byClient.headers.get('x-content-type-options')).toBe('nosniff');
    expect(byClient.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await download(assistant, pdf.id)).status).toBe(200);
    expect((await download(otherClient, pdf.id)).status).toBe(404);
    // Only the uploader attaches an upload; the same file cannot move to another process.
    const reused = await post(otherClient, '/api/processes', {
      templateId: requestTemplate,
      params: { client: 'Olga Client', request: 'Me too', urgent: false },
      files: [pdf.id],
    });
    expect(reused.status).toBe(422);
    expect((await h.pool.query('SELECT 1 FROM processes WHERE owner = $1', [otherClient.id])).rowCount).toBe(0);
  });

  it('never serves a file as something the browser would run', async () => {
    const cases: [string, Buffer, string, string, string][] = [
      ['page.html', HTML, 'text/html', 'text/html', 'attachment'],
      [
        'drawing.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        'image/svg+xml',
        'image/svg+xml',
        'attachment',
      ],
      ['code.js', Buffer.from('alert(1)'), 'text/javascript', 'text/javascript', 'attachment'],
      ['fake.png', HTML, 'image/png', 'application/octet-stream', 'attachment'],
      ['photo.png', PNG, 'image/png', 'image/png', 'inline'],
      ['photo-without-type', PNG, 'application/octet-stream', 'image/png', 'inline'],
    ];
    const served: [string, string, string | null, string | null, boolean][] = [];
    for (const [name, bytes, declared, stored, disposition] of cases) {
      const file = await uploaded(assistant, name, bytes, declared);
      expect(file.contentType, name).toBe(stored);
      const response = await download(assistant, file.id);
      await response.body?.cancel();
      served.push([
        name,
        disposition,
        response.headers.get('content-type'),
        response.headers.get('content-disposition')?.split(';')[0] ?? null,
        (response.headers.get('content-security-policy') ?? '').includes('sandbox') &&
          response.headers.get('x-content-type-options') === 'nosniff',
      ]);
    }
    expect(served).toEqual([
      ['page.html', 'attachment', 'application/octet-stream', 'attachment', true],
      ['drawing.svg', 'attachment', 'application/octet-stream', 'attachment', true],
      ['code.js', 'attachment', 'application/octet-stream', 'attachment', true],
      ['fake.png', 'attachment', 'application/octet-stream', 'attachment', true],
      ['photo.png', 'inline', 'image/png', 'inline', true],
      ['photo-without-type', 'inline', 'image/png', 'inline', true],
    ]);
  });

  it('refuses a file over the limit and keeps nothing of it', async () => {
    const before = await storedFiles();
    const rows = (await h.pool.query('SELECT 1 FROM files')).rowCount;
    const big = Buffer.alloc(MAX_BYTES + 1, 7);
    // Once with its length announced, once streamed without one: both refused, nothing kept.
    expect((await upload(assistant, 'big.bin', big, 'application/octet-stream')).status).toBe(413);
    const streamed = await h.app.request('/api/files?name=big.bin', {
      method: 'POST',
      headers: bearer(assistant),
      body: new ReadableStream({
        start(controller) {
          for (let offset = 0; offset < big.length; offset += 8192)
            controller.enqueue(big.subarray(offset, offset + 8192));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await storedFiles()).toEqual(before);
    expect(await readdir(path.join(h.files.dir, 'tmp'))).toEqual([]);
    expect((await h.pool.query('SELECT 1 FROM files')).rowCount).toBe(rows);
  });

  it('attaches files to comments with their visibility: a client reads the public answer’s file only', async () => {
    const answer = await uploaded(
      assistant,
      'corrected invoice.pdf',
      Buffer.concat([PDF, Buffer.from('v2')]),
      'application/pdf'
    );
    const note = await uploaded(assistant, 'note.txt', Buffer.from('this client always pays late'), 'text/plain');
    const step = await openStep(requestId);
    expect(
      (
        await post(assistant, `/api/processes/${requestId}/comments`, {
          text: 'Here it is',
          visibility: 'public',
          files: [answer.id],
        })
      ).status
    ).toBe(201);
    const internal = await post(assistant, `/api/steps/${step}/actions`, {
      type: 'comment',
      text: 'Careful with this one',
      files: [note.id],
    });
    expect(internal.status).toBe(200);
    const audit = await eventually(async () => {
      const response = await h.app.request(`/api/processes/${requestId}/audit`, { headers: bearer(client) });
      const { items } = (await response.json()) as {
        items: { action: string; detail: { text?: string; files?: { name: string }[] } }[];
      };
      return items.find((entry) => entry.detail.text === 'Here it is');
    }, 'the public comment');
    expect(audit.detail.files?.map((file) => file.name)).toEqual(['corrected invoice.pdf']);
    const staffAudit = await eventually(async () => {
      const response = await h.app.request(`/api/processes/${requestId}/audit`, { headers: bearer(assistant) });
      const { items } = (await response.json()) as { items: { detail: { text?: string; files?: { id: string }[] } }[] };
      return items.find((entry) => entry.detail.text === 'Careful with this one');
    }, 'the internal comment');
    expect(staffAudit.detail.files?.map((file) => file.id)).toEqual([note.id]);
    expect((await download(client, answer.id)).status).toBe(200);
    expect((await download(client, note.id)).status).toBe(404);
    const clientList = await (
      await h.app.request(`/api/processes/${requestId}/files`, { headers: bearer(client) })
    ).text();
    expect(clientList).toContain('corrected invoice.pdf');
    expect(clientList).not.toContain('note.txt');
    // The client's own comment takes its file along, public.
    const photo = await uploaded(client, 'photo.png', PNG, 'image/png');
    expect(
      (await post(client, `/api/processes/${requestId}/comments`, { text: 'And this', files: [photo.id] })).status
    ).toBe(201);
    expect((await download(assistant, photo.id)).status).toBe(200);
    expect(pdfId).toBeDefined();
  });

  it('takes the signed contract as a required file field of the archive step, within its limits', async () => {
    const started = await post(manager, '/api/processes', {
      templateId: contractTemplate,
      params: { assistant: assistant.id, contract: 'Lease 12/2027', signedOn: new Date().toISOString().slice(0, 10) },
    });
    expect(started.status).toBe(201);
    const processId = ((await started.json()) as { id: string }).id;
    const step = await openStep(processId);
    const checklist = ['scan', 'file', 'register'];
    const submit = async (values: Record<string, unknown>) => {
      const response = await post(assistant, `/api/steps/${step}/actions`, { type: 'submit', values, checklist });
      const answer = (await response.json()) as { issues?: { path: string; message: string }[] };
      return response.status === 422
        ? `422 ${answer.issues?.map((issue) => issue.message).join('; ')}`
        : response.status;
    };
    const photo = await uploaded(assistant, 'desk.gif', Buffer.from('GIF89a....'), 'image/gif');
    const text = await uploaded(assistant, 'contract.txt', Buffer.from('not a scan'), 'text/plain');
    const scan = await uploaded(
      assistant,
      'lease-signed.pdf',
      Buffer.concat([PDF, Buffer.from('lease')]),
      'application/pdf'
    );
    const foreign = await uploaded(manager, 'manager.pdf', Buffer.concat([PDF, Buffer.from('m')]), 'application/pdf');
    expect(await submit({})).toBe('422 attach at least one file');
    expect(await submit({ signedContract: [text.id] })).toMatch(
      /^422 the file “contract.txt” is not of an accepted type/
    );
    expect(await submit({ signedContract: [foreign.id] })).toMatch(/^422 no file you uploaded/);
    expect(await submit({ signedContract: 'x' })).toBe('422 expected a list of uploaded file ids');
    expect(await submit({ signedContract: [scan.id, photo.id] })).toBe(200);
    const submitted = await eventually(async () => {
      const { rows } = await h.pool.query<{ detail: { values: Record<string, unknown> } }>(
        "SELECT detail FROM process_audit WHERE workflow_id = $1 AND action = 'submitted'",
        [processId]
      );
      return rows[0];
    }, 'the submission');
    expect(submitted.detail.values.signedContract).toEqual([
      { id: scan.id, name: 'lease-signed.pdf', size: PDF.length + 5, contentType: 'application/pdf' },
      { id: photo.id, name: 'desk.gif', size: 10, contentType: 'image/gif' },
    ]);
    const { rows } = await h.pool.query<{ node_id: string; visibility: string }>(
      'SELECT node_id, visibility FROM files WHERE id = $1',
      [scan.id]
    );
    expect(rows).toEqual([{ node_id: 'archive', visibility: 'internal' }]);
    expect((await download(manager, scan.id)).status).toBe(200);
    expect((await download(client, scan.id)).status).toBe(404);
  });
});
