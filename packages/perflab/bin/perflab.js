#!/usr/bin/env node
// Registers tsx so perflab's TypeScript sources and users' scenario files load without a build step.
import '../src/register-tsx.mjs';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
