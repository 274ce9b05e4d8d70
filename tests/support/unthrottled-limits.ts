/**
 * FRONTDESK_LIMITS for a crowd of customers who all share one loopback address: only the per-IP
 * limits and the site-wide Claude ceilings are lifted, as a staging load test would. The
 * per-conversation limits stay the site config's (20 messages a minute, 200 a conversation), so the
 * run goes through them as production does; a customer sending at most 20 messages never reaches
 * them, and a resend of a stored message is answered from storage without counting.
 */
const ADDRESS_AND_SITE_LIFTED = {
	ipMessagesPerMinute: 1_000_000,
	ipReadsPerMinute: 1_000_000,
	ipConversationsPerHour: 1_000_000,
	ipClaudeCallsPerHour: 1_000_000,
	ipWrongTokensPerHour: 1_000_000,
	claudeCallsPerMinute: 1_000_000,
	claudeCallsPerDay: 1_000_000,
};
export const CROWD_ON_ONE_ADDRESS_LIMITS = JSON.stringify(ADDRESS_AND_SITE_LIFTED);

/**
 * FRONTDESK_LIMITS for test and benchmark runs whose many conversations all
 * come from one loopback address and would otherwise trip the per-IP and
 * per-conversation limits. The limits themselves are tested with the
 * defaults, in the worker-limits project.
 */
export const UNTHROTTLED_LIMITS = JSON.stringify({ ...ADDRESS_AND_SITE_LIFTED, maxMessagesPerConversation: 1_000_000, conversationMessagesPerMinute: 1_000_000 });
