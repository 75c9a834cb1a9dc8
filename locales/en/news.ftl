### /news: a working group tells a centre's subscribers what changed after the feedback
### ("you said, we did"). Sent with parse_mode HTML; the news text and centre names are
### escaped in code. Subscribers are those who tapped "🔔 Let me know" after the questionnaire.

cmd-news = Tell subscribers what changed

## The working group: /news
news-not-staff = /news is for employment centres' working groups: with it a centre tells its subscribers what changed after the feedback. If you are in a working group, ask an admin for an invitation link.
news-pick-centre = You are in the working group of several centres. News of which centre?
news-ask =
    📣 <b>News for subscribers</b> · { $centre }

    Subscribers: <b>{ $count }</b>. These are people who tapped “🔔 Let me know” after the questionnaire.

    Write in one message what the centre changed after the feedback — short and concrete, up to { $limit } { $limit ->
        [one] character
       *[other] characters
    }. Before anything is sent, the bot shows it as the subscribers will see it.
news-ask-cooldown = News can go out at most once every { $days } { $days ->
    [one] day
   *[other] days
}, so write when the changes are already made.
news-preview-intro = 👀 This is how subscribers will see the news — each in their own language, with a “🔕 Unsubscribe from this centre's news” button under it. If it is right, tap “Send”. To correct it, just send a new text.
news-btn-send = 📤 Send to { $count } { $count ->
    [one] subscriber
   *[other] subscribers
}
news-btn-cancel = ✖️ Cancel
news-cancelled = Cancelled, nothing was sent. To write news again: /news.
news-sending = 📤 Sending the news to { $count } { $count ->
    [one] subscriber
   *[other] subscribers
}… We will tell you how many got it when it is done.
news-delivered = ✅ Done: the news of «{ $centre }» was delivered to { $delivered } of { $total } { $total ->
    [one] subscriber
   *[other] subscribers
}.
news-delivered-failed = Not delivered: { $failed }. Usually this means the person blocked the bot or deleted the chat; the bot does not write to them any more.

## Errors
news-error-forbidden = You have no access to this centre's news.
news-error-empty = The text is empty. Send in one message what changed at the centre.
news-error-too_long = ✂️ Too long: { $length } { $length ->
    [one] character
   *[other] characters
}, at most { $limit } allowed. Please shorten the text and send it again.
news-error-too_long_escaped = ✂️ Too long for MAX: the signs &amp;, &lt; and &gt; count as several characters there. Please shorten the text or drop some of these signs and send it again.
news-error-not_text = The news is one text message of up to { $limit } { $limit ->
    [one] character
   *[other] characters
}, without photos or files. Send the text or tap “Cancel”.
news-error-cooldown = ⏳ The centre already sent news to its subscribers on { $last }. The next one can go out from { $date }: at most once every { $days } { $days ->
    [one] day
   *[other] days
}, so that people are not flooded with messages.
news-error-no_subscribers = Nobody has subscribed to this centre's news yet — there is no one to send it to, nothing was sent. People subscribe at the end of the questionnaire with the “🔔 Let me know” button.
news-error-stale = This button no longer works. To write news, send /news.

## The subscriber
news-frame =
    📣 The centre «{ $centre }» tells what changed after the feedback:

    { $text }

    <i>You get this message because you tapped “🔔 Let me know” after the questionnaire.</i>
news-btn-unsubscribe = 🔕 Unsubscribe from this centre's news
news-unsubscribed = Done: this centre's news will not come any more.
news-unsubscribed-already = You are already unsubscribed from this centre's news.
