// Feature counts → TF-IDF vectors over a fixed vocabulary, L2-normalised so
// long and short messages score on the same scale.
import { isWordPair, type MessageFeatures } from "./features.ts";

/** Typed arrays: training reads every vector a few thousand times, and reads them faster this way. */
export interface SparseVector {
	indices: Int32Array;
	values: Float64Array;
}

export interface Vocabulary {
	/** Feature hash → column. */
	columns: Map<number, number>;
	idf: Float64Array;
	/** The idf a feature never seen in training would have: it still dilutes a message. */
	unknownIdf: number;
}

export interface Vectorized {
	vector: SparseVector;
	/** Share of the message's TF-IDF mass the vocabulary knows: low for text unlike any example. */
	knownShare: number;
}

function inverseDocumentFrequency(documentFrequency: number, documents: number): number {
	return Math.log((documents + 1) / (documentFrequency + 1)) + 1;
}

export interface VocabularyOptions {
	/**
	 * Leave out word pairs found in one example only. In a large set they are most of the vocabulary (each message
	 * has a pair or two no other has), they cost training time in every pass, and they say little about another
	 * message; single words and their letters are kept whatever their count.
	 */
	dropRareWordPairs?: boolean;
}

/** Vocabulary of the features in the given examples, columns ordered by hash so build order cannot matter. */
export function buildVocabulary(examples: readonly Pick<MessageFeatures, "hashes">[], options: VocabularyOptions = {}): Vocabulary {
	const documentFrequency = new Map<number, number>();
	for (const { hashes } of examples) {
		for (const hash of hashes) documentFrequency.set(hash, (documentFrequency.get(hash) ?? 0) + 1);
	}
	const kept = (hash: number) => !options.dropRareWordPairs || !isWordPair(hash) || (documentFrequency.get(hash) ?? 0) > 1;
	const hashes = [...documentFrequency.keys()].filter(kept).sort((a, b) => a - b);
	const idf = new Float64Array(hashes.length);
	hashes.forEach((hash, column) => {
		idf[column] = inverseDocumentFrequency(documentFrequency.get(hash) ?? 0, examples.length);
	});
	return {
		columns: new Map(hashes.map((hash, column) => [hash, column])),
		idf,
		unknownIdf: inverseDocumentFrequency(0, examples.length),
	};
}

export function vectorize({ hashes, counts }: MessageFeatures, vocabulary: Vocabulary): Vectorized {
	const indices = new Int32Array(hashes.length);
	const values = new Float64Array(hashes.length);
	let known = 0;
	let knownMass = 0;
	let unknownMass = 0;
	for (let entry = 0; entry < hashes.length; entry++) {
		const column = vocabulary.columns.get(hashes[entry]);
		const tf = 1 + Math.log(counts[entry]);
		if (column === undefined) {
			unknownMass += (tf * vocabulary.unknownIdf) ** 2;
			continue;
		}
		const value = tf * vocabulary.idf[column];
		knownMass += value * value;
		indices[known] = column;
		values[known++] = value;
	}
	const norm = Math.sqrt(knownMass);
	for (let index = 0; index < known; index++) values[index] /= norm;
	const totalMass = knownMass + unknownMass;
	return { vector: { indices: indices.subarray(0, known), values: values.subarray(0, known) }, knownShare: totalMass > 0 ? knownMass / totalMass : 0 };
}
