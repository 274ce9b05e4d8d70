import type { WidgetSettings } from "../../shared/protocol.ts";

/** What the script tag's data- attributes can set; they win over the site config. */
export type TagSettings = Partial<Pick<WidgetSettings, "title" | "assistantName" | "avatarUrl" | "color" | "position" | "locale" | "greeting" | "zIndex">>;

export function tagSettings(dataset: DOMStringMap): TagSettings {
	const settings: TagSettings = {};
	// Free text: any value but an empty one.
	for (const name of ["title", "assistantName", "locale", "greeting"] as const) if (dataset[name]) settings[name] = dataset[name];
	// Checked values: one missing is tested as "", which none of them matches.
	if (/^https:\/\//.test(dataset.avatar ?? "")) settings.avatarUrl = dataset.avatar;
	if (/^#[0-9a-f]{6}$/i.test(dataset.color ?? "")) settings.color = dataset.color;
	if (dataset.position === "left" || dataset.position === "right") settings.position = dataset.position;
	if (/^\d+$/.test(dataset.zIndex ?? "")) settings.zIndex = Number(dataset.zIndex);
	return settings;
}

/** The greeting for this page: the first page greeting whose path pattern (`*` = anything) matches, else the default. */
export function greetingFor(settings: Pick<WidgetSettings, "greeting" | "pageGreetings">, path: string): string | null {
	// Every character but `*` stands for itself (the escape leaves `*` alone).
	const match = settings.pageGreetings.find((greeting) => new RegExp(`^${greeting.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`).test(path));
	return match?.text ?? settings.greeting;
}
