import { describe, expect, it, vi } from "vitest";
import { greetingFor, tagSettings } from "../../widget/lib/settings.ts";

describe("the script tag's settings", () => {
	it("takes every data- attribute it knows, converted to the settings it sets", () => {
		const dataset = {
			title: "Fernleaf Help",
			assistantName: "Fern",
			avatar: "https://cdn.example/fern.png",
			color: "#0F766E",
			position: "left",
			locale: "fr",
			greeting: "Bonjour !",
			zIndex: "1000",
		};
		expect(tagSettings(dataset)).toEqual({ title: "Fernleaf Help", assistantName: "Fern", avatarUrl: "https://cdn.example/fern.png", color: "#0F766E", position: "left", locale: "fr", greeting: "Bonjour !", zIndex: 1000 });
	});

	it("leaves out what is empty or malformed, so the site config's value applies instead, naming in the console each malformed one", () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		const dataset = {
			title: "",
			assistantName: "",
			locale: "",
			greeting: "",
			avatar: "http://cdn.example/fern.png",
			color: "teal",
			position: "middle",
			zIndex: "-1",
			unknown: "ignored",
		};
		try {
			expect(tagSettings(dataset)).toEqual({});
			expect(warn.mock.calls).toEqual([
				['Frontdesk: data-avatar="http://cdn.example/fern.png" is not valid, so it is left out'],
				['Frontdesk: data-color="teal" is not valid, so it is left out'],
				['Frontdesk: data-position="middle" is not valid, so it is left out'],
				['Frontdesk: data-z-index="-1" is not valid, so it is left out'],
			]);
			// Nothing to say of attributes not given, or given right.
			warn.mockClear();
			tagSettings({ color: "#0F766E" });
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	});
});

describe("the greeting for a page", () => {
	const settings = {
		greeting: "Hi! How can I help?",
		pageGreetings: [
			{ path: "/checkout", text: "Questions about paying?" },
			{ path: "/orders/*", text: "Looking for an order?" },
		],
	};

	it("is the first page greeting whose pattern matches the whole path, * standing for anything", () => {
		expect(greetingFor(settings, "/checkout")).toBe("Questions about paying?");
		expect(greetingFor(settings, "/orders/00123842")).toBe("Looking for an order?");
	});

	it("is the default elsewhere, and a pattern's other characters match only themselves", () => {
		expect(greetingFor(settings, "/checkout/done")).toBe("Hi! How can I help?");
		expect(greetingFor({ ...settings, pageGreetings: [{ path: "/a.b", text: "dot" }] }, "/axb")).toBe("Hi! How can I help?");
	});
});
