### The weekly digest in the channel «Клиентоцентричность СЗН»: chart labels and the post's text.
### Sent with parse_mode HTML: markup is <b> only; the text has no less-than, greater-than or ampersand.
### Group names are the group-* messages of questionnaire.ftl.

## Numbers and dates

digest-number = { NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
digest-tick = { NUMBER($value, minimumFractionDigits: 0, maximumFractionDigits: 1) }
digest-percent = { NUMBER($value, maximumFractionDigits: 0) }%
# Change since last week; $value is its absolute value.
digest-delta = { $direction ->
    [up] ▲{ NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
    [down] ▼{ NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
   *[zero] { NUMBER(0, minimumFractionDigits: 2, maximumFractionDigits: 2) }
}
digest-delta-none = —
digest-no-data = no data
digest-country = Russia
digest-month-1 = Jan
digest-month-2 = Feb
digest-month-3 = Mar
digest-month-4 = Apr
digest-month-5 = May
digest-month-6 = Jun
digest-month-7 = Jul
digest-month-8 = Aug
digest-month-9 = Sep
digest-month-10 = Oct
digest-month-11 = Nov
digest-month-12 = Dec
# $day, $month (a digest-month-* name), $year; $dd and $mm are zero-padded.
digest-date = { $month } { $day }, { $year }
digest-date-short = { $month } { $day }
digest-week = week { $number } of { $year } ({ $start } – { $end })
digest-week-raw = week { $label }
digest-footer = Methodology { $methodology } · data as of { $date }
digest-source = Клиентоцентричность СЗН

## Chart 1: the country's star

digest-star-title = Customer-centricity star
digest-star-subtitle = { $country }'s employment centres · { $week }
digest-star-index-of = of 10 — the country's index
digest-star-no-index = no index yet: no questionnaires
digest-star-change = { $delta } this week
digest-star-no-prev = no previous week to compare with
digest-star-status = { $official ->
    [yes] Official index
   *[no] Preliminary index: too few questionnaires
}
digest-star-sample = { $respondents } { $respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $employers } from employers
digest-star-prev-value = was { $value }
digest-legend-now = this week
digest-legend-prev = last week
digest-legend-no-prev = no data for last week

## Chart 2: the regions' rating

digest-regions-title = Regions' rating
digest-regions-title-page = Regions' rating ({ $page }/{ $pages })
digest-regions-subtitle = { $week } · index from 0 to 10
digest-regions-rule = Official index: at least { $min_respondents } { $min_respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $min_employers } of them from employers.
digest-regions-official = Official · { $count }
digest-regions-preliminary = Preliminary (too few questionnaires) · { $count }
digest-regions-nodata = { $minimum ->
    [0] No data · { $count }
   *[other] No data or fewer than { $minimum } { $minimum ->
        [one] questionnaire
       *[other] questionnaires
    } · { $count }
}
digest-regions-col-index = index
digest-regions-col-change = change
digest-regions-interval = the index's 95 % interval
digest-regions-on-par = { $mark } on a par with its neighbours: their intervals overlap
digest-regions-country-line = { $country } — { $index }

## Chart 3: the trend

digest-trend-title = Index trend
digest-trend-subtitle = Country, leaders and laggards · { $weeks } { $weeks ->
    [one] week
   *[other] weeks
} to { $end }
digest-trend-axis = index, 0–10
digest-trend-legend = { $name } — { $index }
digest-trend-legend-change = { $name } — { $index } ({ $change } in { $weeks } { $weeks ->
    [one] week
   *[other] weeks
})

## The post's text (at most 1,024 characters; lines are shortened automatically to fit)

digest-caption-title = <b>Customer-centricity star of employment centres</b> · { $week }
digest-caption-country = Country index: <b>{ $index }</b> of 10 { $change }
digest-caption-country-none = Country index: no data yet
digest-caption-change = ({ $delta } this week)
digest-caption-no-prev = (no previous week to compare with)
digest-caption-sample = { $respondents } { $respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $employers } from employers — { $official ->
    [yes] the index is official (the { $min_respondents } / { $min_employers } rule holds)
   *[no] the index is preliminary: it needs at least { $min_respondents } { $min_respondents ->
    [one] questionnaire
   *[other] questionnaires
}, { $min_employers } of them from employers
}
digest-caption-regions = Regions: { $total }; official { $official }, preliminary { $preliminary }, { $minimum ->
    [0] no data { $nodata }
   *[other] no data or fewer than { $minimum } { $minimum ->
        [one] questionnaire
       *[other] questionnaires
    } — { $nodata }
}
digest-caption-top = 🏆 <b>Leaders among official results</b>
digest-caption-top-few = 🏆 <b>Only { $count } { $count ->
    [one] region has
   *[other] regions have
} an official index so far</b>
digest-caption-top-none = No region has an official index yet.
digest-caption-preliminary = <b>Preliminary (too few questionnaires)</b>
# $change is empty (no change) or " ▲0.12" with a leading space.
digest-caption-row = { $rank }. { $name } — { $index }{ $change }
digest-caption-preliminary-row = • { $name } — { $index }{ $change }
digest-caption-risers = 📈 <b>Biggest rises this week</b>
digest-caption-fallers = 📉 <b>Biggest falls this week</b>
digest-caption-mover = { $name } { $change }
digest-caption-methodology = Methodology { $methodology } · data as of { $date }
