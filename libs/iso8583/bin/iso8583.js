#!/usr/bin/env node
// The package's bin: runs the compiled CLI (build first: pnpm --filter @switchyard/iso8583 build).
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bin shim has no other way to load dist/
require('../dist/cli.js');
