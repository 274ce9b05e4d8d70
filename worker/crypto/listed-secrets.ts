// Apart from secrets.ts, whose comparison needs the Workers runtime: the output guard, which reads these too, is
// also tested in Node.
/**
 * The values a secret variable lists: several may be given, separated by spaces or commas, so that a new one can
 * be rolled out while the old one still works (a webhook secret, an agent or admin token).
 */
export function listedSecrets(value: string | undefined): string[] {
	return (value ?? "").split(/[\s,]+/).filter(Boolean);
}
