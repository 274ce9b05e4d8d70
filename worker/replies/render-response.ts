import type { MessageEntity } from "../../shared/protocol.ts";

/**
 * Fills `{order_id|your order}` placeholders with the entity of that type, or the text after `|` when the
 * message has none, or two different ones ("order 12345, I mean 54321"): naming either could be wrong.
 */
export function renderResponse(template: string, entities: readonly MessageEntity[]): string {
	return template.replace(/\{([a-z][a-z0-9_]*)\|([^{}]*)\}/g, (_, type: string, fallback: string) => {
		const values = new Set(entities.flatMap((candidate) => (candidate.type === type ? [candidate.normalized ?? candidate.value] : [])));
		const entity = values.size === 1 ? entities.find((candidate) => candidate.type === type) : undefined;
		return entity ? `${type === "order_id" ? "order " : type === "invoice_id" ? "invoice " : ""}${entity.value}` : fallback;
	});
}
