// Every open ticket, page by page as a helpdesk reads them: `GET …/tickets?after=`, following each page's `next`.
import type { OpenTicket, OpenTicketPage } from "../../shared/agent-api.ts";

export async function everyOpenTicket(readPage: (after: number) => Promise<OpenTicketPage>): Promise<OpenTicket[]> {
	const tickets: OpenTicket[] = [];
	let after: number | null = 0;
	while (after !== null) {
		const page: OpenTicketPage = await readPage(after);
		tickets.push(...page.tickets);
		after = page.next;
	}
	return tickets;
}
