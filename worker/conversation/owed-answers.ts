// A customer message the AI must still answer. It is written in the same
// step as the message, so a worker that dies while Claude is writing (a
// deploy, a crash) leaves a record that an answer is owed; the object's
// alarm, or the customer's resend, answers it after the restart.
import { earliest } from "../durable/alarm.ts";

export class OwedAnswers {
	readonly #sql: SqlStorage;
	constructor(sql: SqlStorage) {
		this.#sql = sql;
	}

	owe(seq: number, dueAt: number): void {
		this.#sql.exec("INSERT OR REPLACE INTO owed_answers (seq, due_at) VALUES (?, ?)", seq, dueAt);
	}

	settle(seq: number): void {
		this.#sql.exec("DELETE FROM owed_answers WHERE seq = ?", seq);
	}

	isOwed(seq: number): boolean {
		return this.#sql.exec("SELECT 1 FROM owed_answers WHERE seq = ?", seq).toArray().length > 0;
	}

	/** Messages whose answer should have been stored by `now`, oldest first. */
	overdue(now: number): number[] {
		return this.#sql.exec<{ seq: number }>("SELECT seq FROM owed_answers WHERE due_at <= ? ORDER BY seq", now).toArray().map((row) => row.seq);
	}

	/**
	 * When the alarm should next look at owed answers. One being written now is looked at again at
	 * `recheckAt` instead of when due: its writer settles it, unless the object dies first.
	 */
	nextDue(beingWritten: Pick<ReadonlySet<number>, "has">, recheckAt: number): number | null {
		const times = this.#sql
			.exec<{ seq: number; due_at: number }>("SELECT seq, due_at FROM owed_answers")
			.toArray()
			.map((row) => (beingWritten.has(row.seq) ? Math.max(row.due_at, recheckAt) : row.due_at));
		return earliest(...times);
	}
}
