### /my_index for working groups and experts, reminders to staff, notices to admins about the
### weekly digest. Telegram HTML: <b> only; names are passed in escaped.

## /my_index

mi-only-staff = /my_index is for the working groups of employment centres and for experts. If you are in a centre's working group, ask your coordinator for an invitation link.
mi-nothing = Nothing to show yet: no centres or regions are loaded.
mi-more-levels = And { $count } more { $count ->
    [one] level
   *[other] levels
}: the first ones are shown.
mi-title-centre = 🏢 <b>{ $name }</b>
mi-title-region = 🗺 <b>{ $name }</b> · region
mi-title-country = 🇷🇺 <b>{ $name }</b> · all regions
mi-no-index = No index yet: it is computed once a week, on Mondays.
mi-index = Index: <b>{ $index }</b> of 10 { $change }
mi-index-none = Index: no data yet — no questionnaires in this period.
mi-change = ({ $delta } this week)
mi-no-prev = (no previous week to compare with)
mi-status = { $official ->
    [yes] Official index
   *[no] Preliminary index: too few questionnaires so far
}
mi-subindices = Job seekers: { $seeker } · employers: { $employer }
mi-sample-title = <b>Questionnaires in { $days } { $days ->
    [one] day
   *[other] days
}</b> (the 100 / 20 rule)
mi-sample-all = All: { $bar } { $count } of { $goal }
mi-sample-employers = From employers: { $bar } { $count } of { $goal }
mi-sample-done = ✅ The sample is large enough for an official index.
mi-sample-need = Still needed: { $respondents } { $respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $employers } of them from employers.
mi-weakest-title = <b>Weakest points</b> (share of the maximum)
mi-weakest-row = { $rank }. { $name } — { $percent }
mi-children-centre = <b>Centres of the region</b> ({ $count })
mi-children-region = <b>Regions</b> ({ $count })
# $change is empty or " ▲0.12" with a leading space.
mi-child-row = { $rank }. { $name } — { $index }{ $change }
mi-child-preliminary = • { $name } — { $index }{ $change } (prelim.)
mi-child-nodata = • { $name } — no data
mi-more = …and { $count } more
mi-updated = Data as of { $date } · methodology { $methodology }
# Under the big number on a centre's or a region's star.
mi-star-index-of-centre = of 10 — the centre's index
mi-star-index-of-region = of 10 — the region's index

## Reminders to staff (at most once a week)

mi-nudges-off-button = 🔕 Stop reminders
mi-nudges-on-button = 🔔 Send reminders
mi-nudges-off-done = Reminders are off. Turn them back on with the button under /my_index.
mi-nudges-on-done = Reminders are on: at most once a week.
nudge-title = 🔔 <b>A reminder for the working group</b>
nudge-centre = <b>{ $name }</b>
nudge-sample = • Questionnaires in the last { $days } { $days ->
    [one] day
   *[other] days
}: { $respondents } of { $min_respondents }, { $employers } of { $min_employers } from employers. An official index needs { $need_respondents } more, { $need_employers } of them from employers. Put the QR poster where visitors see it and invite them to answer.
nudge-evidence = • Requirements without accepted evidence: { $count }. Send photos or documents with /checklist.
nudge-footer = Details: /my_index. Reminders come at most once a week.

## To admins: the weekly digest

admin-digest-failed = ⚠️ The digest for { $week } was not posted (attempt { $attempt } of { $attempts }): { $error }
    The bot will try again by itself.
admin-digest-gave-up = ❌ The digest for { $week } was not posted after { $attempts } { $attempts ->
    [one] attempt
   *[other] attempts
}: { $error }
    Check CHANNEL_ID and the bot's rights in the channel, then post it by hand: python -m bot digest
admin-digest-missed = ❌ The digest for { $week } was not posted: the bot was not running at { $scheduled } nor started within { $hours } { $hours ->
    [one] hour
   *[other] hours
} after it. Post it by hand: python -m bot digest
