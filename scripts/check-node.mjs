// Runs under whatever Node started npm, so it must stay plain JavaScript that Node 20 can parse.
// The project's TypeScript runs as it is: Node does that by itself from 22.18 (23.6 on the 23 line), and says so here.
if (!process.features.typescript) {
	console.error(
		`Frontdesk needs Node >= 22.18, which runs TypeScript, but this is Node ${process.versions.node}.\n` +
			"The project brings its own Node as a devDependency: run `npm install` (without --ignore-scripts), then use `npm start`, `npm test` or `npx frontdesk`.",
	);
	process.exit(1);
}
