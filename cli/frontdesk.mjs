#!/usr/bin/env node
// The package bin. Node 24 runs the TypeScript modules directly; all logic lives in main.ts.
import "./main.ts";
