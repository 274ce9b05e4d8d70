// Checks that fail the type check, not a test: a schema and the protocol type it stands for drifting apart.

/** Compiles only when `T` is `true`. */
export type Is<T extends true> = T;

/** `true` when each of `A` and `B` is assignable to the other. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
