import { effect } from "@preact/signals-core";
import { Component, createRef } from "preact";
import type { Chat } from "../chat.ts";
import { isRightToLeft } from "../i18n/strings.ts";
import { readableOnWhite, textOn } from "../lib/contrast.ts";
import { Launcher } from "./Launcher.tsx";
import { Panel } from "./Panel.tsx";

interface AppProps {
	chat: Chat;
	locale: string;
}

// A class rather than hooks: the widget's stateful components are few, and preact/hooks would cost a
// kilobyte of the 15 KB budget.
export class App extends Component<AppProps> {
	#launcher = createRef<HTMLButtonElement>();
	#wasOpen = false;
	/**
	 * Whether a panel opening takes focus: always once the widget is on screen, but at its first paint (opened before
	 * the chat could show) only just after the customer clicked or pressed a key, as on the site's own chat button,
	 * and not from a field of the page: a site may open the chat by itself as the customer types elsewhere.
	 */
	#focusOnOpen = navigator.userActivation?.isActive === true && !document.activeElement?.matches("input,textarea,select,[contenteditable]");
	#stopWatching = () => {};
	/** Whether the screen is phone-wide, where the panel covers the page (styles.css, same width) and is modal. */
	#phone = matchMedia("(max-width:480px)");
	/** The host page's own overflow, kept while the panel covering the page holds it still; null while it scrolls. */
	#pageOverflow: string | null = null;

	componentDidMount() {
		this.#focusOnOpen = true;
		// The whole widget re-renders when any of its signals changes: it is small, and this is all the
		// Preact integration it needs from signals. setState renders once per tick, however many signals
		// changed, so the chat sets its signals without batch(). The effect's first run renders once now too,
		// so that componentDidUpdate knows from the start whether the panel is open (it may have been opened
		// before the widget showed). And as the screen crosses the phone width (a phone turned, a window
		// resized): the panel is modal on one side of it only.
		const render = () => this.setState({});
		const stopEffect = effect(() => {
			for (const source of Object.values(this.props.chat.state)) source.value;
			render();
		});
		this.#phone.addEventListener("change", render);
		this.#stopWatching = () => {
			stopEffect();
			this.#phone.removeEventListener("change", render);
		};
	}

	componentWillUnmount() {
		this.#stopWatching();
		this.#holdPage(false);
	}

	/**
	 * Holds the host page still behind a panel that covers it, where it would scroll under the customer's finger
	 * (and lose their place in it), and gives it back its own overflow after.
	 */
	#holdPage(hold: boolean) {
		const page = document.documentElement.style;
		// Already held, or already given back.
		if (hold === (this.#pageOverflow !== null)) return;
		if (hold) {
			this.#pageOverflow = page.overflow;
			page.overflow = "hidden";
		} else {
			page.overflow = this.#pageOverflow as string;
			this.#pageOverflow = null;
		}
	}

	// Whether focus was in the widget (the launcher's parent) just before an update, while a closing panel is still there.
	getSnapshotBeforeUpdate() {
		const launcher = this.#launcher.current as HTMLButtonElement;
		return launcher.parentElement?.contains((launcher.getRootNode() as ShadowRoot).activeElement);
	}

	componentDidUpdate(_props: AppProps, _state: unknown, focusWasInside: boolean) {
		const open = this.props.chat.state.open.peek();
		const launcher = this.#launcher.current as HTMLButtonElement;
		const root = launcher.getRootNode() as ShadowRoot;
		// Focus goes back where it came from when the panel closes; but a close() from the host page's script
		// while the customer is elsewhere (typing in its form, say) leaves their focus alone.
		if (this.#wasOpen && !open && focusWasInside) launcher.focus();
		// A control that went away with its use (a quick reply, the e-mail or rating form) would drop focus to the
		// page, where typing goes nowhere: the message box takes it.
		else if (open && focusWasInside && !root.activeElement) root.getElementById("fd-input")?.focus();
		this.#wasOpen = open;
		this.#holdPage(open && this.#phone.matches);
	}

	render({ chat, locale }: AppProps) {
		const open = chat.state.open.value;
		const settings = chat.state.settings.value;
		const brand = settings?.color ?? "#1d4ed8";
		const theme = { "--brand": brand, "--on-brand": textOn(brand), "--brand-text": readableOnWhite(brand), zIndex: settings?.zIndex ?? 2147483000 };
		return (
			<div class={`frontdesk ${settings?.position === "left" ? "left" : "right"}`} style={theme} lang={locale}>
				{/* Only the panel turns right to left: the launcher keeps its corner, and the panel lines up with it. */}
				{open && <Panel chat={chat} modal={this.#phone.matches} dir={isRightToLeft(locale) ? "rtl" : "ltr"} takeFocus={this.#focusOnOpen} onClose={() => chat.setOpen(false)} />}
				<Launcher open={open} unread={chat.state.unread.value} buttonRef={this.#launcher} onToggle={() => chat.setOpen(!open)} />
			</div>
		);
	}
}
