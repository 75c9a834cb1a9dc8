### Exports (/export and python -m bot export). Texts use parse_mode HTML.

cmd-export = Exports to Excel and CSV
exports-not-allowed = Exports are for centres' working groups, experts and admins.
exports-choose =
    <b>Exports</b>
    Choose what to export. Excel is for working with the table, CSV for programs.
    The rating and the evidence cover your centres or regions; answers are anonymised: no keys, dates or times, only the ISO week; groups of fewer than 5 questionnaires are left out.
exports-btn = { $kind ->
    [rating] 📊 Rating
    [answers] 📝 Answers
    [evidence] 📎 Evidence
    [comments] 💬 Comments
   *[audit] 🗂 Audit log
} · { $format ->
    [xlsx] Excel
   *[csv] CSV
}
exports-preparing = Preparing the file…
exports-error-forbidden = This export is not available to you.
exports-error-kind = There is no such export.
exports-error-format = There is no such format: choose Excel or CSV.
exports-too-big = The file is over 50 MB, more than Telegram accepts. Export it from the command line: python -m bot { $command }.
exports-ready = { $kind ->
    [rating] 📊 Rating
    [answers] 📝 Answers (anonymised)
    [evidence] 📎 Evidence register
    [comments] 💬 Visitors' comments
   *[audit] 🗂 Audit log
}: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}.
exports-left-out = Left out: { $count ->
    [one] { $count } questionnaire
   *[other] { $count } questionnaires
} in { $cells ->
    [one] { $cells } region × audience × month group
   *[other] { $cells } region × audience × month groups
} with fewer than 5 even after merging the small groups, so that nobody can be recognised.
exports-answers-left-out = Left out: { $count ->
    [one] { $count } questionnaire
   *[other] { $count } questionnaires
} in { $cells ->
    [one] { $cells } region × audience × month group
   *[other] { $cells } region × audience × month groups
} with fewer than { $min } even after merging.

exports-sheet-country = Country
exports-sheet-regions = Regions
exports-sheet-centres = Centres
exports-sheet-answers = Answers
exports-sheet-evidence = Evidence
exports-answers-about = One row per completed questionnaire. No keys, dates or times, only the ISO week of completion (or the month, see below). “hard to say” is that answer; an empty cell is a question not asked of this audience.
exports-answers-rule = So that nobody can be recognised, every group “centre (or “{ $other }”) × audience × period” holds at least { $min } questionnaires. A centre × audience × week group of fewer than { $min } is merged with the other small groups of the same region and week into a row “{ $other }” (no centre code); if that is still under { $min }, it is merged over the calendar month (the “Period” column then holds the month, e.g. 2026-11); what is under { $min } even over the month is left out.
exports-answers-as-is = With their centre and week: { $count ->
    [one] { $count } questionnaire
   *[other] { $count } questionnaires
}.
exports-answers-merged-week = In “{ $other }” by week: { $count ->
    [one] { $count } questionnaire
   *[other] { $count } questionnaires
}.
exports-answers-merged-month = In “{ $other }” by month: { $count ->
    [one] { $count } questionnaire
   *[other] { $count } questionnaires
}.
exports-merged-centres = other centres of the region
exports-sheet-about = About
exports-col-note = Note
exports-sheet-audit = Audit log
exports-level-country = country
exports-level-region = region
exports-level-centre = centre
exports-country = Russia
exports-official = official
exports-preliminary = preliminary
exports-hard-to-say = hard to say
exports-audience-seeker = job seeker
exports-audience-employer = employer
exports-geo-ok = place confirmed
exports-geo-failed = place not confirmed
exports-actor-cli = command line
exports-state-pending = on review
exports-state-accepted = accepted
exports-state-rejected = rejected
exports-state-expired = expired

exports-col-level = Level
exports-col-code = Code
exports-col-name = Name
exports-col-region = Region
exports-col-index = Index
exports-col-index-seeker = Job seekers' index
exports-col-index-employer = Employers' index
exports-col-respondents = Questionnaires
exports-col-employers = Of them employers
exports-col-status = Status
exports-col-delta = Change since the last snapshot
exports-col-low = { $what }: low ({ $percent } % interval)
exports-col-high = { $what }: high ({ $percent } % interval)
exports-col-audience = Audience
exports-col-week = Week
exports-col-period = Period
exports-col-methodology = Methodology
exports-col-comment = Comment
exports-col-indicator = Indicator
exports-col-requirement = Requirement
exports-col-state = State
exports-col-submitted = Submitted
exports-col-decided = Decided
exports-col-valid-until = Valid until
exports-col-reason = Reason for rejection
exports-col-geo = Place check
exports-col-geo-reason = Check code
exports-col-distance = Distance, m
exports-col-at = When
exports-col-actor-id = Telegram id
exports-col-actor = Who
exports-col-kind = Action
exports-col-object-type = Object
exports-col-object-id = Object number
exports-col-detail = Details
