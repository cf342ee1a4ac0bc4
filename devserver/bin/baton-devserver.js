#!/usr/bin/env node
// Starts the TypeScript devserver through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
