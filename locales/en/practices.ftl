### The practice base «Конструктор клиентского опыта» (/practice, /practice_review, /practices).
### Sent with parse_mode HTML; names, practice texts and comments are escaped in code.

cmd-practice = Add a practice to the base
cmd-practice_review = Practices to review
cmd-practices = Best practices of the centres

## Client groups and life situations (services/practices/client_groups.yaml)
practices-client-seeker = Job seekers
practices-client-employer = Employers
practices-client-preretire = People near retirement
practices-client-disabled = People with disabilities
practices-client-parents = Young parents
practices-client-youth = Young people
practices-client-migrants = Migrants and resettlers
practices-client-selfemployed = Self-employed and new entrepreneurs
practices-client-veterans = Veterans and their families
practices-client-laidoff = Workers at risk of dismissal
practices-client-any = All clients

## The practice card
practices-card-header =
    💡 <b>{ $title }</b>
    🏢 { $centre } · { $region }
practices-card-meta =
    👥 For: { $client }
    🎯 Indicators: { $indicators }
    📅 Started: { $started }
practices-card-problem =
    <b>The problem</b>
    { $text }
practices-card-done =
    <b>What was done</b>
    { $text }
practices-card-result =
    <b>The result</b>
    { $text }
practices-card-photos = 📷 Photos: { $count }
practices-card-document = 📎 A document is attached
practices-card-votes = 👍 Useful: { $count }
practices-card-link = 📣 In the channel: { $link }
practices-effect-thin = 📊 Measured effect: not enough answers yet. At least { $min } are needed in the { $days } days before the start and after it; there are { $before } and { $after } now.
practices-effect-centre = 📊 Measured effect on the practice's indicators, { $days } days before the start and after: the centre { $before } → { $after } ({ $change } pts), { $n_before } and { $n_after } answers.
practices-effect-others = The region's other centres over the same dates: { $before } → { $after } ({ $change } pts), { $n_before } and { $n_after } answers.
practices-effect-did = Difference-in-differences: <b>{ $did } pts</b> of 100 — the change the region's general trend does not explain.
practices-effect-no-comparison = Nothing to compare with: the region's other centres have too few answers for these dates.

## Adding a practice: /practice
practices-not-allowed = /practice is for centres' working groups and experts: it adds the best solutions to the practice base. Anyone can find practices: /practices.
practices-pick-centre = Which centre is the practice of?
practices-pick-centre-expert = Which centre is the practice of? Choose your centre below or send part of the name of a centre in your region.
practices-centre-not-found = No centre in your regions matches these words. Send another part of the name.
practices-started = ✍️ A new practice of «{ $centre }». The draft is saved after every step: you can stop and come back with /practice.
practices-resumed = ✍️ Continuing the practice «{ $title }» where you left off.
practices-saved = ✅ Saved.
practices-ask-title = What is the practice called? Briefly, up to { $title } characters, e.g. "We fill in the application together with the client in 10 minutes".
practices-ask-indicators = Which indicators of the index does the practice improve? Mark one or more with the buttons and press "Done", or send the codes, e.g. M7, K1.
practices-ask-client_group = Who is the practice for: a client group or a life situation?
practices-ask-client_group-profiles = Or pick { $count ->
    [one] your region's client-group profile (👥)
   *[other] one of your region's { $count } client-group profiles (👥)
}: the practice will be linked to it.
practices-ask-problem = What was the problem? One message, up to { $limit } characters.
practices-ask-done = What was done? One message, up to { $limit } characters.
practices-ask-result = What was the result? One message, up to { $limit } characters: figures, feedback, what changed for clients.
practices-ask-started_on = When did the practice start? A date as DD.MM.YYYY, e.g. 01.09.2026. The bot compares clients' scores before and after it.
practices-ask-photos = Send photos of the practice (up to { $photos }), an album is fine. No photos? Press "Next".
practices-ask-document = Send a document (PDF, DOCX, XLSX…), e.g. a procedure or a leaflet. No document? Press "Next".
practices-photo-added = 📷 Photo added ({ $count } of { $limit }). Send more or press "Next".
practices-document-added = 📎 Document added. Press "Next".
practices-preview-intro = 👀 This is how experts and, once accepted, the channel's readers will see the practice. If it is right, send it for review.
practices-edit-which = What do you want to change?
practices-field-title = Title
practices-field-indicators = Indicators
practices-field-client_group = For whom
practices-field-problem = Problem
practices-field-done = What was done
practices-field-result = Result
practices-field-started_on = Start date
practices-field-photos = Photos again
practices-field-document = Document again
practices-submitted = 📨 The practice «{ $title }» has been sent to the region's experts. We will tell you what they decide.
practices-discarded = 🗑 Draft deleted.
practices-btn-done = ✅ Done
practices-btn-next = ➡️ Next
practices-btn-preview = 👀 To the card
practices-btn-submit = 📨 Send for review
practices-btn-edit = ✏️ Change
practices-btn-discard = 🗑 Delete the draft

