### Texts of the respondent's conversation. Sent with parse_mode HTML.

welcome =
    Hello! This is a survey about the work of employment centres.
    It takes 3–5 minutes: about 20 short questions, each answered with a button from 1 to 5.
    Your answers help make the centre better.

## Consent
btn-consent-yes = ✅ I agree
btn-consent-no = I do not agree
btn-policy = 📄 Data processing policy
consent-given = Thank you, consent received.
consent-refused =
    Without consent we cannot store your answers, so the survey will not start.
    If you change your mind, send /start.

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
location-prompt = Tap “Send location” at the bottom of the screen and we will show the three nearest centres.
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

## Commands
help =
    <b>What this bot does</b>
    The bot runs a survey about the work of employment centres. Answers are anonymous and go into the “Customer-centricity star” index.

    /start — start or continue the survey
    /ask — ask a specialist of the centre (also from any step of the survey with the «❓» button)
    /language — switch the language (русский / English)
    /forget — delete everything the bot keeps about you
    /help — this help

    One person can rate one centre once every { $days } { $days ->
    [one] day
   *[other] days
}. If the survey was interrupted, send /start to continue from the same question.
language-choose = Choose a language:
language-name-ru = Русский
language-name-en = English
language-set = The language is now English.
forget-confirm =
    Delete everything the bot keeps about you: answers, unfinished questionnaires, consent and settings?
    This cannot be undone.
btn-forget-yes = Yes, delete
btn-forget-no = No, keep it
forget-cancelled = All right, nothing is deleted.
forget-done = Done: your data is deleted (questionnaires: { $count }). To take the survey again, send /start.
unknown-input = I understand only buttons and commands. Send /start to take the survey, or /help.
error-apology = Sorry, something went wrong. We are looking into it. Your answers are saved — please try again or send /start.

cmd-start = Start or continue the survey
cmd-help = Help
cmd-language = Change language
cmd-forget = Delete my data

## QR poster
poster-title = Rate your employment centre
poster-subtitle = Point your phone camera at the code — the Telegram bot opens with the centre already chosen. The survey takes 3–5 minutes and is anonymous.
poster-footer = { $link }

## Invitations (roles)
invite-granted-staff = Done: you are in the working group of “{ $scope }”. /checklist shows the requirements and helps you send proof.
invite-granted-expert = Done: you are an expert of the region “{ $scope }”. /review shows the proof waiting for a check.
invite-granted-expert-all = Done: you are an expert for every region. /review shows the proof waiting for a check.
invite-granted-admin = Done: you are an administrator of the bot.
invite-error-unknown = This invitation link was not found. Check that you copied all of it, or ask for a new one.
invite-error-used = This invitation has already been used. Ask the administrator for a new one.
invite-error-expired = This invitation has expired. Ask the administrator for a new one.
invite-error-revoked = This invitation was revoked. Please contact the administrator.

## Command menu for roles
cmd-checklist = Checklist requirements and proof
cmd-my_index = The index of my centre or region
cmd-review = Proof waiting for a check
cmd-roles = Roles and revoking them
cmd-invite = Invite staff or an expert
cmd-invites = Unused invitations and revoking them
policy-operator-unset = The data operator is not set (the PRIVACY_OPERATOR setting)
