### /stats для администраторов (страна) и экспертов (их регионы). parse_mode HTML.

cmd-stats = Статистика опроса: анкеты, воронка, выборка
stats-not-allowed = Статистика доступна экспертам (по их регионам) и администраторам (по стране).
stats-title-country = 📊 <b>Статистика · Россия</b>
stats-title-regions = 📊 <b>Статистика · { $names }</b>
stats-as-of = по состоянию на { $date }, { $time } { $tz }
stats-questionnaires-title = <b>Анкеты</b> (начато / завершено)
stats-period-today = Сегодня: соискатели { $seekers_started } / { $seekers_completed } · работодатели { $employers_started } / { $employers_completed }
stats-period-week = С понедельника: соискатели { $seekers_started } / { $seekers_completed } · работодатели { $employers_started } / { $employers_completed }
stats-period-window = За { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
} (окно рейтинга): соискатели { $seekers_started } / { $seekers_completed } · работодатели { $employers_started } / { $employers_completed }
stats-regions-title = <b>Регионы</b> — завершено за { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}
stats-region-line = { $n }. { $name } — { $completed } (соискатели { $seekers }, работодатели { $employers }; за неделю { $week })
stats-regions-more = …и ещё { $count ->
    [one] { $count } регион
    [few] { $count } региона
   *[other] { $count } регионов
}
stats-funnel-title = <b>Воронка за { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}</b> (доля от показов согласия)
stats-step-consent_shown = Показано согласие: { $count }
stats-step-consent_given = Дали согласие: { $count } ({ $share })
stats-step-started = Начали анкету: { $count } ({ $share })
stats-step-first_answer = Ответили на первый вопрос: { $count } ({ $share })
stats-step-completed = Завершили: { $count } ({ $share })
stats-funnel-regions-note = Согласие в регионе считается только у тех, кто пришёл по QR-коду или ссылке его центра; вернувшимся респондентам согласие не показывается.
stats-funnel-since = Показы согласия считаются с { $date }.
stats-stop = Чаще всего { $audience ->
    [seeker] соискатели
   *[employer] работодатели
} останавливаются на вопросе { $n } из { $total } «{ $question }»: { $count } из { $abandoned } незавершённых.
stats-sample-title = <b>Выборка { $respondents } / { $employers }</b>: правило выполнено в { $meeting } из { $centres ->
    [one] { $centres } центра
   *[other] { $centres } центров
}
stats-furthest-title = Дальше всех от него:
stats-furthest-line = • { $name } — анкет { $respondents } из { $min_respondents }, работодателей { $employers } из { $min_employers }
stats-evidence-waiting = <b>Ждут проверки</b>: { $count ->
    [0] подтверждений нет
    [one] { $count } подтверждение (/review)
    [few] { $count } подтверждения (/review)
   *[other] { $count } подтверждений (/review)
}
stats-chart-funnel-title = Воронка опроса
stats-chart-funnel-subtitle = { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}: от показа согласия до завершённой анкеты
stats-chart-step-consent_shown = Показано согласие
stats-chart-step-consent_given = Дали согласие
stats-chart-step-started = Начали анкету
stats-chart-step-first_answer = Первый ответ
stats-chart-step-completed = Завершили
stats-chart-sample-title = Дальше всех от правила выборки
stats-chart-sample-subtitle = { $respondents } анкет и { $employers } работодателей за { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
} · пунктир — цель
stats-chart-sample-value = { $respondents }/{ $min_respondents } · р. { $employers }/{ $min_employers }
