// Runs under whatever Node started npm, so it must stay plain JavaScript that Node 20 can parse.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
	console.error(
		`Frontdesk needs Node >= 22.12, but this is Node ${process.versions.node}.\n` +
			"The project brings its own Node as a devDependency: run `npm install` (without --ignore-scripts), then use `npm start`, `npm test` or `npx frontdesk`.",
	);
	process.exit(1);
}
