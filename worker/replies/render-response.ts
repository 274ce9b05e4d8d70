import type { MessageEntity } from "../../shared/protocol.ts";

/** Fills `{order_id|your order}` placeholders with the first entity of that type, or the text after `|`. */
export function renderResponse(template: string, entities: readonly MessageEntity[]): string {
	return template.replace(/\{([a-z][a-z0-9_]*)\|([^{}]*)\}/g, (_, type: string, fallback: string) => {
		const entity = entities.find((candidate) => candidate.type === type);
		return entity ? `${type === "order_id" ? "order " : type === "invoice_id" ? "invoice " : ""}${entity.value}` : fallback;
	});
}
