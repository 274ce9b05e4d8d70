import { ApiError } from "../../shared/api-error.ts";
import { WIDGET_LOCALES } from "../../shared/protocol.ts";
import type { Strings } from "./en.ts";

/**
 * The UI strings in use, components read them. Empty until loadStrings(): the widget first renders once they
 * are in (main.tsx), so no component ever reads them empty. They never change after that first render, so a
 * plain object does: a signal here only gave the widget a change to listen for that never comes.
 */
export const strings = {} as Strings;

/** The first of the preferred languages the widget speaks, by base language ("pt-BR" → "pt"), else English. */
export function supportedLocale(preferred: ReadonlyArray<string | null | undefined>): string {
	const bases = preferred.map((tag) => tag?.toLowerCase().split("-")[0]);
	return bases.find((base) => (WIDGET_LOCALES as readonly (string | undefined)[]).includes(base)) ?? "en";
}

export const isRightToLeft = (locale: string) => locale === "ar";

/** Every locale, English too, is a small JSON file next to the widget: the widget carries none of their words. */
export async function loadStrings(apiBase: string, locale: string): Promise<void> {
	const response = await fetch(`${apiBase}/i18n/${locale}.json`);
	if (!response.ok) throw new ApiError(response.status, "http_error", "");
	Object.assign(strings, await response.json());
}
