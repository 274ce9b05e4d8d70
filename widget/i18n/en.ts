// The widget's English strings; every other locale file has exactly these keys.
// `{name}`-style placeholders are filled by `fill()` in ./fill.ts.
export const en = {
	openChat: "Open chat",
	/** The panel's heading when the site's settings could not be had. */
	defaultTitle: "Support",
	closeChat: "Close chat",
	unread: "unread messages: {count}",
	talkToHuman: "Talk to a human",
	messagesLabel: "Conversation",
	messageLabel: "Your message",
	placeholder: "Type your message…",
	send: "Send",
	you: "You",
	aiLabel: "AI",
	personLabel: "Person",
	team: "Support team",
	welcomeBack: "Welcome back, {name}!",
	sending: "Sending…",
	queued: "Waiting to send…",
	notSent: "Not sent.",
	/** Refused as too long, the limit unknown (the site's settings could not be had). */
	tooLong: "Too long to send.",
	tooLongLimit: "Too long to send: at most {max} characters.",
	retry: "Retry",
	typing: "{name} is typing…",
	handedOff: "A person from our team will reply here.",
	resolved: "This conversation is resolved.",
	contactPrompt: "Your e-mail address, so our team can reach you if you leave",
	emailPlaceholder: "you@example.com",
	saveEmail: "Save",
	emailInvalid: "Please enter a valid e-mail address.",
	ratePrompt: "How did we do?",
	rateOption: "{rating} out of 5",
	rateComment: "Anything to add? (optional)",
	sendRating: "Send rating",
	thanksForRating: "Thanks for your feedback!",
	rateLimited: "You're sending messages fast. Please wait {seconds} seconds.",
	problems: {
		load_failed: "We couldn't load this conversation. Please try again.",
		send_failed: "Your message wasn't sent. Please try again.",
		handoff_failed: "We couldn't reach our team. Please try again.",
		contact_failed: "We couldn't save your e-mail address. Please try again.",
		rating_failed: "We couldn't save your rating. Please try again.",
	},
};

export type Strings = typeof en;
