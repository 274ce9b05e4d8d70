import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

export const WIDGET_PATH = new URL("../public/widget.js", import.meta.url);

/** What the widget promises site owners (issue 5): at most 15 KB gzipped, JavaScript and CSS together. */
export const WIDGET_GZIP_BUDGET = 15 * 1024;

/** Bytes of the built widget (JavaScript with its CSS inlined), raw and gzipped at level 9. */
export async function widgetSize(): Promise<{ raw: number; gzip: number }> {
	const bytes = await readFile(WIDGET_PATH);
	return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}
