import { signal } from "@preact/signals-core";
import { WIDGET_LOCALES } from "../../shared/protocol.ts";
import { en, type Strings } from "./en.ts";

/** The UI strings in use; components read it, so a locale that loads later re-renders them. */
export const strings = signal<Strings>(en);

/** The first of the preferred languages the widget speaks, by base language ("pt-BR" → "pt"), else English. */
export function supportedLocale(preferred: ReadonlyArray<string | null | undefined>): string {
	const bases = preferred.flatMap((tag) => (tag ? [tag.toLowerCase().split("-")[0]] : []));
	return bases.find((base) => (WIDGET_LOCALES as readonly string[]).includes(base)) ?? "en";
}

export const isRightToLeft = (locale: string) => locale === "ar";

/** English ships in the widget; other locales are small JSON files next to it, fetched only when needed. */
export async function loadStrings(apiBase: string, locale: string): Promise<void> {
	if (locale === "en") {
		strings.value = en;
		return;
	}
	const response = await fetch(`${apiBase}/i18n/${locale}.json`);
	if (response.ok) strings.value = (await response.json()) as Strings;
}
