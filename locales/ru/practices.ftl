### База практик «Конструктор клиентского опыта» (/practice, /practice_review, /practices).
### Отправляется с parse_mode HTML; названия, тексты практик и комментарии экранируются в коде.

cmd-practice = Добавить практику в «Конструктор»
cmd-practice_review = Практики на проверку
cmd-practices = Лучшие практики центров

## Группы клиентов и жизненные ситуации (services/practices/client_groups.yaml)
practices-client-seeker = Ищущие работу
practices-client-employer = Работодатели
practices-client-preretire = Граждане предпенсионного возраста
practices-client-disabled = Люди с инвалидностью
practices-client-parents = Молодые родители
practices-client-youth = Молодёжь
practices-client-migrants = Мигранты и переселенцы
practices-client-selfemployed = Самозанятые и начинающие предприниматели
practices-client-veterans = Участники СВО и их семьи
practices-client-laidoff = Работники под риском увольнения
practices-client-any = Все клиенты

## Карточка практики
practices-card-header =
    💡 <b>{ $title }</b>
    🏢 { $centre } · { $region }
practices-card-meta =
    👥 Для кого: { $client }
    🎯 Показатели: { $indicators }
    📅 Начало: { $started }
practices-card-problem =
    <b>В чём была проблема</b>
    { $text }
practices-card-done =
    <b>Что сделали</b>
    { $text }
practices-card-result =
    <b>Результат</b>
    { $text }
practices-card-photos = 📷 Фото: { $count }
practices-card-document = 📎 К практике приложен документ
practices-card-votes = 👍 Полезно: { $count }
practices-card-link = 📣 В канале: { $link }
practices-effect-thin = 📊 Измеренный эффект: пока недостаточно ответов. Нужно не меньше { $min } за { $days } дней до начала и после него; сейчас { $before } и { $after }.
practices-effect-centre = 📊 Измеренный эффект по показателям практики, { $days } дней до начала и после: центр { $before } → { $after } ({ $change } п.), ответов { $n_before } и { $n_after }.
practices-effect-others = Другие центры региона за те же даты: { $before } → { $after } ({ $change } п.), ответов { $n_before } и { $n_after }.
practices-effect-did = Разница в разнице: <b>{ $did } п.</b> из 100 — изменение, которое не объясняется общим фоном региона.
practices-effect-no-comparison = Сравнить не с чем: у других центров региона пока мало ответов за эти даты.

## Добавление практики: /practice
practices-not-allowed = Команда /practice — для рабочих групп центров и экспертов: через неё в «Конструктор клиентского опыта» добавляют лучшие решения. Найти практики может каждый: /practices.
practices-pick-centre = Для какого центра практика?
practices-pick-centre-expert = Для какого центра практика? Выберите свой центр ниже или пришлите часть названия центра вашего региона.
practices-centre-not-found = Не нашли центр в ваших регионах по этим словам. Пришлите другую часть названия.
practices-started = ✍️ Новая практика центра «{ $centre }». Черновик сохраняется после каждого шага: можно прерваться и вернуться командой /practice.
practices-resumed = ✍️ Продолжаем практику «{ $title }» с того места, где остановились.
practices-saved = ✅ Сохранено.
practices-ask-title = Как называется практика? Коротко, до { $title } символов, например: «Заполняем заявление вместе с клиентом за 10 минут».
practices-ask-indicators = Какие показатели индекса улучшает практика? Отметьте один или несколько кнопками и нажмите «Готово» — или пришлите коды, например: M7, K1.
practices-ask-client_group = Для кого практика: группа клиентов или жизненная ситуация?
practices-ask-client_group-profiles = Или выберите { $count ->
    [one] профиль клиентской группы вашего региона (👥)
   *[other] один из { $count } профилей клиентских групп вашего региона (👥)
}: практика будет связана с ним.
practices-ask-problem = В чём была проблема? Одним сообщением, до { $limit } символов.
practices-ask-done = Что сделали? Одним сообщением, до { $limit } символов.
practices-ask-result = Какой получился результат? Одним сообщением, до { $limit } символов: цифры, отзывы, что изменилось для клиентов.
practices-ask-started_on = Когда практика начала работать? Дата в виде ДД.ММ.ГГГГ, например 01.09.2026. По этой дате бот сравнит оценки клиентов до и после.
practices-ask-photos = Пришлите фото практики (до { $photos }), можно альбомом. Если фото нет, нажмите «Дальше».
practices-ask-document = Пришлите документ (PDF, DOCX, XLSX…), например регламент или памятку. Если документа нет, нажмите «Дальше».
practices-photo-added = 📷 Фото добавлено ({ $count } из { $limit }). Пришлите ещё или нажмите «Дальше».
practices-document-added = 📎 Документ добавлен. Нажмите «Дальше».
practices-preview-intro = 👀 Так практику увидят эксперты и, после одобрения, подписчики канала. Если всё верно, отправьте на проверку.
practices-edit-which = Что изменить?
practices-field-title = Название
practices-field-indicators = Показатели
practices-field-client_group = Для кого
practices-field-problem = Проблема
practices-field-done = Что сделали
practices-field-result = Результат
practices-field-started_on = Дата начала
practices-field-photos = Фото заново
practices-field-document = Документ заново
practices-submitted = 📨 Практика «{ $title }» отправлена на проверку экспертам региона. Мы напишем, когда они решат.
practices-discarded = 🗑 Черновик удалён.
practices-btn-done = ✅ Готово
practices-btn-next = ➡️ Дальше
practices-btn-preview = 👀 К карточке
practices-btn-submit = 📨 Отправить на проверку
practices-btn-edit = ✏️ Изменить
practices-btn-discard = 🗑 Удалить черновик

