### Working groups and experts: the checklist, evidence, review (roles: team.ftl).
### Sent with parse_mode HTML; anything a person typed is escaped in code.

## The checklist (a centre's working group)
ev-not-staff = This command is for employment centres' working groups. If you are in one, ask an admin for an invitation link.
ev-pick-centre = You are in the working group of several centres. Choose one:
ev-checklist-empty = The checklist for «{ $centre }» is not loaded yet. Please tell the bot's admin.
ev-overview =
    <b>{ $centre }</b>
    Checklist: { $x } of { $n } { $n ->
    [one] requirement
   *[other] requirements
} proven.

    { $lines }

    Choose an indicator to see its requirements and send evidence.
ev-overview-line = { $mark } <b>{ $code }</b> { $name } — { $x }/{ $n }{ $counted ->
    [yes] {""}
   *[no] {" "}(not in the region's index)
}
ev-overview-drafts = ✏️ You have unfinished drafts — continue them with the buttons below.
ev-btn-indicator = { $code } · { $x }/{ $n }
ev-btn-continue = ✏️ Continue draft: { $code } #{ $n }
ev-btn-back-overview = ⬅️ Back to the checklist
ev-btn-submit-n = 📎 { $n }
ev-indicator =
    <b>{ $code } · { $name }</b> — { $x } of { $n } met{ $counted ->
        [yes] {""}
       *[no] {" "}(not in this region's index)
    }

    { $items }

    To send evidence, tap the button with the requirement's number.
ev-item =
    { $n }. { $mark } { $text }
    <i>{ $state }</i>
ev-state-none = No evidence yet
ev-state-draft = Draft — not sent for review yet
ev-state-pending = Waiting for an expert's review
ev-state-accepted = Accepted, valid until { $date }
ev-state-expiring = Accepted, but expires on { $date } — time to send fresh evidence
ev-state-rejected = Rejected: { $reason }
ev-state-expired = Expired on { $date } — send new evidence
ev-kind-photo_geo = photo with location
ev-kind-screenshot = screenshot
ev-kind-document = document

## The draft
ev-how-photo_geo =
    <b>How to prove it:</b> take a photo of what is required at the centre and send one or more photos here (an album is fine).

    To pass the location check, do one of the two:
    • while at the centre, <b>share your location</b> with the «📍 Send location» button at the bottom of the screen — within { $gap } { $gap ->
    [one] minute
   *[other] minutes
} of the photo;
    • or send the photo <b>as a file</b>: 📎 → «File» → pick the photo from the gallery. That keeps the position and time the photo was taken — Telegram strips them from ordinary (compressed) photos.

    The photo must be taken within { $distance } m of the centre. To add a comment (optional), just type it.
ev-how-screenshot =
    <b>How to prove it:</b> send one or more screenshots (PNG or JPG images); an album is fine.
    To add a comment (optional), just type it.
ev-how-document =
    <b>How to prove it:</b> send a document as a file — PDF, Word, Excel, PowerPoint, OpenDocument, RTF, TXT or CSV — or a photo/scan. Several files are fine.
    To add a comment (optional), just type it.
ev-draft-resumed = Continuing your draft — everything you sent before is kept.
ev-draft-paused = Your draft is saved — continue it from the checklist.
ev-draft-card =
    <b>{ $centre }</b> · { $code } #{ $n }
    { $requirement }

    📎 Files: { $files } · 💬 Comment: { $comment ->
        [yes] yes
       *[no] none
    }{ $geo }
ev-geo-line = 📍 Location: { $status }
ev-geo-waiting = waiting for photos and your location (or a photo sent as a file)
ev-geo-location-only = location received, { $distance } m from the centre — now send the photos
ev-geo-ok = ✅ { $distance } m from the centre — check passed
ev-geo-fail = ⚠️ { $reason }
ev-geo-reason-ok = { $distance } m from the centre
ev-geo-reason-no_location = no location: share it with the button at the bottom of the screen or send the photo as a file
ev-geo-reason-forwarded = the location was forwarded, but it must be your own — send it with the button at the bottom of the screen
ev-geo-reason-too_late = the photo and the location were sent more than { $gap } { $gap ->
    [one] minute
   *[other] minutes
} apart
ev-geo-reason-inaccurate = the location is too imprecise (worse than { $accuracy } m) — turn on GPS and send it again
ev-geo-reason-too_far = { $distance } m from the centre, at most { $max } m allowed
ev-geo-reason-exif_missing = the file has no position — turn on location tags in the camera settings or share your location
ev-geo-reason-exif_time_missing = the file has no capture time — share your location
ev-geo-reason-exif_time_mismatch = the capture time in the file does not match when it was sent: an old photo or a wrong camera clock
ev-photo-hint = ℹ️ Telegram strips the position from ordinary photos. Share your location with the button at the bottom of the screen (within { $gap } { $gap ->
    [one] minute
   *[other] minutes
}) or send the photo as a file.
ev-file-added = ✅ File added.
ev-album-added = ✅ Album received — all its files go into this submission.
ev-file-repeated = This file is already in the draft.
ev-file-unreadable = ⚠️ The file is saved in the draft, but it does not open as a picture: it is probably damaged or only partly uploaded, so no position can be read from it. Send the photo again (HEIC or JPEG) or share your location.
ev-location-saved = 📍 Location received.
ev-comment-saved = 💬 Comment saved.
ev-btn-send = 📤 Send for review
ev-btn-send-anyway = 📤 Send anyway
ev-btn-discard = 🗑 Delete draft
ev-geo-failed-confirm =
    ⚠️ The location check failed: { $reason }.

    Better fix it: while at the centre, share your location or send the photo as a file — the draft is kept. If you send it as it is, the expert will see that the check failed and may reject it.
ev-submitted = 📤 Sent to an expert for review. I will tell you the decision. Checklist — /checklist
ev-discarded = 🗑 Draft deleted. Checklist — /checklist

## Errors and unexpected input (the draft is always kept)
ev-error-no_draft = First choose a requirement in /checklist, then send the files.
ev-error-forbidden = You have no access to this centre.
ev-error-stale = This button no longer works. Open /checklist again.
ev-error-file_type = This file type is not accepted. Send photos or images (JPG, PNG, HEIC, WebP), PDF or office documents (Word, Excel, PowerPoint, OpenDocument, RTF, TXT, CSV). The draft is kept.
ev-error-needs_image_photo_geo = This requirement needs a photo. Send a photo — preferably as a file, so that its position is kept. The draft is kept.
ev-error-needs_image_screenshot = This requirement needs a screenshot — a PNG or JPG image. The draft is kept.
ev-error-too_big = The file is over { $mb } MB — the bot cannot download it from Telegram. Compress it or split it. The draft is kept.
ev-error-too_many = One submission holds at most { $max } { $max ->
    [one] file
   *[other] files
}. Send the draft for review as it is, or delete it and start again.
ev-error-download_failed = Could not download the file from Telegram. Please send it again. The draft is kept.
ev-error-comment_empty = The comment is empty. The draft is kept.
ev-error-comment_too_long = The comment is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, at most { $limit }. Shorten it and send it again. The draft is kept.
ev-error-location_not_needed = This requirement needs no location — send the files.
ev-error-already_pending = Evidence for this requirement is already waiting for review. Please wait for the expert's decision.
ev-error-already_accepted = This requirement is already proven and counts until { $date }. New evidence can be sent { $days } { $days ->
    [one] day
   *[other] days
} before that.
ev-error-empty = The draft has no files. Send a photo or a document, then tap «Send for review».
ev-error-message_type = This kind of message does not fit. Send a photo or a file, your location, or a comment as text. The draft is kept.
ev-error-geo_failed = The location check failed. The draft is kept.

## Expiry reminder (sent by the scheduler)
ev-expiry-reminder =
    ⏰ Evidence for a checklist requirement expires soon.
    🏢 { $centre }
    📋 { $requirement }
    It counts in the index until { $date }. Send fresh evidence: /checklist

## Review (experts)
rv-waiting-notice = { $count ->
    [one] 🔔 { $count } checklist evidence is waiting for your review.
   *[other] 🔔 { $count } checklist evidence items are waiting for your review.
}
rv-btn-open-queue = 📥 Open the review queue
rv-not-expert = This command is for experts who review evidence. If you are one, ask an admin for an invitation link.
rv-empty = ✅ Nothing is waiting for review. Check again later: /review
rv-end = Nothing more in the queue. /review shows the skipped ones again.
rv-files-caption = Evidence #{ $id }
rv-files-failed = ⚠️ Telegram could not show some files. Copies are stored on the server: { $paths }
rv-card =
    <b>Evidence #{ $id }</b> · waiting: { $queue }
    🏢 { $centre } ({ $region })
    📊 { $code } · { $indicator }
    📋 { $requirement }
    Kind: { $kind } · files: { $files }
    Sent { $date } · <a href="tg://user?id={ $user_id }">{ $user }</a>
    💬 { $comment }
    📍 Location check: { $geo }
rv-no-comment = no comment
rv-geo-none = not needed
rv-geo-ok = ✅ passed, { $distance } m from the centre{ $source ->
    [location] {" "}(by shared location)
    [exif] {" "}(by the file's EXIF)
   *[other] {""}
}
rv-geo-fail = ⚠️ FAILED — { $reason }
rv-dup-line = ⚠️ The same file was in evidence #{ $id }: { $centre }, { $code } “{ $requirement }” ({ $status })
rv-status-pending = waiting
rv-status-accepted = accepted
rv-status-rejected = rejected
rv-btn-accept = ✅ Accept
rv-btn-reject = ❌ Reject
rv-btn-skip = ⏭ Skip
rv-btn-custom = ✍️ Another reason
rv-btn-back = ↩️ Back
rv-preset-mismatch = Does not prove the requirement
rv-preset-place = Cannot tell it is this centre
rv-preset-unreadable = Hard to see or unreadable
rv-preset-outdated = Out of date
rv-preset-duplicate = Repeats material already sent
rv-pick-reason = Choose a reason or write your own
rv-ask-reason = Write the reason for rejecting in one message (up to { $limit } { $limit ->
    [one] character
   *[other] characters
}). The centre's working group will see it.
rv-reason-text-only = Please write the reason as text.
rv-accepted = ✅ Evidence #{ $id } accepted.
rv-rejected = ❌ Evidence #{ $id } rejected: { $reason }
rv-error-already_decided = This evidence has already been decided — the decision cannot be changed.
rv-error-forbidden = This evidence is not from your regions.
rv-error-stale = This evidence is no longer available.
rv-error-own = You cannot review your own evidence.
rv-error-reason_needed = Please give a reason for rejecting.
rv-error-reason_too_long = The reason is too long: { $length } { $length ->
    [one] character
   *[other] characters
}, at most { $limit }. Shorten it and send it again.
rv-notify-accepted =
    ✅ An expert accepted your evidence.
    🏢 { $centre }
    📋 { $requirement }
    It counts in the index until { $date }.
rv-notify-rejected =
    ❌ An expert rejected your evidence.
    🏢 { $centre }
    📋 { $requirement }
    Reason: { $reason }

    Fix it and send it again: /checklist
