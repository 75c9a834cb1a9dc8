### Еженедельный дайджест в канале «Клиентоцентричность СЗН»: подписи на графиках и текст поста.
### Пост отправляется с parse_mode HTML: разметка — только <b>, в тексте нет символов «меньше», «больше» и амперсанда.
### Названия групп — сообщения group-* из questionnaire.ftl.

## Числа и даты (десятичная запятая; NUMBER ставит неразрывный пробел между тысячами)

digest-number = { NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
digest-tick = { NUMBER($value, minimumFractionDigits: 0, maximumFractionDigits: 1) }
digest-percent = { NUMBER($value, maximumFractionDigits: 0) } %
# Изменение за неделю; $value — модуль изменения.
digest-delta = { $direction ->
    [up] ▲{ NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
    [down] ▼{ NUMBER($value, minimumFractionDigits: 2, maximumFractionDigits: 2) }
   *[zero] { NUMBER(0, minimumFractionDigits: 2, maximumFractionDigits: 2) }
}
digest-delta-none = —
digest-no-data = нет данных
digest-country = Россия
digest-month-1 = января
digest-month-2 = февраля
digest-month-3 = марта
digest-month-4 = апреля
digest-month-5 = мая
digest-month-6 = июня
digest-month-7 = июля
digest-month-8 = августа
digest-month-9 = сентября
digest-month-10 = октября
digest-month-11 = ноября
digest-month-12 = декабря
# $day, $month (название из digest-month-*), $year; $dd и $mm — с ведущим нулём.
digest-date = { $day } { $month } { $year }
digest-date-short = { $dd }.{ $mm }
digest-week = { $number }-я неделя { $year } ({ $start }–{ $end })
digest-week-raw = неделя { $label }
digest-footer = Методика { $methodology } · данные на { $date }
digest-source = Клиентоцентричность СЗН

## График 1: «звезда» страны

digest-star-title = Звезда клиентоцентричности ЦЗН
digest-star-subtitle = { $country } · { $week }
digest-star-index-of = из 10 — индекс по стране
digest-star-no-index = индекс пока не рассчитан: нет анкет
digest-star-change = { $delta } за неделю
digest-star-no-prev = прошлой недели нет для сравнения
digest-star-status = { $official ->
    [yes] Официальный индекс
   *[no] Предварительный индекс: мало анкет
}
digest-star-sample = { $respondents } { $respondents ->
    [one] анкета
    [few] анкеты
   *[other] анкет
}, из них от работодателей { $employers }
digest-star-prev-value = было { $value }
digest-legend-now = эта неделя
digest-legend-prev = прошлая неделя
digest-legend-no-prev = за прошлую неделю данных нет

## График 2: рейтинг регионов

digest-regions-title = Рейтинг регионов
digest-regions-title-page = Рейтинг регионов ({ $page }/{ $pages })
digest-regions-subtitle = { $week } · индекс от 0 до 10
digest-regions-rule = Официальный индекс — от { $min_respondents } { $min_respondents ->
    [one] анкеты
   *[other] анкет
}, из них от работодателей не менее { $min_employers }.
digest-regions-official = Официальные · { $count }
digest-regions-preliminary = Предварительные (мало анкет) · { $count }
# $minimum — DIGEST_MIN_QUESTIONNAIRES: регион с меньшим числом анкет показан без цифр.
digest-regions-nodata = { $minimum ->
    [0] Нет данных · { $count }
   *[other] Нет данных или меньше { $minimum } { $minimum ->
        [one] анкеты
       *[other] анкет
    } · { $count }
}
digest-regions-col-index = индекс
digest-regions-col-change = за неделю
digest-regions-interval = 95 % интервал индекса
digest-regions-on-par = { $mark } на уровне соседей: интервалы соседних мест пересекаются
digest-regions-country-line = { $country } — { $index }

## График 3: динамика

digest-trend-title = Динамика индекса
digest-trend-subtitle = Страна, лидеры и отстающие · { $weeks } { $weeks ->
    [one] неделя
    [few] недели
   *[other] недель
} по { $end }
digest-trend-axis = индекс, 0–10
digest-trend-legend = { $name } — { $index }
digest-trend-legend-change = { $name } — { $index } ({ $change } за { $weeks } { $weeks ->
    [one] неделю
    [few] недели
   *[other] недель
})

## Текст поста (не длиннее 1024 символов; если не помещается, строки сокращаются автоматически)

digest-caption-title = <b>Звезда клиентоцентричности ЦЗН</b> · { $week }
digest-caption-country = Индекс по стране: <b>{ $index }</b> из 10 { $change }
digest-caption-country-none = Индекс по стране: пока нет данных
digest-caption-change = ({ $delta } за неделю)
digest-caption-no-prev = (прошлой недели нет для сравнения)
digest-caption-sample = { $respondents } { $respondents ->
    [one] анкета
    [few] анкеты
   *[other] анкет
}, из них от работодателей { $employers } — { $official ->
    [yes] индекс официальный (правило { $min_respondents } / { $min_employers } выполнено)
   *[no] индекс предварительный: нужно не менее { $min_respondents } { $min_respondents ->
    [one] анкеты
   *[other] анкет
}, из них { $min_employers } от работодателей
}
digest-caption-regions = Регионов: { $total }, из них с официальным индексом { $official }, с предварительным { $preliminary }, { $minimum ->
    [0] без данных { $nodata }
   *[other] без данных или меньше { $minimum } { $minimum ->
        [one] анкеты
       *[other] анкет
    } — { $nodata }
}
digest-caption-top = 🏆 <b>Лидеры среди официальных</b>
digest-caption-top-few = 🏆 <b>Официальный индекс пока только у { $count } { $count ->
    [one] региона
   *[other] регионов
}</b>
digest-caption-top-none = Официального индекса пока нет ни у одного региона.
digest-caption-preliminary = <b>Предварительные (мало анкет)</b>
# $change — пусто (нет изменения) или « ▲0,12» с пробелом впереди.
digest-caption-row = { $rank }. { $name } — { $index }{ $change }
digest-caption-preliminary-row = • { $name } — { $index }{ $change }
digest-caption-risers = 📈 <b>Рост за неделю</b>
digest-caption-fallers = 📉 <b>Снижение за неделю</b>
digest-caption-mover = { $name } { $change }
digest-caption-methodology = Методика { $methodology } · данные на { $date }
