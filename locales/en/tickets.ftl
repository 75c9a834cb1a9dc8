### Questions to a centre's specialists (issue 13). Sent with parse_mode HTML.

cmd-ask = Ask a specialist
cmd-tickets = Visitors' questions and response times
cmd-templates = Reply templates

## The asker
tickets-btn-ask = ❓ Ask a specialist
tickets-btn-cancel = Cancel
tickets-ask-prompt =
    <b>A question to a specialist</b>
    It goes to { $to ->
        [experts] the region's expert for «{ $centre }»: the centre has no working group in the bot yet
       *[other] the working group of «{ $centre }»
    }. The staff see only the question's number — not your name or account.

    Type your question in one message (up to { $limit } characters). You may attach a photo or a document with a caption. Do not add personal details the answer does not need.
tickets-ack =
    <b>Question #{ $id } received.</b> It went to «{ $centre }».
    The answer will come here, to this chat, by { $due } — within { $hours } working { $hours ->
        [one] hour
       *[other] hours
    } of the centre.
tickets-writing-command = I am waiting for your question in one message. Changed your mind? Tap «Cancel» under the prompt.
tickets-cancelled = All right, the question was not sent.
# The bot adds the answer's text itself, after a blank line.
tickets-answer = <b>The answer to your question #{ $id }</b> · { $centre }
tickets-btn-resolved = ✅ Question resolved
tickets-btn-more = ↩️ Reply once more
tickets-more-prompt = Type what you want to add to question #{ $id } in one message (up to { $limit } characters). You can do this once.
tickets-more-ack = Your reply to question #{ $id } was passed on. The answer will come here by { $due }.
tickets-rate-prompt = Thank you! Please rate the answer to question #{ $id }: from 1 (poor) to 5 (excellent).
tickets-rated = Thank you for rating!
tickets-rated-text = Your rating of the answer: { $value } of 5. Thank you!

## Staff and experts
tickets-card =
    ❓ <b>Question #{ $id }</b> · { $centre }
    Received: { $created }
    Answer by: { $due }
    { $status }
# Labels of the quotes on a card; the bot adds the text itself.
tickets-card-question = <b>Question:</b>
tickets-card-answer = <b>Answer:</b>
tickets-card-file = 📎 Attachment: { $kind ->
        [photo] photo
       *[other] document
    }
tickets-card-skipped = … { $count ->
        [one] { $count } more message of the thread does not fit on the card
       *[other] { $count } more messages of the thread do not fit on the card
    } …
tickets-status-open = 🟡 Free: take it or answer right away.
tickets-status-taken = 🔵 Taken by { $name }
tickets-status-escalated = 🟠 Passed to the region's expert.
tickets-status-answered = 🟢 Answered.
tickets-status-closed = ⚪ Closed.
tickets-btn-answer = ✍️ Answer
tickets-btn-take = 🙋 Take it
tickets-btn-pass = ⤴️ Pass to the region's expert
tickets-btn-file = 📎 Show the attachment
tickets-btn-send = 📤 Send as it is
tickets-taken-by-you = Question #{ $id } is yours now.
tickets-answer-prompt =
    Type the answer to question #{ $id } in one message (up to { $limit } characters). It goes to the asker's chat with the bot.{ $templates ->
        [0] {""}
       *[other] {" "}Or pick a template below — send it as it is or send a corrected text.
    }
# The bot shows the template's text between these two lines.
tickets-template-preview = <b>Template for the answer to question #{ $id }:</b>
tickets-template-preview-hint = Send it as it is, or send a corrected text in one message.
tickets-answer-sent = The answer to question #{ $id } was delivered.
tickets-asker-blocked = The answer to question #{ $id } is saved but cannot be delivered: the asker blocked the bot or deleted their data. The question is closed.
tickets-answer-cancelled = All right, the answer to question #{ $id } was not sent. The question stays with you: /tickets.
tickets-passed = Question #{ $id } was passed to the region's expert.
tickets-passed-intro = ⤴️ The working group passed question #{ $id } to you.
tickets-passed-nobody = The region has no expert, so the admins were told about question #{ $id }.
tickets-followup-intro = ↩️ A reply to question #{ $id }.
tickets-file-caption = Attachment of question #{ $id }
tickets-file-gone = The attachment of question #{ $id } is no longer available.
tickets-overdue-intro = ⏰ Question #{ $id } was not answered in time and is passed to you as the region's expert.
tickets-overdue-staff = ⏰ The answer time of question #{ $id } has passed: it was passed to the region's expert. You can still answer — /tickets.
tickets-overdue-staff-nobody = ⏰ The answer time of question #{ $id } has passed and the region has no expert: the admins were told. Please answer — /tickets.
tickets-admin-nobody = ⚠️ Nobody can answer question #{ $id } (centre { $centre }): the centre has no working group and its region no expert. Invite them with /invite.

