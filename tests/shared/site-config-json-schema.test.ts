import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import { parseSiteConfig, siteConfigJsonSchema } from "../../shared/site-config.ts";

const demoConfig = JSON.parse(readFileSync(new URL("../../frontdesk.config.json", import.meta.url), "utf8"));
// A JSON Schema validator of its own, as an editor checks the file; formats (uri) are an editor's hint, not checked here.
const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(siteConfigJsonSchema());
const pathsOf = (config: unknown) => (validate(config) ? [] : (validate.errors ?? []).map((error) => error.instancePath));

describe("the site config's JSON Schema", () => {
	it("is the one in docs/, which the demo config names", () => {
		expect(JSON.parse(readFileSync(new URL("../../docs/site-config.schema.json", import.meta.url), "utf8"))).toEqual(siteConfigJsonSchema());
		expect(demoConfig.$schema).toBe("./docs/site-config.schema.json");
	});

	it("names only formats JSON Schema defines, so that a strict validator takes it", () => {
		const formats = [...JSON.stringify(siteConfigJsonSchema()).matchAll(/"format":"([^"]+)"/g)].map((match) => match[1]);
		expect(new Set(formats)).toEqual(new Set(["uri"]));
	});

	it("accepts the demo config and an empty one, as the build does", () => {
		expect(() => parseSiteConfig(demoConfig)).not.toThrow();
		expect(pathsOf(demoConfig)).toEqual([]);
		expect(pathsOf({})).toEqual([]);
	});

	it("flags a misspelt field, a value of the wrong type and one outside its choices or range, where they are", () => {
		expect(pathsOf({ widget: { colour: "#1d4ed8" } })).toEqual(["/widget"]);
		expect(pathsOf({ widget: { position: "center" } })).toEqual(["/widget/position"]);
		expect(pathsOf({ cascade: { threshold: 2 } })).toEqual(["/cascade/threshold"]);
		expect(pathsOf({ intents: [{ id: "order_status", description: "Orders", examples: "where is my order" }] })).toEqual(["/intents/0/examples"]);
		expect(pathsOf({ handoff: { maskInTicket: ["passport"] } })).toEqual(["/handoff/maskInTicket/0"]);
		expect(pathsOf({ entities: { valueLists: [{ type: "plan", values: ["pro"], context: ["two words"] }] } })).toEqual(["/entities/valueLists/0/context/0"]);
	});
});
