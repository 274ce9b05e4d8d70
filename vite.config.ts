import { defineConfig } from "vite";

// The widget ships as one self-contained IIFE that the worker serves as a static asset.
export default defineConfig({
	publicDir: false,
	oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
	build: {
		outDir: "public",
		emptyOutDir: false,
		target: "es2020",
		lib: {
			entry: "widget/main.tsx",
			formats: ["iife"],
			name: "FrontdeskWidget",
			fileName: () => "widget.js",
		},
	},
});
