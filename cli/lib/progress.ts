// A progress bar on stderr for long runs, only when a person is watching (a TTY),
// so piped output and CI logs stay clean.

const WIDTH = 30;
const MIN_ROWS_FOR_BAR = 200;

export interface Progress {
	tick(done: number): void;
	finish(): void;
}

const SILENT: Progress = { tick() {}, finish() {} };

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
	if (!stream.isTTY || total < MIN_ROWS_FOR_BAR) return SILENT;
	const step = Math.max(1, Math.floor(total / 100));
	return {
		tick(done) {
			if (done % step !== 0 && done !== total) return;
			const filled = Math.round((done / total) * WIDTH);
			stream.write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`);
		},
		finish() {
			stream.write("\r\x1b[K");
		},
	};
}
