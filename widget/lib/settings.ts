import type { WidgetSettings } from "../../shared/protocol.ts";

/** What the script tag's data- attributes can set; they win over the site config. */
export type TagSettings = Partial<Pick<WidgetSettings, "title" | "assistantName" | "avatarUrl" | "color" | "position" | "locale" | "greeting" | "zIndex">>;

/** Whether a checked attribute's value is `valid`; one given and not valid is named in the console, as it is left out. */
function checked(attribute: string, value: string | undefined, valid: boolean): boolean {
	if (value && !valid) console.warn(`Frontdesk: data-${attribute}="${value}" is not valid, so it is left out`);
	return valid;
}

export function tagSettings(dataset: DOMStringMap): TagSettings {
	const settings: TagSettings = {};
	const { avatar, color, position, zIndex } = dataset;
	// Free text: any value but an empty one.
	for (const name of ["title", "assistantName", "locale", "greeting"] as const) if (dataset[name]) settings[name] = dataset[name];
	// Checked values: one missing is tested as "", which none of them matches.
	if (checked("avatar", avatar, /^https:\/\//.test(avatar ?? ""))) settings.avatarUrl = avatar;
	if (checked("color", color, /^#[0-9a-f]{6}$/i.test(color ?? ""))) settings.color = color;
	const side = position === "left" || position === "right" ? position : undefined;
	if (checked("position", position, side !== undefined)) settings.position = side;
	if (checked("z-index", zIndex, /^\d+$/.test(zIndex ?? ""))) settings.zIndex = Number(zIndex);
	return settings;
}

/** The greeting for this page: the first page greeting whose path pattern (`*` = anything) matches, else the default. */
export function greetingFor(settings: Pick<WidgetSettings, "greeting" | "pageGreetings">, path: string): string | null {
	// Every character but `*` stands for itself (the escape leaves `*` alone).
	const match = settings.pageGreetings.find((greeting) => new RegExp(`^${greeting.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`).test(path));
	return match?.text ?? settings.greeting;
}
