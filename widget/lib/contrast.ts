// Brand colours come from site owners; these keep text on them (and them as text) at WCAG AA contrast.

/** The red, green and blue of a `#rrggbb` colour, 0–255. */
const channels = (hex: string) => [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));

function luminance(hex: string): number {
	const [r, g, b] = channels(hex).map((channel) => channel / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string): string {
	return contrast(background, "#ffffff") >= contrast(background, "#111111") ? "#ffffff" : "#111111";
}

/** The colour darkened until it reaches 4.5:1 against white, for text and borders on the panel. */
export function readableOnWhite(color: string): string {
	let current = color;
	for (let step = 0; step < 20 && contrast(current, "#ffffff") < 4.5; step++) {
		current = `#${channels(current)
			.map((channel) => Math.round(channel * 0.85).toString(16).padStart(2, "0"))
			.join("")}`;
	}
	return current;
}
