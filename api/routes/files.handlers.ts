import { Readable } from 'node:stream';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/app-env';
import { ApiError, megabytesOf, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { loadVisibleProcess } from '../processes/access';
import { readsClientView } from '../processes/client-view';
import { FileTooLargeError, type FileStore } from '../files/file-store';
import { cleanFileName, contentDisposition, showsInline, storedContentType } from '../files/file-types';
import type * as routes from './files.routes';

function requireStore(store: FileStore | undefined): FileStore {
  if (!store)
    throw new ApiError(503, 'Files are not available', {
      detail: 'This server keeps no files.',
      code: 'filesUnavailable',
    });
  return store;
}

export const uploadFileHandler: RouteHandler<typeof routes.uploadFile, AppEnv> = async (c) => {
  const user = currentUser(c);
  const store = requireStore(c.get('files'));
  const name = cleanFileName(c.req.valid('query').name);
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > store.maxBytes)
    throw new ApiError(413, 'The file is too large', {
      detail: `A file may have at most ${store.maxBytes} bytes.`,
      code: 'fileTooLarge',
      params: { megabytes: megabytesOf(store.maxBytes) },
    });
  const body = c.req.raw.body;
  if (!body)
    throw new ApiError(422, 'The request is not valid', {
      code: 'fileEmpty',
      issues: [{ path: '(body)', message: 'empty' }],
    });
  let stored;
  try {
    // A web ReadableStream is async-iterable in Node.
    stored = await store.put(body as unknown as AsyncIterable<Uint8Array>);
  } catch (error) {
    if (error instanceof FileTooLargeError)
      throw new ApiError(413, 'The file is too large', {
        detail: `A file may have at most ${store.maxBytes} bytes.`,
        code: 'fileTooLarge',
        params: { megabytes: megabytesOf(store.maxBytes) },
      });
    throw error;
  }
  if (stored.size === 0)
    throw new ApiError(422, 'The request is not valid', {
      code: 'fileEmpty',
      issues: [{ path: '(body)', message: 'the file is empty' }],
    });
  const contentType = storedContentType(c.req.header('content-type'), stored.head);
  const { rows } = await c
    .get('pool')
    .query<{ id: string }>(
      'INSERT INTO files (sha256, size, name, content_type, uploaded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id::text',
      [stored.sha256, stored.size, name, contentType, user.id]
    );
  return c.json({ id: rows[0]!.id, name, size: stored.size, contentType }, 201);
};

interface StoredFile {
  sha256: string;
  name: string;
  content_type: string;
  size: string;
  uploaded_by: string;
  workflow_id: string | null;
  visibility: 'public' | 'internal';
}

/** Loads a file the caller may read: 404 for one they may not (whether it exists is not told). */
async function loadReadableFile(c: Parameters<RouteHandler<typeof routes.downloadFile, AppEnv>>[0], id: string) {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { rows } = await pool.query<StoredFile>(
    `SELECT sha256, name, content_type, size::text, uploaded_by, workflow_id, visibility FROM files WHERE id = $1`,
    [id]
  );
  const file = rows[0];
  if (!file) throw notFound('file');
  if (file.workflow_id === null) {
    if (file.uploaded_by !== user.id) throw notFound('file');
    return file;
  }
  try {
    await loadVisibleProcess(pool, user, file.workflow_id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) throw notFound('file');
    throw error;
  }
  if (readsClientView(user) && file.visibility !== 'public') throw notFound('file');
  return file;
}

export const downloadFileHandler: RouteHandler<typeof routes.downloadFile, AppEnv> = async (c) => {
  const store = requireStore(c.get('files'));
  const { id } = c.req.valid('param');
  const file = await loadReadableFile(c, id);
  const inline = showsInline(file.content_type) && c.req.valid('query').download === undefined;
  const stream = store.read(file.sha256);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new ApiError(410, 'The file’s contents are gone', {
          detail: 'The file store no longer holds this file.',
          code: 'fileGone',
        })
      : error;
  });
  c.header('Content-Type', inline ? file.content_type : 'application/octet-stream');
  c.header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name));
  c.header('Content-Length', file.size);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
  // Nothing in a file may run or load anything; Chrome's PDF viewer does not open in a sandbox, so a PDF goes without.
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'${
      file.content_type === 'application/pdf' && inline ? '' : '; sandbox'
    }`
  );
  c.header('X-Frame-Options', 'SAMEORIGIN');
  return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200);
};

export const listProcessFilesHandler: RouteHandler<typeof routes.listProcessFiles, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  await loadVisibleProcess(pool, user, id);
  const { rows } = await pool.query<{
    id: string;
    name: string;
    size: string;
    content_type: string;
    visibility: 'public' | 'internal';
    node_id: string | null;
    uploader: string | null;
    uploaded_at: Date;
  }>(
    `SELECT f.id::text, f.name, f.size::text, f.content_type, f.visibility, f.node_id, u.name AS uploader, f.uploaded_at
       FROM files f LEFT JOIN users u ON u.id::text = f.uploaded_by
      WHERE f.workflow_id = $1 AND (NOT $2::boolean OR f.visibility = 'public')
      ORDER BY f.uploaded_at, f.id`,
    [id, readsClientView(user)]
  );
  return c.json(
    {
      files: rows.map((row) => ({
        id: row.id,
        name: row.name,
        size: Number(row.size),
        contentType: row.content_type,
        visibility: row.visibility,
        nodeId: row.node_id,
        uploadedBy: row.uploader ?? '',
        uploadedAt: row.uploaded_at.toISOString(),
      })),
    },
    200
  );
};
