import { fileURLToPath } from "node:url";
import { Features } from "lightningcss";
import { defineConfig } from "vite";

/**
 * Classic h(type, props, ...children) calls are shorter than the automatic runtime's jsx(type, { ...props,
 * children: [...] }) and need no jsx() of their own: 100 bytes of the 15 KB gzipped budget. The component
 * tests (vitest.config.ts) compile the widget with this too, so they test what ships.
 */
export const widgetJsx = { jsx: { runtime: "classic" as const, pragma: "h", pragmaFrag: "Fragment" }, jsxInject: `import { h, Fragment } from "preact"` };

// The widget ships as one self-contained IIFE that the worker serves as a static asset.
export default defineConfig({
	publicDir: false,
	// @preact/signals-core's ES2017 build (its "import" export) rather than the ES5 one its "browser" export names:
	// the same code, with arrow functions and let, for browsers that run ES2022 anyway (below). About 10 bytes gzipped.
	// Its package exports do not list the file itself, hence the path.
	resolve: { alias: { "@preact/signals-core": fileURLToPath(new URL("node_modules/@preact/signals-core/dist/signals-core.mjs", import.meta.url)) } },
	oxc: widgetJsx,
	// `color-scheme: light` would bring lightningcss's light-dark() fallback variables, for a light-dark() the widget never uses.
	css: { lightningcss: { exclude: Features.LightDark } },
	build: {
		outDir: "public",
		emptyOutDir: false,
		// Browsers with constructable stylesheets (Safari 16.4, Firefox 101) all run ES2022 as it is, so
		// nothing is lowered: no class-field helpers in the bundle, no fallback font stacks in its CSS.
		target: "es2022",
		// The widget has a 15 KB gzipped budget (tests/scripts/widget-size.test.ts); terser's output is smaller than Oxc's.
		minify: "terser",
		// Vite turns on terser's Safari 10 workarounds; the widget needs Safari 16.4 anyway (above). A second
		// compression pass finds what the first one's changes opened up: a dozen bytes gzipped. A function called
		// once stays a declaration called by name, not a function expression called in place (reduce_funcs): a few
		// bytes more before compression, about 30 fewer gzipped. `unsafe` rewrites what the widget's values make
		// equivalent (template literals of strings and numbers as concatenation, String(n) as n + "", new Error as
		// Error): about 10 bytes gzipped.
		terserOptions: { safari10: false, compress: { passes: 2, reduce_funcs: false, unsafe: true } },
		lib: {
			entry: "widget/main.tsx",
			formats: ["iife"],
			name: "FrontdeskWidget",
			fileName: () => "widget.js",
		},
	},
});
