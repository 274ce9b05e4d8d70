import { Component } from "preact";
import { fill } from "../i18n/fill.ts";
import { LIMITS } from "../../shared/protocol.ts";
import { strings } from "../i18n/strings.ts";

interface RatingPromptProps {
	rated: boolean;
	onRate: (rating: number, comment: string) => void;
}

/** After a resolved conversation: 1–5 and an optional comment, stored with the conversation. */
export class RatingPrompt extends Component<RatingPromptProps, { rating: number; comment: string }> {
	state = { rating: 0, comment: "" };

	render() {
		const t = strings;
		const { rating, comment } = this.state;
		if (this.props.rated) {
			return (
				<p class="rating done" role="status">
					{t.thanksForRating}
				</p>
			);
		}
		return (
			<form
				class="rating"
				onSubmit={(event) => {
					event.preventDefault();
					if (rating) this.props.onRate(rating, comment.trim());
				}}
			>
				<fieldset>
					<legend>{t.ratePrompt}</legend>
					{[1, 2, 3, 4, 5].map((value) => (
						<label key={value} class={value <= rating ? "star on" : "star"}>
							<input type="radio" name="fd-rating" value={value} checked={rating === value} onChange={() => this.setState({ rating: value })} />
							<span aria-hidden>★</span>
							<span class="visually-hidden">{fill(t.rateOption, { rating: value })}</span>
						</label>
					))}
				</fieldset>
				<label class="visually-hidden" for="fd-rating-comment">
					{t.rateComment}
				</label>
				<input id="fd-rating-comment" type="text" maxLength={LIMITS.ratingCommentLength} placeholder={t.rateComment} value={comment} onInput={(event) => this.setState({ comment: event.currentTarget.value })} />
				<button disabled={!rating}>
					{t.sendRating}
				</button>
			</form>
		);
	}
}
