import { build } from "vite";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import config from "./vite.config.ts";
const variants = {
  base: { safari10: false },
  passes3: { safari10: false, compress: { passes: 3 } },
  ecma: { safari10: false, ecma: 2020, compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, unsafe: true, pure_getters: true }, mangle: { toplevel: true } },
  props: { safari10: false, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, mangle: { properties: { regex: /^#/ } } },
};
for (const [name, terserOptions] of Object.entries(variants)) {
  await build({ ...config, configFile: false, logLevel: "silent", build: { ...config.build, outDir: `/tmp/tv-${name}`, emptyOutDir: true, terserOptions } });
  const js = readFileSync(`/tmp/tv-${name}/widget.js`);
  console.log(name, js.length, gzipSync(js, { level: 9 }).length);
}
