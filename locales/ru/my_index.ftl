### /my_index для рабочих групп и экспертов, напоминания сотрудникам, уведомления администраторам
### о еженедельном дайджесте. Разметка Telegram HTML: только <b>; названия подставляются
### экранированными.

## /my_index

mi-only-staff = Команда /my_index — для рабочих групп центров занятости и экспертов. Если вы в рабочей группе центра, попросите у координатора ссылку-приглашение.
mi-nothing = Пока нечего показать: центры и регионы ещё не загружены.
mi-more-levels = И ещё { $count } { $count ->
    [one] уровень
    [few] уровня
   *[other] уровней
} — показаны первые.
mi-title-centre = 🏢 <b>{ $name }</b>
mi-title-region = 🗺 <b>{ $name }</b> · регион
mi-title-country = 🇷🇺 <b>{ $name }</b> · все регионы
mi-no-index = Индекс ещё не рассчитан: расчёт идёт раз в неделю, по понедельникам.
mi-index = Индекс: <b>{ $index }</b> из 10 { $change }
mi-index-none = Индекс: пока нет данных — анкет за этот период нет.
mi-change = ({ $delta } за неделю)
mi-no-prev = (прошлой недели нет для сравнения)
mi-status = { $official ->
    [yes] Официальный индекс
   *[no] Предварительный индекс: анкет пока мало
}
mi-subindices = Соискатели: { $seeker } · работодатели: { $employer }
mi-sample-title = <b>Анкеты за { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}</b> (правило 100 / 20)
mi-sample-all = Всего: { $bar } { $count } из { $goal }
mi-sample-employers = От работодателей: { $bar } { $count } из { $goal }
mi-sample-done = ✅ Выборки хватает для официального индекса.
mi-sample-need = Не хватает: { $respondents } { $respondents ->
    [one] анкеты
   *[other] анкет
}, из них от работодателей — { $employers }.
mi-weakest-title = <b>Слабые места</b> (доля от максимума)
mi-weakest-row = { $rank }. { $name } — { $percent }
mi-children-centre = <b>Центры региона</b> ({ $count })
mi-children-region = <b>Регионы</b> ({ $count })
# $change — пусто или « ▲0,12» с пробелом впереди.
mi-child-row = { $rank }. { $name } — { $index }{ $change }
mi-child-preliminary = • { $name } — { $index }{ $change } (предварительный)
mi-child-nodata = • { $name } — нет данных
mi-more = …и ещё { $count }
mi-updated = Данные на { $date } · методика { $methodology }
# Подпись под большим числом на «звезде» центра или региона.
mi-star-index-of-centre = из 10 — индекс центра
mi-star-index-of-region = из 10 — индекс региона

## Напоминания сотрудникам (не чаще раза в неделю)

mi-nudges-off-button = 🔕 Не присылать напоминания
mi-nudges-on-button = 🔔 Присылать напоминания
mi-nudges-off-done = Напоминания отключены. Включить снова — кнопкой под /my_index.
mi-nudges-on-done = Напоминания включены: не чаще раза в неделю.
nudge-title = 🔔 <b>Напоминание рабочей группе</b>
nudge-centre = <b>{ $name }</b>
nudge-sample = • Анкет за { $days ->
    [one] последний { $days } день
    [few] последние { $days } дня
   *[other] последние { $days } дней
}: { $respondents } из { $min_respondents }, от работодателей { $employers } из { $min_employers }. Для официального индекса нужно ещё { $need_respondents }, из них от работодателей — { $need_employers }. Разместите QR-плакат на видном месте и предложите анкету посетителям.
nudge-evidence = • Требований без принятых подтверждений: { $count }. Отправьте фото или документы через /checklist.
nudge-footer = Подробности — /my_index. Напоминания приходят не чаще раза в неделю.

## Администраторам: еженедельный дайджест

admin-digest-failed = ⚠️ Дайджест за { $week } не опубликован (попытка { $attempt } из { $attempts }): { $error }
    Бот повторит попытку автоматически.
admin-digest-gave-up = ❌ Дайджест за { $week } не опубликован после { $attempts } { $attempts ->
    [one] попытки
   *[other] попыток
}: { $error }
    Проверьте CHANNEL_ID и права бота в канале, затем опубликуйте вручную: python -m bot digest
admin-digest-missed = ❌ Дайджест за { $week } не опубликован: бот не работал в { $scheduled } и не запускался в течение { $hours } { $hours ->
    [one] часа
   *[other] часов
} после этого. Опубликовать вручную: python -m bot digest
