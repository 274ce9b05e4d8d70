import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";

/**
 * Stores a customer message as the worker does, and the owed answer a reply cut off by a restart leaves
 * behind: inside one workerd, a restart is simulated by what it leaves, with nobody answering the message.
 */
export function cutOffMessage(conversationId: string, clientMessageId: string, dueAt: number, text: string): Promise<number> {
	const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
	return runInDurableObject(stub, (_instance, state) => {
		const { seq } = state.storage.sql
			.exec<{ seq: number }>("INSERT INTO messages (role, kind, text, created_at, client_message_id) VALUES ('customer', 'text', ?, ?, ?) RETURNING seq", text, new Date().toISOString(), clientMessageId)
			.one();
		state.storage.sql.exec("INSERT INTO owed_answers (seq, due_at) VALUES (?, ?)", seq, dueAt);
		return seq;
	});
}
