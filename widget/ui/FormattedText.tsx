import { type Inline, parseBlocks } from "../../shared/formatting.ts";

// Arrays of children rather than fragments, and a plain function rather than a component: the same DOM in fewer
// bytes of the widget's budget.
function inlineText(inlines: Inline[]) {
	return inlines.map((inline, index) =>
		inline.type === "bold" ? (
			<strong key={index}>{inline.text}</strong>
		) : inline.type === "link" ? (
			<a key={index} href={inline.href} target="_blank" rel="noreferrer">
				{inline.text}
			</a>
		) : (
			inline.text
		),
	);
}

/** An assistant's answer with its light formatting, built from Preact elements only. */
export function FormattedText(props: { text: string }) {
	return parseBlocks(props.text).map((block, index) =>
		block.type === "list" ? (
			<ul key={index}>
				{block.items.map((item, itemIndex) => (
					<li key={itemIndex}>{inlineText(item)}</li>
				))}
			</ul>
		) : (
			<p key={index}>{inlineText(block.inlines)}</p>
		),
	);
}
