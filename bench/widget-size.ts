import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

export const WIDGET_PATH = new URL("../public/widget.js", import.meta.url);

/** Bytes of the built widget (JavaScript with its CSS inlined), raw and gzipped at level 9. */
export async function widgetSize(): Promise<{ raw: number; gzip: number }> {
	const bytes = await readFile(WIDGET_PATH);
	return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}
