#!/usr/bin/env node
// The package bin. A Node that runs TypeScript (22.18 on, 23.6 on the 23 line) runs the modules directly; all logic lives in main.ts. Under an older Node
// (`npx frontdesk` before `npm install` has brought the project's own), that says so instead of failing on a .ts file.
await import("../scripts/check-node.mjs");
await import("./main.ts");
