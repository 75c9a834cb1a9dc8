# /roadmap: the roadmap of the "client's journey" pilot (seed 003)
cmd-roadmap = The roadmap of the client's-journey pilot

roadmap-not-allowed = The pilot's roadmap is kept by the centres' working groups and the regions' experts. If you work at a centre, ask an administrator for an invitation.
roadmap-pick-region = The roadmap of which region?
roadmap-no-pilot = The client's-journey pilot has not started in { $region } yet. The region's expert starts it.
roadmap-no-pilot-start = The client's-journey pilot has not started in { $region } yet. Tap "Start the pilot" and give its start date — the bot sets the deadlines of all 20 steps of the programme.
roadmap-button-start = 🚀 Start the pilot
roadmap-button-cancel = ✖️ Cancel
roadmap-button-meetings = 🗓 Team meetings
roadmap-button-file = 📎 Show the result
roadmap-button-done = ✅ Mark as done
roadmap-button-accept = 👍 Accept
roadmap-button-return = ↩️ Return for rework
roadmap-button-back = ⬅️ To the roadmap
roadmap-button-meet = ➕ Record a meeting
roadmap-button-open = Open the step
roadmap-title = 🗺 <b>Client's-journey pilot — { $region }</b>
    Start: { $start }
roadmap-progress = Done on time: { $on_time }, late: { $late }, open: { $open }.
roadmap-next-meeting = The next team meeting is due by { $date }.
roadmap-legend = ⬜ to do · ⏳ due soon · 🔴 overdue · 🕓 on review · ↩️ returned · ✅ done. Open a step with the button of its number.
roadmap-state-todo = to do
roadmap-state-soon = due soon
roadmap-state-overdue = overdue
roadmap-state-review = on review by an expert
roadmap-state-returned = returned for rework
roadmap-state-done = done
roadmap-owner-region = Owner: the pilot region
roadmap-owner-fck = Owner: the federal competence centre
roadmap-owner-both = Owners: the federal competence centre and the pilot region
roadmap-step-region = Region: { $region }
roadmap-step-deadline = { $throughout ->
    [yes] Deadline: throughout the pilot, by { $date }
   *[no] Deadline: { $date }
}
roadmap-step-result = Result: { $result }
roadmap-step-state = State: { $icon } { $state }
roadmap-step-sent = Result sent on { $date } by { $who }
roadmap-step-comment = Comment: { $comment }
roadmap-step-reason = To rework: { $reason }
roadmap-meetings-title = 🗓 <b>Cross-functional team meetings — { $region }</b>
    At least once every { $weeks } { $weeks ->
        [one] week
       *[other] weeks
    }.
roadmap-meetings-none = No meetings recorded yet.
roadmap-ask-start = When does the pilot start? Write the date, e.g. { $today }. It cannot be in the past.
roadmap-started = 🚀 The pilot started on { $start }. The steps' deadlines count from that date; the working group will get reminders.
roadmap-cancelled = Cancelled.
roadmap-accepted = Accepted
roadmap-returned = ↩️ Step { $code } is returned for rework; the working group will get the reason.
roadmap-ask-reason = What must be reworked in step { $code }? One message, up to { $limit } characters.
roadmap-ask-result = Send the result of step { $code } as a document or photo: { $result }
    A comment can go in the file's caption (up to { $limit } characters).
roadmap-submitted = 📤 The result of step { $code } is sent to the region's experts for review.
roadmap-comment-kept = The comment is kept. Now send the file itself — a document or a photo.
roadmap-ask-meeting-date = When was the meeting? Write the date, e.g. { $today }.
roadmap-ask-minutes = Send the minutes of the meeting of { $date } as a document or photo; a comment goes in the caption (up to { $limit } characters).
roadmap-meeting-recorded = 🗓 The meeting of { $date } is recorded.
roadmap-told-submitted = 📤 The working group sent the result of roadmap step { $code }. Please review it.
roadmap-told-accepted = ✅ An expert accepted the result of roadmap step { $code }.
roadmap-told-returned = ↩️ An expert returned roadmap step { $code } for rework: { $reason }

roadmap-error-forbidden = Only this region's working group and experts can do this.
roadmap-error-gone = This step no longer exists.
roadmap-error-exists = The pilot has already started in this region.
roadmap-error-no_pilot = The pilot has not started in this region yet.
roadmap-error-date_format = I don't understand the date. Write it like this: 16.08.2026.
roadmap-error-date_past = That start date has passed. Give today's date or a later one.
roadmap-error-date_far = Too far ahead: a pilot can start at most a year from now.
roadmap-error-date_future = That date has not come yet. Record the meeting after it took place.
roadmap-error-date_before_start = That date is before the pilot's start.
roadmap-error-wrong_file = A document (PDF, Word, Excel, slides, an image, an archive) or a photo is needed. Send the file again — the comment is kept.
roadmap-error-too_long = ✂️ Too long: { $length } characters, the limit is { $limit }. Shorten it and send it again.
roadmap-error-too_big = The file is larger than { $mb } MB — the bot cannot download it from Telegram. Compress or split it and send it again — the comment is kept.
roadmap-error-download_failed = The file could not be downloaded from Telegram. Send it again — the comment is kept.
roadmap-error-state = This step is already on review or accepted.
roadmap-error-stale = This button no longer works.

# reminders (daily, at most one message)
roadmap-remind-title = 🗺 <b>The client's-journey pilot roadmap</b>
roadmap-remind-region = <b>{ $region }</b>
roadmap-remind-soon = ⏳ { $code } { $title } — due { $deadline } ({ $days ->
    [0] today
    [one] in { $days } day
   *[other] in { $days } days
})
roadmap-remind-overdue = 🔴 { $code } { $title } — the deadline { $deadline } has passed
roadmap-remind-meeting = 🗓 Time for a team meeting: almost 3 weeks since { $last }; due by { $due }.
roadmap-remind-meeting-late = 🗓 The working group has not met for over 3 weeks: a meeting was due by { $due }.
roadmap-remind-footer = Open the roadmap: /roadmap

# /my_index for experts
roadmap-summary = 🗺 Client's-journey pilot: on time { $on_time }, late { $late }, open { $open } (/roadmap).
roadmap-file-unavailable = Telegram no longer has this file, and the bot has no copy of it.