## Review: /practice_review
practices-review-not-expert = /practice_review is for experts: it shows the practices of your regions' centres that wait for review.
practices-review-empty = ✅ No practices to review.
practices-review-intro = Waiting for review: { $count } { $count ->
    [one] practice
   *[other] practices
}. The oldest one:
practices-waiting-notice = { $count ->
    [one] 📝 { $count } practice for the «Конструктор клиентского опыта» base waits for review.
   *[other] 📝 { $count } practices for the «Конструктор клиентского опыта» base wait for review.
}
practices-btn-open-queue = 📝 Open the practices waiting for review
practices-btn-accept = ✅ Accept and publish
practices-btn-return = ↩️ Send back for changes
practices-btn-reject = ❌ Reject
practices-ask-return = What should be changed? Write a comment to the author in one message, up to { $limit } characters.
practices-ask-reject = Why is the practice rejected? Write the reason in one message, up to { $limit } characters.
practices-accepted-alert = Accepted: the practice goes to the channel.
practices-decided-accepted = ✅ The practice «{ $title }» is accepted and being posted to the channel.
practices-decided-returned = ↩️ The practice «{ $title }» went back to its author for changes.
practices-decided-rejected = ❌ The practice «{ $title }» is rejected.
practices-notify-accepted = ✅ The experts accepted your practice «{ $title }». It is being posted to the channel and everyone can find it with /practices.
practices-notify-returned =
    ↩️ The experts sent the practice «{ $title }» back for changes:
    { $comment }

    Fix it and send it again: /practice.
practices-notify-rejected =
    ❌ The experts rejected the practice «{ $title }»:
    { $comment }

## Finding: /practices
practices-menu = 💡 <b>The practice base</b>: the best solutions of employment centres, checked by experts. How do you want to look?
practices-btn-newest = 🆕 Newest
practices-btn-by-g = By index group
practices-btn-by-i = By indicator
practices-btn-by-c = By client group
practices-btn-by-r = By region
practices-btn-search = 🔍 Search by words
practices-btn-menu = « Menu
practices-btn-back = « Back to the list
practices-btn-useful = 👍 Useful · { $count }
practices-btn-ask = ✉️ Ask the author
practices-btn-document = 📎 Document
practices-btn-answer = ✉️ Answer
practices-choose = { $kind ->
    [g] Choose an index group:
    [i] Choose an indicator:
    [c] Choose a client group:
   *[r] Choose a region:
}
practices-none = No accepted practices yet.
practices-found = Practices: { $count }. Newest first.
practices-found-none = No practices found. Try another section or other words.
practices-search-ask = Send words to search for, e.g. "appointment retirement". We search titles, problems, solutions and results; word endings do not matter.
practices-search-result = Practices for «{ $query }»: { $count }.
practices-voted = Thank you! Marked as useful.
practices-voted-already = You have already marked this practice.
practices-ask-question = ✉️ A question to the author of «{ $title }». Write it in one message, up to { $limit } characters. The author will not see your profile, nor you theirs; the answer comes here.
practices-question-sent = 📨 The question has been sent to the author. The answer will come to this chat.
practices-question-undelivered = The message could not be delivered: the person may have blocked the bot.
practices-question-to-author =
    ✉️ A question about your practice «{ $title }»:
    { $question }

    Your answer goes through the bot; the person asking will not see your profile.
practices-answer-ask = Write your answer to the question about «{ $title }» in one message, up to { $limit } characters.
practices-answer-sent = 📨 Answer sent.
practices-answer-received =
    ✉️ The author of «{ $title }» answered.
    Your question: { $question }

    { $answer }

## Practice of the week (after the weekly digest)
practices-week =
    🏆 <b>Practice of the week</b>: «{ $title }» — { $centre }.
    👍 Marked useful this week: { $votes }.
    { $link }

    All practices: /practices in the bot.

## Errors
practices-error-forbidden = You have no access to this practice.
practices-error-stale = This button no longer works.
practices-error-profile = This profile is not of the practice's region, or it is gone. Pick the group again.
practices-error-gone = This practice is no longer in the base.
practices-error-no_draft = No draft found: it was sent or deleted. Start again: /practice.
practices-error-own = Your own practice is reviewed by other experts.
practices-error-decided = This practice has already been decided on.
practices-error-empty = An empty message. Send the text.
practices-error-title_too_long = ✂️ The title has { $length } characters, at most { $limit } are allowed. Shorten it and send it again; the rest of the draft is kept.
practices-error-too_long = ✂️ Too long: { $length } characters, at most { $limit } are allowed. Shorten it and send it again; the rest of the draft is kept.
practices-error-card_too_long = ✂️ The card has { $length } characters, and a Telegram message fits at most { $limit } (with the effect and the marks). Shorten the problem, the solution or the result with "Change".
practices-error-unknown_indicator = The methodology has no such indicators: { $codes }. Codes as in the index: D1–D3, P1–P3, M1–M8, A1–A2, K1–K4.
practices-error-too_many_indicators = Mark at most { $limit } indicators: those the practice affects directly.
practices-error-no_indicators = Mark at least one indicator.
practices-error-date_format = The date could not be read. Send it as DD.MM.YYYY, e.g. 01.09.2026.
practices-error-date_future = { $date } has not come yet. A practice is added once it works: send the date it started.
practices-error-photo_type = A photo is needed: send a photo (or a JPG, PNG, WEBP file) or press "Next".
practices-error-document_type = This file does not fit. Send a PDF, DOC(X), XLS(X), PPT(X), ODT or TXT document, or press "Next".
practices-error-too_many_photos = An album holds at most { $limit } photos. Press "Next".
practices-error-too_big = The file is over { $mb } MB: the bot cannot download it. Send a smaller one.
practices-error-download_failed = The file could not be downloaded from Telegram. Send it again.
practices-error-message_type = Text is needed here. Send it in one message.
practices-error-text_expected = Text in one message is needed here.
practices-error-expected_client_group = Choose the client group with a button above.
practices-error-expected_photos = Send a photo or press "Next".
practices-error-expected_document = Send a document or press "Next".
practices-error-expected_preview = The card is ready: send it for review or press "Change".
practices-error-incomplete = Not everything is filled in: let us continue with what is missing.
practices-error-empty_query = Send at least one word to search for.
practices-error-ask_own = This is your practice.
practices-error-ask_limit = At most { $limit } questions to authors a day. Try again tomorrow.
practices-error-answered = You have already answered this question.
