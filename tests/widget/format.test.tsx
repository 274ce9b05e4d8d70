import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { parseBlocks, safeHref } from "../../widget/lib/format.ts";
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
		expect(links.map((a) => [a.textContent, a.getAttribute("href"), a.getAttribute("rel")])).toEqual([["ok", "https://shop.example", "noopener noreferrer"]]);
		expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
		expect(container.textContent).toContain("[click](javascript:alert(1))");
	});
});
