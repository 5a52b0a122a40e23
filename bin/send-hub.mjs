#!/usr/bin/env node
// Entry for `npx send-hub`: loads the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
