### /stats for admins (the country) and experts (their regions). parse_mode HTML.

cmd-stats = Survey statistics: questionnaires, funnel, sample
stats-not-allowed = Statistics are for experts (their regions) and admins (the country).
stats-title-country = 📊 <b>Statistics · Russia</b>
stats-title-regions = 📊 <b>Statistics · { $names }</b>
stats-as-of = as of { $date }, { $time } { $tz }
stats-questionnaires-title = <b>Questionnaires</b> (started / completed)
stats-period-today = Today: job seekers { $seekers_started } / { $seekers_completed } · employers { $employers_started } / { $employers_completed }
stats-period-week = Since Monday: job seekers { $seekers_started } / { $seekers_completed } · employers { $employers_started } / { $employers_completed }
stats-period-window = Last { $days } { $days ->
    [one] day
   *[other] days
} (rating window): job seekers { $seekers_started } / { $seekers_completed } · employers { $employers_started } / { $employers_completed }
stats-regions-title = <b>Regions</b> — completed in { $days } { $days ->
    [one] day
   *[other] days
}
stats-region-line = { $n }. { $name } — { $completed } (job seekers { $seekers }, employers { $employers }; this week { $week })
stats-regions-more = …and { $count ->
    [one] { $count } more region
   *[other] { $count } more regions
}
stats-funnel-title = <b>Funnel of { $days } { $days ->
    [one] day
   *[other] days
}</b> (share of consent screens shown)
stats-step-consent_shown = Consent shown: { $count }
stats-step-consent_given = Consent given: { $count } ({ $share })
stats-step-started = Questionnaire started: { $count } ({ $share })
stats-step-first_answer = First question answered: { $count } ({ $share })
stats-step-completed = Completed: { $count } ({ $share })
stats-funnel-regions-note = In a region, consent is counted only for people who came by a QR code or link of its centres; returning respondents are not shown the consent again.
stats-funnel-since = Consent screens are counted since { $date }.
stats-stop = { $audience ->
    [seeker] Job seekers
   *[employer] Employers
} stop most often at question { $n } of { $total } “{ $question }”: { $count } of { $abandoned } unfinished.
stats-sample-title = <b>Sample { $respondents } / { $employers }</b>: the rule is met in { $meeting } of { $centres ->
    [one] { $centres } centre
   *[other] { $centres } centres
}
stats-furthest-title = Furthest from it:
stats-furthest-line = • { $name } — questionnaires { $respondents } of { $min_respondents }, employers { $employers } of { $min_employers }
stats-evidence-waiting = <b>Waiting for review</b>: { $count ->
    [0] no evidence
    [one] { $count } evidence item (/review)
   *[other] { $count } evidence items (/review)
}
stats-chart-funnel-title = Survey funnel
stats-chart-funnel-subtitle = { $days } { $days ->
    [one] day
   *[other] days
}: from the consent screen to a completed questionnaire
stats-chart-step-consent_shown = Consent shown
stats-chart-step-consent_given = Consent given
stats-chart-step-started = Started
stats-chart-step-first_answer = First answer
stats-chart-step-completed = Completed
stats-chart-sample-title = Furthest from the sample rule
stats-chart-sample-subtitle = { $respondents } questionnaires and { $employers } employers in { $days } { $days ->
    [one] day
   *[other] days
} · dashed: the goal
stats-chart-sample-value = { $respondents }/{ $min_respondents } · e. { $employers }/{ $min_employers }
