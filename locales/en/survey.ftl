### The respondent's survey: choosing a centre, who you are, questions, completion. Sent with parse_mode HTML.

## Choosing a centre
start-bad-link = We could not find a centre for this link. Please choose the centre yourself — it takes a minute.
pick-centre = Which employment centre would you like to tell us about? Choose a way:
btn-pick-regions = 🗺 Choose region and centre
btn-pick-search = 🔎 Find by name
btn-pick-location = 📍 Nearest to me
btn-prev = ◀️
btn-next = ▶️
page-of = { $page } of { $pages }
btn-back-regions = ↩️ Back to regions
pick-region = Choose your region:
pick-centre-in-region = Employment centres — { $region }:
centre-chosen =
    You chose: <b>{ $name }</b>
    { $address }
centre-with-distance = { $name } · { $km } km
directory-empty = The list of centres is empty for now. Please try later.
search-prompt = Type the centre's name, town, street or region in Russian (the start of a word will do), for example “Казань”.
search-too-short = Please type at least two letters of the name or town.
search-nothing = Nothing found for “{ $query }”. Try other words or choose from the list.
search-results = { $count ->
    [one] Found { $count } centre:
   *[other] Found { $count } centres:
}
search-results-cut = { $total ->
    [one] Found { $total } centre
   *[other] Found { $total } centres
}, { $shown ->
    [one] showing the first one
   *[other] showing the first { $shown }
} — add a word to narrow the search:
location-prompt = Tap “Send location” { $messenger ->
        [max] under this message
       *[telegram] at the bottom of the screen
    } and we will show the three nearest centres.
btn-send-location = 📍 Send location
btn-cancel = Cancel
location-received = Thank you, location received.
location-nearest = Employment centres nearest to you:
location-far = There is no centre from our list near you: the nearest is { $km } km away. Please choose a centre from the list of regions.
location-cancelled = All right, let us choose another way.

## Who you are
ask-audience =
    Centre: <b>{ $centre }</b>

    You contacted the centre as…
btn-seeker = 👤 A job seeker
btn-employer = 🏢 An employer
survey-own-centre =
    You are in the working group of “{ $centre }”, so you cannot answer the survey about it: ratings come from its visitors only.
    You may tell us about another centre — choose it:
survey-own-centre-alert = You are in this centre's working group, so you cannot answer the survey about it.
private-only =
    The survey runs only in a private chat with the bot, so that nobody else sees your answers.
    Tap the button below to open the private chat.
private-only-alert = The survey runs only in a private chat with the bot: here everybody would see your answers. Send /start to the bot in a private chat.
btn-open-private = 💬 Take the survey in a private chat
survey-too-soon =
    You have already rated “{ $centre }” within the last { $days } { $days ->
    [one] day
   *[other] days
}. Thank you!
    You can rate this centre again from { $date }.

## Questions
question =
    <i>{ $centre }</i>
    Question { $n } of { $total }

    <b>{ $text }</b>

    { $hint }
btn-back = ⬅️ Back
answer-saved = Answer saved
survey-resumed = Let us continue where you stopped: question { $n } of { $total }.
stale-question = This button belongs to another question. Please answer in the latest question message.
question-passed = This question is already behind you.
stale-button = This button no longer works. Send /start to continue.
survey-already-finished = This questionnaire is already complete — thank you! Answers can no longer be changed.
use-buttons = Please answer with the buttons under the message above.

## Completion
survey-complete =
    <b>Done, all your answers are saved!</b>

    If you like, write in one message what the centre should improve (up to { $limit } { $limit ->
    [one] character
   *[other] characters
}). Or tap “Skip”.
btn-skip-comment = Skip
comment-too-long = The comment is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, the maximum is { $limit }. Please shorten it and send it again.
comment-empty = The comment is empty. Write some text or tap “Skip”.
comment-text-only = Only a text comment can be accepted. Write it or tap “Skip”.
comment-saved = Comment saved.
survey-thanks =
    <b>Thank you!</b> Your answers about “{ $centre }” are now part of its rating.

    What happens next: answers are anonymous; the centre and the experts see only totals over everyone surveyed. The centre uses them to decide what to improve first.

    Would you like to know when the centre changes something based on the feedback?
btn-notify = 🔔 Let me know
notify-on = Good! We will write when the centre reports changes. To unsubscribe, use the button under the news or /forget.
notify-not-allowed = News of a centre is for those who answered the questionnaire about it. Send /start to take it.
