import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { parseBlocks, safeHref } from "../../shared/formatting.ts";
import { FormattedText } from "../../widget/ui/FormattedText.tsx";

describe("light formatting", () => {
	afterEach(cleanup);

	it("parses bold, links and list lines into plain data", () => {
		expect(parseBlocks("Returns are **free**.\n- Open [Orders](https://shop.example/orders)\n- Print the label")).toEqual([
			{ type: "paragraph", inlines: [{ type: "text", text: "Returns are " }, { type: "bold", text: "free" }, { type: "text", text: "." }] },
			{
				type: "list",
				items: [
					[{ type: "text", text: "Open " }, { type: "link", text: "Orders", href: "https://shop.example/orders" }],
					[{ type: "text", text: "Print the label" }],
				],
			},
		]);
	});

	it("makes bare web addresses links, leaving out the punctuation that ends their sentence or bracket", () => {
		const links = (text: string) => parseBlocks(text).flatMap((block) => (block.type === "paragraph" ? block.inlines : block.items.flat())).filter((inline) => inline.type === "link");
		expect(links("Track it at https://track.example/p/123.")).toEqual([{ type: "link", text: "https://track.example/p/123", href: "https://track.example/p/123" }]);
		expect(links("(see https://shop.example/help?q=returns&lang=en), or http://shop.example/faq!")).toEqual([
			{ type: "link", text: "https://shop.example/help?q=returns&lang=en", href: "https://shop.example/help?q=returns&lang=en" },
			{ type: "link", text: "http://shop.example/faq", href: "http://shop.example/faq" },
		]);
		expect(links("- Open [your orders](https://shop.example/orders)")).toEqual([{ type: "link", text: "your orders", href: "https://shop.example/orders" }]);
		expect(links("**https://shop.example** is bold, not a link")).toEqual([]);
		expect(links("javascript:alert(1) www.shop.example ftp://shop.example https:// https://")).toEqual([]);
	});

	it("keeps the text around a bare address whole", () => {
		expect(parseBlocks("Go to https://shop.example/returns, then print.")).toEqual([
			{
				type: "paragraph",
				inlines: [
					{ type: "text", text: "Go to " },
					{ type: "link", text: "https://shop.example/returns", href: "https://shop.example/returns" },
					{ type: "text", text: ", then print." },
				],
			},
		]);
	});

	it("allows only http, https and mailto links", () => {
		expect(safeHref("https://shop.example")).toBe("https://shop.example");
		expect(safeHref("mailto:help@shop.example")).toBe("mailto:help@shop.example");
		expect(safeHref("javascript:alert(1)")).toBeNull();
		expect(safeHref("data:text/html,<script>alert(1)</script>")).toBeNull();
		expect(safeHref("/relative")).toBeNull();
	});

	it("renders elements and text nodes only: HTML in a reply stays text, unsafe links stay text", () => {
		const { container } = render(<FormattedText text={'**Hi** <img src=x onerror="alert(1)"> [click](javascript:alert(1)) [ok](https://shop.example)'} />);
		expect(container.querySelector("img")).toBeNull();
		expect(container.querySelector("strong")?.textContent).toBe("Hi");
		const links = [...container.querySelectorAll("a")];
		expect(links.map((a) => [a.textContent, a.getAttribute("href"), a.getAttribute("rel")])).toEqual([["ok", "https://shop.example", "noreferrer"]]);
		expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
		expect(container.textContent).toContain("[click](javascript:alert(1))");
	});
});
