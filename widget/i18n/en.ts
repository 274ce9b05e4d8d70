export const en = {
	openChat: "Open chat",
	closeChat: "Close chat",
	talkToHuman: "Talk to a human",
	messageLabel: "Your message",
	placeholder: "Type your message…",
	send: "Send",
	you: "You",
	aiLabel: "AI",
	sending: "Sending…",
	typing: (name: string) => `${name} is typing…`,
	problems: {
		load_failed: "We couldn't load this conversation. Please try again.",
		send_failed: "Your message wasn't sent. Please try again.",
		handoff_failed: "We couldn't reach our team just now. Please try again.",
	},
	messagesLabel: "Conversation",
};

export type Strings = typeof en;
