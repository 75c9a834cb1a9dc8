### Выгрузки (/export и python -m bot export). Тексты с parse_mode HTML.

cmd-export = Выгрузки в Excel и CSV
exports-not-allowed = Выгрузки доступны рабочим группам центров, экспертам и администраторам.
exports-choose =
    <b>Выгрузки</b>
    Выберите, что выгрузить. Excel — для работы с таблицей, CSV — для программ.
    Рейтинг и подтверждения — по вашим центрам или регионам; ответы обезличены: без ключей, дат и времени, только ISO-неделя; группы меньше 5 анкет не выгружаются.
exports-btn = { $kind ->
    [rating] 📊 Рейтинг
    [answers] 📝 Ответы
    [evidence] 📎 Подтверждения
    [comments] 💬 Комментарии
   *[audit] 🗂 Журнал действий
} · { $format ->
    [xlsx] Excel
   *[csv] CSV
}
exports-preparing = Готовлю файл…
exports-error-forbidden = Эта выгрузка вам недоступна.
exports-error-kind = Такой выгрузки нет.
exports-error-format = Такого формата нет: выберите Excel или CSV.
exports-too-big = Файл больше 50 МБ — столько Telegram не пропустит. Выгрузите его из командной строки: python -m bot { $command }.
exports-ready = { $kind ->
    [rating] 📊 Рейтинг
    [answers] 📝 Ответы (обезличенные)
    [evidence] 📎 Реестр подтверждений
    [comments] 💬 Комментарии посетителей
   *[audit] 🗂 Журнал действий
}: { $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[other] { $rows } строк
}.
exports-left-out = Не выгружено { $count ->
    [one] { $count } анкета
    [few] { $count } анкеты
   *[other] { $count } анкет
} из { $cells ->
    [one] { $cells } группы
   *[other] { $cells } групп
} «регион × аудитория × месяц», где меньше 5 анкет даже после объединения малых групп: так никого нельзя узнать.
exports-answers-left-out = Не выгружено { $count ->
    [one] { $count } анкета
    [few] { $count } анкеты
   *[other] { $count } анкет
} из { $cells ->
    [one] { $cells } группы
   *[other] { $cells } групп
} «регион × аудитория × месяц», где и после объединения меньше { $min } анкет.

exports-sheet-country = Страна
exports-sheet-regions = Регионы
exports-sheet-centres = Центры
exports-sheet-answers = Ответы
exports-sheet-evidence = Подтверждения
exports-answers-about = Одна строка — одна завершённая анкета. Ключей, дат и времени нет, только ISO-неделя завершения (или месяц, см. ниже). «затрудняюсь» — ответ «Затрудняюсь ответить»; пустая ячейка — вопрос этой аудитории не задаётся.
exports-answers-rule = Чтобы никого нельзя было узнать, в каждой группе «центр (или «{ $other }») × аудитория × период» не меньше { $min } анкет. Группа «центр × аудитория × неделя», где меньше { $min } анкет, объединяется с такими же малыми группами других центров того же региона за ту же неделю в строку «{ $other }» (без кода центра); если и там меньше { $min }, объединяется за календарный месяц (в столбце «Период» тогда месяц, например 2026-11); если меньше { $min } и за месяц, анкеты не выгружаются.
exports-answers-as-is = С центром и неделей: { $count ->
    [one] { $count } анкета
    [few] { $count } анкеты
   *[other] { $count } анкет
}.
exports-answers-merged-week = В «{ $other }» за неделю: { $count ->
    [one] { $count } анкета
    [few] { $count } анкеты
   *[other] { $count } анкет
}.
exports-answers-merged-month = В «{ $other }» за месяц: { $count ->
    [one] { $count } анкета
    [few] { $count } анкеты
   *[other] { $count } анкет
}.
exports-merged-centres = другие центры региона
exports-sheet-about = Пояснения
exports-col-note = Пояснение
exports-sheet-audit = Журнал
exports-level-country = страна
exports-level-region = регион
exports-level-centre = центр
exports-country = Россия
exports-official = официальный
exports-preliminary = предварительный
exports-hard-to-say = затрудняюсь
exports-audience-seeker = соискатель
exports-audience-employer = работодатель
exports-geo-ok = место подтверждено
exports-geo-failed = место не подтверждено
exports-actor-cli = командная строка
exports-state-pending = на проверке
exports-state-accepted = принято
exports-state-rejected = отклонено
exports-state-expired = срок истёк

exports-col-level = Уровень
exports-col-code = Код
exports-col-name = Название
exports-col-region = Регион
exports-col-index = Индекс
exports-col-index-seeker = Индекс соискателей
exports-col-index-employer = Индекс работодателей
exports-col-respondents = Анкет
exports-col-employers = Из них работодателей
exports-col-status = Статус
exports-col-delta = Изменение с прошлого среза
exports-col-low = { $what }: от ({ $percent } % интервал)
exports-col-high = { $what }: до ({ $percent } % интервал)
exports-col-audience = Аудитория
exports-col-week = Неделя
exports-col-period = Период
exports-col-methodology = Методика
exports-col-comment = Комментарий
exports-col-indicator = Показатель
exports-col-requirement = Требование
exports-col-state = Состояние
exports-col-submitted = Отправлено
exports-col-decided = Решение
exports-col-valid-until = Действует до
exports-col-reason = Причина отклонения
exports-col-geo = Проверка места
exports-col-geo-reason = Код проверки
exports-col-distance = Расстояние, м
exports-col-at = Когда
exports-col-actor-id = Telegram id
exports-col-actor = Кто
exports-col-kind = Действие
exports-col-object-type = Объект
exports-col-object-id = Номер объекта
exports-col-detail = Подробности
