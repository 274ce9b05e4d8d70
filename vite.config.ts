import { fileURLToPath } from "node:url";
import { Features } from "lightningcss";
import { defineConfig, type Plugin } from "vite";

/**
 * Classic h(type, props, ...children) calls are shorter than the automatic runtime's jsx(type, { ...props,
 * children: [...] }) and need no jsx() of their own: 100 bytes of the 15 KB gzipped budget. The component
 * tests (vitest.config.ts) compile the widget with this too, so they test what ships.
 */
export const widgetJsx = { jsx: { runtime: "classic" as const, pragma: "h", pragmaFrag: "Fragment" }, jsxInject: `import { h, Fragment } from "preact"` };

/**
 * Property names the widget keeps to itself, which terser may shorten (mangle.properties): its components' props, the
 * chat's state signals and the methods only its own UI calls. Each name must be one that no JSON (the worker's
 * answers, the request bodies, the UI strings) and no host page (window.Frontdesk) ever spells, and that is no key
 * or attribute of an element. (Terser leaves the names of DOM properties alone anyway: a signal named `pending`
 * keeps its name.) About 160 bytes gzipped. tests/scripts/widget-own-names.test.ts keeps the list off the fields of the
 * wire protocol, the UI strings, window.Frontdesk and the widget's stored conversation.
 */
export const widgetOwnNames = [
	// Props of the widget's own components.
	"takeFocus", "buttonRef", "onToggle", "onClose", "onRate", "onSave", "mine", "chat", "modal",
	// The chat's state signals (widget/chat.ts).
	"awaitingReply", "verifiedName", "waitSeconds", "draft", "problem", "settings",
	// What the UI calls on the chat, and the chat on its API client.
	"setOpen", "loadSettings", "requestHuman", "setContact", "unsent", "liveUrl",
	// The chat's options, its unsent messages' refusals, the API's errors, the formatted text's blocks.
	"api", "apiBase", "tagSettings", "refusal", "retryAfterSeconds", "inlines",
];

const SIGNALS_CORE = fileURLToPath(new URL("node_modules/@preact/signals-core/dist/signals-core.mjs", import.meta.url));

/**
 * What of signals-core's build (the file above) the widget never uses, and the bundler keeps all the same, as it
 * keeps every write to a prototype. Each cut names the exact text of the pinned version (package.json): should an
 * upgrade change it, the build stops rather than ship the file whole or cut it wrong.
 */
const SIGNALS_CORE_CUTS: (string | RegExp)[] = [
	// The Computed class, its prototype and computed(), which nothing else in the file names but its exports (cut too:
	// an import of computed fails the build). 266 bytes gzipped.
	/function j\(t,i\)\{y\.call\(this,void 0,i\);.*?function O\(t,i\)\{return new j\(t,i\)\}/s,
	"j as Computed,",
	"O as computed,",
];

const signalsCoreCut: Plugin = {
	name: "signals-core-cut",
	transform(code, id) {
		if (!id.endsWith("/@preact/signals-core/dist/signals-core.mjs")) return;
		for (const cut of SIGNALS_CORE_CUTS) {
			const rest = code.replace(cut, "");
			if (rest === code) throw new Error(`vite.config.ts: ${id} is not the signals-core build it cuts (no ${cut})`);
			code = rest;
		}
		return { code, map: null };
	},
};

// The widget ships as one self-contained IIFE that the worker serves as a static asset.
export default defineConfig({
	publicDir: false,
	// @preact/signals-core's ES2017 build (its "import" export) rather than the ES5 one its "browser" export names:
	// the same code, with arrow functions and let, for browsers that run ES2022 anyway (below). About 10 bytes gzipped.
	// Its package exports do not list the file itself, hence the path.
	resolve: { alias: { "@preact/signals-core": SIGNALS_CORE } },
	plugins: [signalsCoreCut],
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
		// Error): about 10 bytes gzipped. `unsafe_math` writes Number(text) as +text (the same for strings and null, the
		// only values the widget converts) and would fold constants such as 2 * x * 3, which the widget's arithmetic
		// (lib/contrast.ts) has none of: about 8 bytes gzipped. Not unsafe_comps: it turns a <= b ? x : y into
		// a > b ? y : x, which differs when a is NaN.
		terserOptions: { safari10: false, compress: { passes: 2, reduce_funcs: false, unsafe: true, unsafe_math: true }, mangle: { properties: { regex: new RegExp(`^(${widgetOwnNames.join("|")})$`) } } },
		// Terser takes most of the build, which on a busy machine passes the 3 s after which Rolldown says so in a
		// warning: nothing to act on, and it reads as a fault to whoever runs the build.
		rolldownOptions: { checks: { bundlerTimings: false } },
		lib: {
			entry: "widget/main.tsx",
			formats: ["iife"],
			name: "FrontdeskWidget",
			fileName: () => "widget.js",
		},
	},
});
