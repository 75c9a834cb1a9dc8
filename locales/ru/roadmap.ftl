# /roadmap: дорожная карта пилотной апробации «Совершенствование пути клиента» (seed 003)
cmd-roadmap = Дорожная карта пилота «Путь клиента»

roadmap-not-allowed = Дорожную карту пилота ведут рабочие группы центров и эксперты регионов. Если вы сотрудник центра, попросите администратора прислать приглашение.
roadmap-pick-region = Дорожную карту какого региона показать?
roadmap-no-pilot = В регионе { $region } пилот «Путь клиента» ещё не начат. Его начинает эксперт региона.
roadmap-no-pilot-start = В регионе { $region } пилот «Путь клиента» ещё не начат. Нажмите «Начать пилот» и укажите дату начала — бот рассчитает сроки всех 20 мероприятий программы.
roadmap-button-start = 🚀 Начать пилот
roadmap-button-cancel = ✖️ Отмена
roadmap-button-meetings = 🗓 Совещания команды
roadmap-button-file = 📎 Показать результат
roadmap-button-done = ✅ Отметить выполненным
roadmap-button-accept = 👍 Принять
roadmap-button-return = ↩️ Вернуть на доработку
roadmap-button-back = ⬅️ К дорожной карте
roadmap-button-meet = ➕ Записать совещание
roadmap-button-open = Открыть мероприятие
roadmap-title = 🗺 <b>Пилот «Путь клиента» — { $region }</b>
    Начало: { $start }
roadmap-progress = Выполнено в срок: { $on_time }, с опозданием: { $late }, открыто: { $open }.
roadmap-next-meeting = Следующее совещание команды — не позже { $date }.
roadmap-legend = ⬜ к выполнению · ⏳ скоро срок · 🔴 просрочено · 🕓 на проверке · ↩️ возвращено · ✅ выполнено. Откройте мероприятие кнопкой с его номером.
roadmap-state-todo = к выполнению
roadmap-state-soon = скоро срок
roadmap-state-overdue = просрочено
roadmap-state-review = на проверке у эксперта
roadmap-state-returned = возвращено на доработку
roadmap-state-done = выполнено
roadmap-owner-region = Ответственный: пилотный регион
roadmap-owner-fck = Ответственный: ФЦК
roadmap-owner-both = Ответственные: ФЦК и пилотный регион
roadmap-step-region = Регион: { $region }
roadmap-step-deadline = { $throughout ->
    [yes] Срок: на протяжении всего пилота, до { $date }
   *[no] Срок: до { $date }
}
roadmap-step-result = Результат: { $result }
roadmap-step-state = Состояние: { $icon } { $state }
roadmap-step-sent = Результат прислан { $date }, { $who }
roadmap-step-comment = Комментарий: { $comment }
roadmap-step-reason = Что доработать: { $reason }
roadmap-meetings-title = 🗓 <b>Совещания кросс-функциональной команды — { $region }</b>
    Не реже одного раза в { $weeks } { $weeks ->
        [one] неделю
        [few] недели
       *[many] недель
    }.
roadmap-meetings-none = Совещаний пока не записано.
roadmap-ask-start = С какой даты начинается пилот? Напишите дату, например { $today }. Дата не может быть в прошлом.
roadmap-started = 🚀 Пилот начат { $start }. Сроки мероприятий рассчитаны от этой даты; рабочая группа получит напоминания.
roadmap-cancelled = Отменено.
roadmap-accepted = Принято
roadmap-returned = ↩️ Мероприятие { $code } возвращено на доработку, рабочая группа получит причину.
roadmap-ask-reason = Что нужно доработать в мероприятии { $code }? Напишите одним сообщением, до { $limit } символов.
roadmap-ask-result = Пришлите результат мероприятия { $code } документом или фото: { $result }
    Комментарий можно добавить в подпись к файлу (до { $limit } символов).
roadmap-submitted = 📤 Результат мероприятия { $code } отправлен экспертам региона на проверку.
roadmap-comment-kept = Комментарий сохранён. Теперь пришлите сам файл — документ или фото.
roadmap-ask-meeting-date = Когда прошло совещание? Напишите дату, например { $today }.
roadmap-ask-minutes = Пришлите протокол совещания { $date } документом или фото; комментарий — в подписи к файлу (до { $limit } символов).
roadmap-meeting-recorded = 🗓 Совещание { $date } записано.
roadmap-told-submitted = 📤 Рабочая группа прислала результат мероприятия { $code } дорожной карты. Проверьте его.
roadmap-told-accepted = ✅ Эксперт принял результат мероприятия { $code } дорожной карты.
roadmap-told-returned = ↩️ Эксперт вернул мероприятие { $code } дорожной карты на доработку: { $reason }

roadmap-error-forbidden = Это доступно только рабочей группе и экспертам этого региона.
roadmap-error-gone = Этого мероприятия больше нет.
roadmap-error-exists = В этом регионе пилот уже начат.
roadmap-error-no_pilot = В этом регионе пилот ещё не начат.
roadmap-error-date_format = Не понимаю дату. Напишите её так: 16.08.2026.
roadmap-error-date_past = Дата начала уже прошла. Укажите сегодняшнюю или более позднюю дату.
roadmap-error-date_far = Слишком далеко: пилот можно начать не позже чем через год.
roadmap-error-date_future = Эта дата ещё не наступила. Запишите совещание после того, как оно пройдёт.
roadmap-error-date_before_start = Эта дата раньше начала пилота.
roadmap-error-wrong_file = Нужен документ (PDF, Word, Excel, презентация, изображение, архив) или фото. Пришлите файл ещё раз — комментарий сохранён.
roadmap-error-too_long = ✂️ Слишком длинно: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
} при пределе { $limit }. Сократите и пришлите ещё раз.
roadmap-error-too_big = Файл больше { $mb } МБ — бот не может скачать его из Telegram. Сожмите файл или разделите на части и пришлите ещё раз — комментарий сохранён.
roadmap-error-download_failed = Не удалось скачать файл из Telegram. Пришлите его ещё раз — комментарий сохранён.
roadmap-error-state = Это мероприятие уже на проверке или принято.
roadmap-error-stale = Эта кнопка уже не действует.

# напоминания (раз в день, не больше одного сообщения)
roadmap-remind-title = 🗺 <b>Дорожная карта пилота «Путь клиента»</b>
roadmap-remind-region = <b>{ $region }</b>
roadmap-remind-soon = ⏳ { $code } { $title } — срок { $deadline } ({ $days ->
    [0] сегодня
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
})
roadmap-remind-overdue = 🔴 { $code } { $title } — срок { $deadline } прошёл
roadmap-remind-meeting = 🗓 Пора провести совещание команды: с { $last } прошло почти 3 недели, крайний срок — { $due }.
roadmap-remind-meeting-late = 🗓 Рабочая группа не проводила совещание команды больше 3 недель: срок был { $due }.
roadmap-remind-footer = Открыть дорожную карту: /roadmap

# /my_index для экспертов
roadmap-summary = 🗺 Пилот «Путь клиента»: в срок { $on_time }, с опозданием { $late }, открыто { $open } (/roadmap).
roadmap-file-unavailable = Файл больше недоступен в Telegram, а его копии у бота нет.
