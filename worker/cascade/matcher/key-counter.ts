// Counts a message's feature keys in tables kept from one message to the next. A Map, grown step by step to a
// message's few hundred features, was most of what classifying a message allocated; sorting the keys instead
// took longer than the Map. Open addressing in typed arrays does neither.

const EMPTY = -1;
const INITIAL_SLOTS = 1024;
// Fibonacci hashing: the keys' lowest bit is a flag (features.ts), so the table is indexed by their top bits, scrambled.
const GOLDEN = 0x9e3779b1;

export interface CountedKeys {
	/** Each key once, in the order first seen. */
	keys: Int32Array;
	/** How many times each of `keys` was added. */
	counts: Int32Array;
}

/** Counts non-negative 31-bit integer keys; `take` hands the counts over and starts afresh. */
export class KeyCounter {
	#slots = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
	#counts = new Int32Array(INITIAL_SLOTS);
	/** The slot of each distinct key, first seen first. */
	#order = new Int32Array(INITIAL_SLOTS / 2);
	#distinct = 0;
	#shift = 32 - Math.log2(INITIAL_SLOTS);

	add(key: number): void {
		// Half full at most, so a probe meets an empty slot soon.
		if (this.#distinct === this.#order.length) this.#grow();
		this.#place(key, 1);
	}

	take(): CountedKeys {
		const keys = new Int32Array(this.#distinct);
		const counts = new Int32Array(this.#distinct);
		for (let index = 0; index < this.#distinct; index++) {
			const slot = this.#order[index];
			keys[index] = this.#slots[slot];
			counts[index] = this.#counts[slot];
			this.#slots[slot] = EMPTY;
			this.#counts[slot] = 0;
		}
		this.#distinct = 0;
		return { keys, counts };
	}

	#place(key: number, count: number): void {
		const slot = this.#slotOf(key);
		if (this.#slots[slot] === EMPTY) {
			this.#slots[slot] = key;
			this.#order[this.#distinct++] = slot;
		}
		this.#counts[slot] += count;
	}

	#slotOf(key: number): number {
		const mask = this.#slots.length - 1;
		let slot = Math.imul(key, GOLDEN) >>> this.#shift;
		while (this.#slots[slot] !== EMPTY && this.#slots[slot] !== key) slot = (slot + 1) & mask;
		return slot;
	}

	#grow(): void {
		const { keys, counts } = this.take();
		const size = this.#slots.length * 2;
		this.#slots = new Int32Array(size).fill(EMPTY);
		this.#counts = new Int32Array(size);
		this.#order = new Int32Array(size / 2);
		this.#shift--;
		keys.forEach((key, index) => this.#place(key, counts[index]));
	}
}