## Проверка: /practice_review
practices-review-not-expert = Команда /practice_review — для экспертов: она показывает практики центров ваших регионов, ожидающие проверки.
practices-review-empty = ✅ Практик на проверку нет.
practices-review-intro = На проверке: { $count } { $count ->
    [one] практика
    [few] практики
   *[other] практик
}. Самая давняя:
practices-waiting-notice = { $count ->
    [one] 📝 На проверке ждёт { $count } практика для базы «Конструктор клиентского опыта».
    [few] 📝 На проверке ждут { $count } практики для базы «Конструктор клиентского опыта».
   *[other] 📝 На проверке ждут { $count } практик для базы «Конструктор клиентского опыта».
}
practices-btn-open-queue = 📝 Открыть практики на проверке
practices-btn-accept = ✅ Одобрить и опубликовать
practices-btn-return = ↩️ Вернуть на доработку
practices-btn-reject = ❌ Отклонить
practices-ask-return = Что доработать? Напишите комментарий автору одним сообщением, до { $limit } символов.
practices-ask-reject = Почему практика отклонена? Напишите причину одним сообщением, до { $limit } символов.
practices-accepted-alert = Одобрено: практика уходит в канал.
practices-decided-accepted = ✅ Практика «{ $title }» одобрена и публикуется в канале.
practices-decided-returned = ↩️ Практика «{ $title }» возвращена автору на доработку.
practices-decided-rejected = ❌ Практика «{ $title }» отклонена.
practices-notify-accepted = ✅ Эксперты одобрили вашу практику «{ $title }». Она публикуется в канале и доступна всем в /practices.
practices-notify-returned =
    ↩️ Эксперты вернули практику «{ $title }» на доработку:
    { $comment }

    Исправьте и отправьте снова: /practice.
practices-notify-rejected =
    ❌ Эксперты отклонили практику «{ $title }»:
    { $comment }

## Поиск: /practices
practices-menu = 💡 <b>«Конструктор клиентского опыта»</b> — лучшие решения центров занятости, проверенные экспертами. Как искать?
practices-btn-newest = 🆕 Новые
practices-btn-by-g = По группам индекса
practices-btn-by-i = По показателям
practices-btn-by-c = По группам клиентов
practices-btn-by-r = По регионам
practices-btn-search = 🔍 Поиск по словам
practices-btn-menu = « Меню
practices-btn-back = « К списку
practices-btn-useful = 👍 Полезно · { $count }
practices-btn-ask = ✉️ Спросить автора
practices-btn-document = 📎 Документ
practices-btn-answer = ✉️ Ответить
practices-choose = { $kind ->
    [g] Выберите группу индекса:
    [i] Выберите показатель:
    [c] Выберите группу клиентов:
   *[r] Выберите регион:
}
practices-none = Одобренных практик пока нет.
practices-found = Практик: { $count }. Новые сверху.
practices-found-none = Практик не нашли. Попробуйте другой раздел или другие слова.
practices-search-ask = Пришлите слова для поиска, например: «запись предпенсионеры». Ищем по названию, проблеме, решению и результату; окончания слов не важны.
practices-search-result = По запросу «{ $query }» практик: { $count }.
practices-voted = Спасибо! Отметили, что практика полезна.
practices-voted-already = Вы уже отметили эту практику.
practices-ask-question = ✉️ Вопрос автору практики «{ $title }». Напишите его одним сообщением, до { $limit } символов. Автор не увидит ваш профиль, вы — его; ответ придёт сюда.
practices-question-sent = 📨 Вопрос отправлен автору. Ответ придёт в этот чат.
practices-question-undelivered = Не удалось доставить сообщение: возможно, человек заблокировал бота.
practices-question-to-author =
    ✉️ Вопрос о вашей практике «{ $title }»:
    { $question }

    Ответ уйдёт через бота; ваш профиль спрашивающий не увидит.
