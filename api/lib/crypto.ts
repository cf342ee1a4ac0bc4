import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