## /tickets
tickets-not-staff = /tickets is for the centres' working groups, experts and admins.
tickets-view-title = <b>Visitors' questions</b> · last { $days } { $days ->
        [one] day
       *[other] days
    }
tickets-view-centre = • <b>{ $name }</b>: open { $open }{ $overdue ->
        [0] {""}
       *[other] {" "}(overdue { $overdue })
    } · on time { $share }% ({ $ontime } of { $answered }) · rating { $rating } ({ $rated })
tickets-view-none = No questions yet.
tickets-view-more = …and { $count } more { $count ->
        [one] centre
       *[other] centres
    }.
tickets-view-open = Waiting for an answer ({ $count }) — tap a number to open the question:

## /templates
tickets-templates-not-allowed = Reply templates are kept by the centres' working groups (a centre's own) and the regions' experts (region-wide ones).
tickets-tpl-region = The whole region: { $region }
tickets-tpl-pick = Whose templates?
tickets-tpl-title = <b>Reply templates</b> · { $scope } · { $count ->
        [0] none yet
       *[other] { $count }
    }
tickets-btn-tpl-add = ➕ Add a template
tickets-btn-tpl-edit = ✏️ { $n }
tickets-btn-tpl-del = ✖ { $n }
tickets-tpl-prompt = Send the template's text in one message (up to { $limit } characters).
tickets-tpl-current = Now:
tickets-tpl-saved = The template is saved.
tickets-tpl-removed = The template is removed.

## The weekly summary of comments
tickets-comments-title =
    💬 <b>Visitors' comments</b> · { $centre } · week { $week }: { $count }
    No names and no link to the answers — in alphabetical order.
tickets-comments-short = • «{ $text }»{ $count ->
        [1] {""}
       *[other] {" "}× { $count }
    }
tickets-comments-footer = You can answer publicly with /news ("You said, we did").

## Errors
tickets-error-empty = The question is empty: type it as text (a sticker will not do) or attach a photo or a document.
tickets-error-too_long = The question is too long: { $length } characters, the maximum is { $limit }. Shorten it and send it again — your text is still in the message above.
tickets-error-answer_empty = An answer is a text in one message. Please type it.
tickets-error-answer_too_long = The answer is too long: { $length } characters, the maximum is { $limit }. Shorten it and send it again.
tickets-error-no_centre = First choose an employment centre: send /start. The «❓ Ask a specialist» button is on every step of the survey.
tickets-error-no_consent = To ask a question, first consent to the data processing: send /start.
tickets-error-own_centre = You are in this centre's working group, so you cannot ask it a question yourself.
tickets-error-throttled = You already have { $limit } open { $limit ->
        [one] question
       *[other] questions
    }. Once they are answered you can ask a new one.
tickets-error-forbidden = This question is not for you: another centre's working group sees it.
tickets-error-taken = Another staff member has already taken this question.
tickets-error-answered = This question has already been answered.
tickets-error-closed = This question is already closed.
tickets-error-stale = This button no longer works.
tickets-error-not_asker = This button belongs to someone else's question.
tickets-error-not_answered = This question has not been answered yet.
tickets-error-follow_up_used = You can reply to an answer once. If you need more, ask a new question.
tickets-error-rated = You have already rated this answer. Thank you!
tickets-error-passed = This question has already been passed to the region's expert.
tickets-error-templates_full = There are already { $limit } templates, the maximum. Remove one you do not need.
tickets-error-template_gone = This template no longer exists.
