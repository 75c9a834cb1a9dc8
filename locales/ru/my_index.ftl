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
# Момент, который описывает вся карточка: расчёт недели или (без расчёта) «сейчас».
mi-as-of-run = 🗓 По итогам недели: { $week } · расчёт { $date }, { $time } { $tz }
mi-as-of-now = 🗓 По состоянию на { $date }, { $time } { $tz }
# $abbr — сокращение часового пояса (MSK) или смещение (UTC+05).
mi-tz = { $abbr ->
    [MSK] МСК
   *[other] { $abbr }
}
mi-index = Индекс: <b>{ $index }</b> из 10{ $official ->
    [yes] {""}
   *[no] , предварительно
} { $change }
mi-index-none = Индекс: пока нет данных — анкет за этот период нет.
mi-change = ({ $delta } за неделю)
mi-no-prev = (прошлой недели нет для сравнения)
mi-status = { $official ->
    [yes] Официальный индекс
   *[no] ⚠️ Анкет пока мало: индекс, подындексы и слабые места — предварительные
}
mi-subindices = Соискатели: { $seeker } · работодатели: { $employer }
mi-sample-title = <b>Анкеты за { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}</b> (правило { $min_respondents } / { $min_employers })
mi-sample-all = Всего: { $bar } { $count } из { $goal }
mi-sample-employers = От работодателей: { $bar } { $count } из { $goal }
mi-sample-done = ✅ Выборки хватает для официального индекса.
mi-sample-need = Не хватает: { $respondents } { $respondents ->
    [one] анкеты
   *[other] анкет
}, из них от работодателей — { $employers }.
# Анкеты, заполненные после расчёта: в индексе и на «звезде» их ещё нет.
mi-since = 🆕 После расчёта: { $count } { $count ->
    [one] новая анкета
    [few] новые анкеты
   *[other] новых анкет
}, из них от работодателей { $employers }. Они войдут в индекс при следующем еженедельном расчёте.
mi-since-none = После расчёта новых анкет пока нет.
mi-weakest-title = <b>Слабые места</b> (доля от максимума){ $official ->
    [yes] {""}
   *[no] {" "}— предварительно
}
mi-weakest-row = { $rank }. { $name } — { $percent }
mi-children-centre = <b>Центры региона</b> ({ $count })
mi-children-region = <b>Регионы</b> ({ $count })
# $change — пусто или « ▲0,12» с пробелом впереди.
mi-child-row = { $rank }. { $name } — { $index }{ $change }
mi-child-preliminary = • { $name } — { $index }{ $change } (предварительный)
mi-child-nodata = • { $name } — нет данных
mi-more = …и ещё { $count }
mi-updated = Методика { $methodology }
# Подпись под большим числом на «звезде» центра или региона.
mi-star-index-of-centre = из 10 — индекс центра
mi-star-index-of-region = из 10 — индекс региона

## /my_index: практики центра в «Конструкторе клиентского опыта» и очередь экспертов

mi-practices-title = 💡 <b>Практики вашего центра</b> в «Конструкторе»: { $count }{ $more ->
    [yes] {" "}(показаны последние)
   *[no] {""}
}
# $centre пусто или « · название центра» (когда центров у человека несколько).
mi-practices-row = { $number }. { $title } — { $state }{ $centre }
mi-practices-hint = Откройте практику кнопкой ниже. Новая практика: /practice
mi-practices-none = 💡 Практик вашего центра в «Конструкторе клиентского опыта» пока нет. Описать первую: /practice
mi-practice-state = { $state ->
    [pending] на проверке
    [returned] возвращена на доработку
    [accepted] одобрена
    [posted] одобрена, в канале
    [rejected] отклонена
   *[other] черновик
}
mi-practice-opened = Состояние: <b>{ $state }</b>
mi-practice-comment = Комментарий эксперта: { $comment }
mi-practice-edit = Исправьте и отправьте снова: /practice
mi-practices-queue = { $count ->
    [0] ✅ Практик на проверке { $scope ->
        [all] нет.
       *[regions] в ваших регионах нет.
    }
   *[other] 📝 Ждут проверки { $scope ->
        [all] во всех регионах
       *[regions] в ваших регионах
    }: { $count } { $count ->
        [one] практика
        [few] практики
       *[other] практик
    }.
}
mi-practices-queue-button = 📝 Открыть очередь проверки

## Кнопки под карточкой центра: комментарии посетителей и плакат с QR-кодом

mi-comments-button = 💬 Комментарии ({ $count })
mi-poster-button = 🖨 Плакат с QR-кодом
mi-tools-forbidden = Это доступно только рабочей группе этого центра.
mi-comments-none = За последние { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
} комментариев к анкетам этого центра нет.
mi-comments-title = 💬 <b>Комментарии посетителей</b> · { $name }
mi-comments-subtitle = За { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}: { $count } { $count ->
    [one] комментарий
    [few] комментария
   *[other] комментариев
} · стр. { $page } из { $pages }. Анонимно: без имён и дат, только неделя.
mi-comments-week = <b>{ $week }</b>
mi-comments-row = — { $text }
mi-comments-newer = ‹ Новее
mi-comments-older = Старее ›
mi-comments-page = { $page } / { $pages }
cmd-poster = Плакат с QR-кодом для центра
mi-poster-not-allowed = Плакат с QR-кодом центра получают его рабочая группа и администраторы.
mi-poster-forbidden = Плакат этого центра может получить только его рабочая группа.
mi-poster-unknown = Центра с кодом «{ $code }» нет. Проверьте код, например: /poster 77-cao
mi-poster-usage = Отправьте /poster и код центра, например: /poster 77-cao
mi-poster-pick = Плакат какого центра прислать?
mi-poster-making = Готовлю плакат…
mi-poster-ready = 🖨 <b>Плакат с QR-кодом</b> · { $name }
    PDF — для печати на листе A4 (в настройках печати — «по размеру страницы»), PNG — чтобы переслать или показать на экране. QR-код открывает бот с уже выбранным центром: { $link }
    Повесьте плакат у входа и там, где посетители ждут приёма.
mi-poster-png = Плакат, PNG 300 dpi
mi-poster-pdf = Плакат, PDF A4 — для печати

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
admin-digest-unknown = ❓ Неизвестно, опубликован ли дайджест за { $week }: отправка в канал началась { $started }, а ответа Telegram нет ({ $error }). Сам бот его повторять не будет, чтобы не опубликовать дважды.
    Проверьте канал. Если поста нет, опубликуйте: python -m bot digest --force
admin-digest-skipped = ℹ️ Дайджест за { $week } не опубликован: { $reason ->
    [no-index] индекс по стране не рассчитан ({ $count } { $count ->
        [one] анкета
        [few] анкеты
       *[other] анкет
    } за { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    })
   *[too-few] по стране { $count } { $count ->
        [one] анкета
        [few] анкеты
       *[other] анкет
    } за { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }, а нужно не менее { $minimum } (DIGEST_MIN_QUESTIONNAIRES)
}. Пустой пост в канал не отправлен, на этой неделе бот больше пробовать не будет.
    Когда анкет станет достаточно: python -m bot snapshot, затем python -m bot digest
admin-digest-channel = ⚠️ Дайджест за { $week } не опубликован: канал { $channel } не найден ({ $error }).
    Проверьте CHANNEL_ID и что бот — администратор канала. Бот попробует снова через 30 минут.
