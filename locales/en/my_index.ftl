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
# The moment the whole card describes: the week's run or (without one) "now".
mi-as-of-run = 🗓 Results of the week: { $week } · computed { $date }, { $time } { $tz }
mi-as-of-now = 🗓 As of { $date }, { $time } { $tz }
# $abbr is the time zone's abbreviation (MSK) or offset (UTC+05).
mi-tz = { $abbr ->
    [MSK] MSK
   *[other] { $abbr }
}
mi-index = Index: <b>{ $index }</b> of 10{ $official ->
    [yes] {""}
   *[no] , preliminary
} { $change }
mi-index-none = Index: no data yet — no questionnaires in this period.
mi-change = ({ $delta } this week)
mi-no-prev = (no previous week to compare with)
mi-status = { $official ->
    [yes] Official index
   *[no] ⚠️ Too few questionnaires so far: the index, sub-indices and weakest points are preliminary
}
mi-subindices = Job seekers: { $seeker } · employers: { $employer }
mi-sample-title = <b>Questionnaires in { $days } { $days ->
    [one] day
   *[other] days
}</b> (the { $min_respondents } / { $min_employers } rule)
mi-sample-all = All: { $bar } { $count } of { $goal }
mi-sample-employers = From employers: { $bar } { $count } of { $goal }
mi-sample-done = ✅ The sample is large enough for an official index.
mi-sample-need = Still needed: { $respondents } { $respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $employers } of them from employers.
# Questionnaires completed after the run: not in the index or the star yet.
mi-since = 🆕 Since the run: { $count } new { $count ->
    [one] questionnaire
   *[other] questionnaires
}, { $employers } of them from employers. They count from the next weekly run.
mi-since-none = No new questionnaires since the run yet.
mi-weakest-title = <b>Weakest points</b> (share of the maximum){ $official ->
    [yes] {""}
   *[no] {" "}— preliminary
}
mi-weakest-row = { $rank }. { $name } — { $percent }
mi-children-centre = <b>Centres of the region</b> ({ $count })
mi-children-region = <b>Regions</b> ({ $count })
# $change is empty or " ▲0.12" with a leading space.
mi-child-row = { $rank }. { $name } — { $index }{ $change }
mi-child-preliminary = • { $name } — { $index }{ $change } (prelim.)
mi-child-nodata = • { $name } — no data
mi-more = …and { $count } more
mi-updated = Methodology { $methodology }
# Under the big number on a centre's or a region's star.
mi-star-index-of-centre = of 10 — the centre's index
mi-star-index-of-region = of 10 — the region's index

## /my_index: the centre's practices in the «Customer experience builder» and the experts' queue

mi-practices-title = 💡 <b>Your centre's practices</b> in the builder: { $count }{ $more ->
    [yes] {" "}(the newest shown)
   *[no] {""}
}
# $centre is empty or " · centre name" (when the person works at several centres).
mi-practices-row = { $number }. { $title } — { $state }{ $centre }
mi-practices-hint = Open a practice with the buttons below. A new practice: /practice
mi-practices-none = 💡 Your centre has no practices in the «Customer experience builder» yet. Describe the first one: /practice
mi-practice-state = { $state ->
    [pending] under review
    [returned] sent back for changes
    [accepted] accepted
    [posted] accepted, in the channel
    [rejected] rejected
   *[other] draft
}
mi-practice-opened = State: <b>{ $state }</b>
mi-practice-comment = The expert's comment: { $comment }
mi-practice-edit = Edit it and send it again: /practice
mi-practices-queue = { $count ->
    [0] ✅ No practices wait for review { $scope ->
        [all] anywhere.
       *[regions] in your regions.
    }
   *[other] 📝 Waiting for review { $scope ->
        [all] in all regions
       *[regions] in your regions
    }: { $count } { $count ->
        [one] practice
       *[other] practices
    }.
}
mi-practices-queue-button = 📝 Open the review queue

## Buttons under a centre's card: visitors' comments and the QR poster

mi-comments-button = 💬 Comments ({ $count })
mi-poster-button = 🖨 QR poster
mi-tools-forbidden = Only this centre's working group can use this.
mi-comments-none = No comments on this centre's questionnaires in the last { $days } { $days ->
    [one] day
   *[other] days
}.
mi-comments-title = 💬 <b>Visitors' comments</b> · { $name }
mi-comments-subtitle = { $days } { $days ->
    [one] day
   *[other] days
}: { $count } { $count ->
    [one] comment
   *[other] comments
} · page { $page } of { $pages }. Anonymous: no names or dates, only the week.
mi-comments-week = <b>{ $week }</b>
mi-comments-row = — { $text }
mi-comments-newer = ‹ Newer
mi-comments-older = Older ›
mi-comments-page = { $page } / { $pages }
cmd-poster = A centre's QR poster
mi-poster-not-allowed = A centre's QR poster is for its working group and the admins.
mi-poster-forbidden = Only this centre's working group can get its poster.
mi-poster-unknown = There is no centre with the code “{ $code }”. Check the code, e.g. /poster 77-cao
mi-poster-usage = Send /poster and a centre's code, e.g. /poster 77-cao
mi-poster-pick = Which centre's poster?
mi-poster-making = Making the poster…
mi-poster-ready = 🖨 <b>QR poster</b> · { $name }
    The PDF is for printing on A4 paper (choose “fit to page”), the PNG for forwarding or showing on a screen. The QR code opens the bot with the centre already chosen: { $link }
    Put the poster up at the entrance and where visitors wait.
mi-poster-png = Poster, PNG 300 dpi
mi-poster-pdf = Poster, PDF A4 for printing

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
admin-digest-unknown = ❓ It is not known whether the digest for { $week } was posted: the send to the channel started at { $started } and Telegram gave no answer ({ $error }). The bot will not repeat it by itself, so that it is never posted twice.
    Check the channel. If the post is not there, post it: python -m bot digest --force
admin-digest-skipped = ℹ️ The digest for { $week } was not posted: { $reason ->
    [no-index] there is no country index ({ $count } { $count ->
        [one] questionnaire
       *[other] questionnaires
    } in { $days } { $days ->
        [one] day
       *[other] days
    })
   *[too-few] the country has { $count } { $count ->
        [one] questionnaire
       *[other] questionnaires
    } in { $days } { $days ->
        [one] day
       *[other] days
    }, at least { $minimum } are needed (DIGEST_MIN_QUESTIONNAIRES)
}. No empty post went to the channel; the bot will not try again this week.
    Once there are enough questionnaires: python -m bot snapshot, then python -m bot digest
admin-digest-channel = ⚠️ The digest for { $week } was not posted: channel { $channel } was not found ({ $error }).
    Check CHANNEL_ID and that the bot is an administrator of the channel. The bot will try again in 30 minutes.