practices-answer-ask = Напишите ответ на вопрос о практике «{ $title }» одним сообщением, до { $limit } символов.
practices-answer-sent = 📨 Ответ отправлен.
practices-answer-received =
    ✉️ Автор практики «{ $title }» ответил.
    Ваш вопрос: { $question }

    { $answer }

## Практика недели (после еженедельного дайджеста)
practices-week =
    🏆 <b>Практика недели</b>: «{ $title }» — { $centre }.
    👍 Отметок «Полезно» за неделю: { $votes }.
    { $link }

    Все практики: /practices в боте.

## Ошибки
practices-error-forbidden = У вас нет доступа к этой практике.
practices-error-stale = Эта кнопка уже не действует.
practices-error-profile = Этот профиль не из региона практики или его больше нет. Выберите группу ещё раз.
practices-error-gone = Этой практики больше нет в базе.
practices-error-no_draft = Черновик не найден: его уже отправили или удалили. Начать заново: /practice.
practices-error-own = Свою практику проверяют другие эксперты.
practices-error-decided = По этой практике уже принято решение.
practices-error-empty = Пустое сообщение. Пришлите текст.
practices-error-title_too_long = ✂️ Название длиной { $length } симв., а можно не больше { $limit }. Сократите и пришлите ещё раз — остальное в черновике сохранено.
practices-error-too_long = ✂️ Слишком длинно: { $length } симв., а можно не больше { $limit }. Сократите и пришлите ещё раз — остальное в черновике сохранено.
practices-error-card_too_long = ✂️ Карточка получилась длиной { $length } симв., а в сообщение Telegram помещается не больше { $limit } (вместе с эффектом и отметками). Сократите проблему, решение или результат кнопкой «Изменить».
practices-error-unknown_indicator = Таких показателей нет в методике: { $codes }. Коды — как в индексе: D1–D3, P1–P3, M1–M8, A1–A2, K1–K4.
practices-error-too_many_indicators = Отметьте не больше { $limit } показателей — те, на которые практика влияет прямо.
practices-error-no_indicators = Отметьте хотя бы один показатель.
practices-error-date_format = Не получилось прочитать дату. Пришлите её в виде ДД.ММ.ГГГГ, например 01.09.2026.
practices-error-date_future = Дата { $date } ещё не наступила. Практику добавляют, когда она уже работает: пришлите дату начала.
practices-error-photo_type = Нужна фотография: пришлите фото (или файл JPG, PNG, WEBP) или нажмите «Дальше».
practices-error-document_type = Этот файл не подходит. Пришлите документ PDF, DOC(X), XLS(X), PPT(X), ODT или TXT — или нажмите «Дальше».
practices-error-too_many_photos = В альбоме помещается не больше { $limit } фото. Нажмите «Дальше».
practices-error-too_big = Файл больше { $mb } МБ: бот не может его скачать. Пришлите файл поменьше.
practices-error-download_failed = Не удалось скачать файл из Telegram. Пришлите его ещё раз.
practices-error-message_type = Здесь нужен текст. Пришлите его одним сообщением.
practices-error-text_expected = Здесь нужен текст одним сообщением.
practices-error-expected_client_group = Выберите группу клиентов кнопкой выше.
practices-error-expected_photos = Пришлите фото или нажмите «Дальше».
practices-error-expected_document = Пришлите документ или нажмите «Дальше».
practices-error-expected_preview = Карточка готова: отправьте её на проверку или нажмите «Изменить».
practices-error-incomplete = В практике заполнено не всё — продолжим с пропущенного.
practices-error-empty_query = Пришлите хотя бы одно слово для поиска.
practices-error-ask_own = Это ваша практика.
practices-error-ask_limit = За сутки можно задать не больше { $limit } вопросов авторам. Попробуйте завтра.
practices-error-answered = На этот вопрос вы уже ответили.
