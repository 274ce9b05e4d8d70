/**
 * FRONTDESK_LIMITS for test and benchmark runs whose many conversations all
 * come from one loopback address and would otherwise trip the per-IP and
 * per-conversation limits. The limits themselves are tested with the
 * defaults, in the worker-limits project.
 */
export const UNTHROTTLED_LIMITS = JSON.stringify({
	maxMessagesPerConversation: 1_000_000,
	conversationMessagesPerMinute: 1_000_000,
	ipMessagesPerMinute: 1_000_000,
	ipConversationsPerHour: 1_000_000,
	claudeCallsPerMinute: 1_000_000,
	claudeCallsPerDay: 1_000_000,
});
