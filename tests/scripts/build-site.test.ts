import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../scripts/build-site.ts";
import type { MatcherModel } from "../../worker/cascade/matcher/index.ts";

const GIFT_WRAP = { id: "gift_wrap", description: "Gift wrapping", examples: ["do you offer gift wrapping", "can you gift wrap my order"], response: { text: "Tick gift wrapping at checkout." } };
// Without an intent that hands off, the build warns of that too.
const ASK_FOR_PERSON = { id: "contact_human", description: "Asks for a person", examples: ["can I talk to a person"], action: "handoff" };

async function site() {
	const dir = await mkdtemp(join(tmpdir(), "frontdesk-site-"));
	const config = join(dir, "frontdesk.config.json");
	const generated = join(dir, "generated");
	return { config, generated, build: () => buildSite(config, generated) };
}

describe("building what the worker bundles from the site config", () => {
	it("writes the config as written and the matcher compiled from its examples", async () => {
		const { config, generated, build } = await site();
		const text = `${JSON.stringify({ intents: [GIFT_WRAP, ASK_FOR_PERSON] }, null, "\t")}\n`;
		await writeFile(config, text);
		expect(await build()).toEqual({ ok: true, intents: 2, warnings: [] });
		expect(await readFile(join(generated, "site-config.json"), "utf8")).toBe(text);
		const model = JSON.parse(await readFile(join(generated, "matcher-model.json"), "utf8")) as MatcherModel;
		expect(model.intents).toEqual(["contact_human", "gift_wrap"]);
	});

	it("names the file and the bad field of a config saved with a mistake, and leaves the last good build as it was", async () => {
		const { config, generated, build } = await site();
		await writeFile(config, JSON.stringify({ intents: [GIFT_WRAP] }));
		await build();
		const before = await Promise.all(["site-config.json", "matcher-model.json"].map((name) => readFile(join(generated, name), "utf8")));

		await writeFile(config, JSON.stringify({ widgte: {}, intents: [] }));
		expect(await build()).toEqual({ ok: false, message: expect.stringMatching(/frontdesk\.config\.json: Invalid site config:[\s\S]*widgte: is no field here \(did you mean "widget"\?\)/) });
		await writeFile(config, '{ "intents": [');
		expect(await build()).toEqual({ ok: false, message: expect.stringMatching(/frontdesk\.config\.json:1:15: not valid JSON: close bracket expected, found the end of the file/) });
		expect(await Promise.all(["site-config.json", "matcher-model.json"].map((name) => readFile(join(generated, name), "utf8")))).toEqual(before);
	});

	it("warns of a disclosure or hand-back notice that does not seem to say the customer is talking to an AI, in any of the words for it", async () => {
		const { config, build } = await site();
		const built = async (assistant: object) => {
			await writeFile(config, JSON.stringify({ assistant, intents: [GIFT_WRAP, ASK_FOR_PERSON] }));
			return build();
		};
		expect(await built({ disclosure: "Hello there, welcome to Bendy support chat!", handedBack: "You are back with Bendy's helper again." })).toEqual({
			ok: true,
			intents: 2,
			warnings: [
				`${config}: warning: assistant.disclosure does not seem to say that the customer is talking to an AI (no AI, KI, IA, bot, artificial…): it must say so plainly.`,
				`${config}: warning: assistant.handedBack does not seem to say that the customer is talking to an AI again (no AI, KI, IA, bot, artificial…): it must say so plainly.`,
			],
		});
		for (const disclosure of ["Sie chatten mit einer KI, nicht mit einem Menschen.", "Vous discutez avec une IA, pas une personne.", "Estás hablando con un asistente automatizado.", "أنت تتحدث مع مساعد يعمل بالذكاء الاصطناعي.", "You are chatting with our support bot, not a person."]) {
			expect(await built({ disclosure }), disclosure).toMatchObject({ ok: true, warnings: [] });
		}
		// "ai" in French is "have", not an AI.
		expect(((await built({ disclosure: "Bonjour, j'ai une question pour vous aujourd'hui." })) as { warnings: string[] }).warnings).toHaveLength(1);
	});

	it("writes nothing for a config file that cannot be read", async () => {
		const { generated, build } = await site();
		expect(await build()).toEqual({ ok: false, message: expect.stringMatching(/frontdesk\.config\.json: cannot be read$/) });
		await expect(readdir(generated)).rejects.toThrow();
	});
});
