### Вопросы специалистам центра (issue 13). Отправляются с parse_mode HTML.

cmd-ask = Задать вопрос специалисту
cmd-tickets = Вопросы посетителей и сроки ответов
cmd-templates = Шаблоны ответов

## Спрашивающий
tickets-btn-ask = ❓ Задать вопрос специалисту
tickets-btn-cancel = Отмена
tickets-ask-prompt =
    <b>Вопрос специалисту</b>
    Его получит { $to ->
        [experts] эксперт региона центра «{ $centre }»: у центра пока нет рабочей группы в боте
       *[other] рабочая группа центра «{ $centre }»
    }. Сотрудники увидят только номер вопроса — не ваше имя и не аккаунт.

    Напишите вопрос одним сообщением (до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }). Можно приложить фото или документ с подписью. Не пишите лишних личных данных.
tickets-ack =
    <b>Вопрос №{ $id } принят.</b> Его получил центр «{ $centre }».
    Ответ придёт сюда, в этот чат, до { $due } — в течение { $hours } { $hours ->
        [one] рабочего часа
       *[other] рабочих часов
    } центра.
tickets-writing-command = Сейчас я жду ваш вопрос одним сообщением. Передумали — нажмите «Отмена» под приглашением написать вопрос.
tickets-cancelled = Хорошо, вопрос не отправлен.
# Текст ответа бот добавляет сам, после пустой строки.
tickets-answer = <b>Ответ на ваш вопрос №{ $id }</b> · { $centre }
tickets-btn-resolved = ✅ Вопрос решён
tickets-btn-more = ↩️ Ответить ещё раз
tickets-more-prompt = Напишите уточнение к вопросу №{ $id } одним сообщением (до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }). Уточнить можно один раз.
tickets-more-ack = Уточнение к вопросу №{ $id } передано. Ответ придёт сюда до { $due }.
tickets-rate-prompt = Спасибо! Оцените, пожалуйста, ответ на вопрос №{ $id }: от 1 (плохо) до 5 (отлично).
tickets-rated = Спасибо за оценку!
tickets-rated-text = Ваша оценка ответа: { $value } из 5. Спасибо!

## Сотрудники и эксперты
tickets-card =
    ❓ <b>Вопрос №{ $id }</b> · { $centre }
    Получен: { $created }
    Ответить до: { $due }
    { $status }
# Подписи к цитатам на карточке; текст бот добавляет сам.
tickets-card-question = <b>Вопрос:</b>
tickets-card-answer = <b>Ответ:</b>
tickets-card-file = 📎 Вложение: { $kind ->
        [photo] фото
       *[other] документ
    }
tickets-card-skipped = … { $count ->
        [one] ещё { $count } сообщение переписки не поместилось в карточку
        [few] ещё { $count } сообщения переписки не поместились в карточку
       *[many] ещё { $count } сообщений переписки не поместились в карточку
    } …
tickets-status-open = 🟡 Свободен: возьмите его или сразу ответьте.
tickets-status-taken = 🔵 Взял(а): { $name }
tickets-status-escalated = 🟠 Передан эксперту региона.
tickets-status-answered = 🟢 Отвечен.
tickets-status-closed = ⚪ Закрыт.
tickets-btn-answer = ✍️ Ответить
tickets-btn-take = 🙋 Взять себе
tickets-btn-pass = ⤴️ Передать эксперту региона
tickets-btn-file = 📎 Показать вложение
tickets-btn-send = 📤 Отправить как есть
tickets-taken-by-you = Вопрос №{ $id } теперь ваш.
tickets-answer-prompt =
    Напишите ответ на вопрос №{ $id } одним сообщением (до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }). Он придёт спрашивающему в его чат с ботом.{ $templates ->
        [0] {""}
       *[other] {" "}Или выберите шаблон ниже — его можно отправить как есть или прислать исправленный текст.
    }
# Между двумя строками бот показывает текст шаблона.
tickets-template-preview = <b>Шаблон для ответа на вопрос №{ $id }:</b>
tickets-template-preview-hint = Отправьте как есть или пришлите исправленный текст одним сообщением.
tickets-answer-sent = Ответ на вопрос №{ $id } доставлен.
tickets-asker-blocked = Ответ на вопрос №{ $id } сохранён, но доставить его нельзя: спрашивающий заблокировал бота или удалил свои данные. Вопрос закрыт.
tickets-answer-cancelled = Хорошо, ответ на вопрос №{ $id } не отправлен. Вопрос остаётся за вами: /tickets.
tickets-passed = Вопрос №{ $id } передан эксперту региона.
tickets-passed-intro = ⤴️ Рабочая группа передала вам вопрос №{ $id }.
tickets-passed-nobody = В регионе нет эксперта, поэтому о вопросе №{ $id } сообщено администраторам.
tickets-followup-intro = ↩️ Уточнение к вопросу №{ $id }.
tickets-file-caption = Вложение к вопросу №{ $id }
tickets-file-gone = Вложение к вопросу №{ $id } больше недоступно.
tickets-overdue-intro = ⏰ Вопрос №{ $id } не получил ответа в срок и передан вам как эксперту региона.
tickets-overdue-staff = ⏰ Срок ответа на вопрос №{ $id } прошёл: вопрос передан эксперту региона. Ответить ещё можно — /tickets.
tickets-overdue-staff-nobody = ⏰ Срок ответа на вопрос №{ $id } прошёл, а эксперта в регионе нет: сообщено администраторам. Пожалуйста, ответьте — /tickets.
tickets-admin-nobody = ⚠️ На вопрос №{ $id } (центр { $centre }) некому ответить: у центра нет рабочей группы, а у региона — эксперта. Пригласите их командой /invite.

## /tickets
tickets-not-staff = Команда /tickets — для рабочих групп центров, экспертов и администраторов.
tickets-view-title = <b>Вопросы посетителей</b> · за { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }
tickets-view-centre = • <b>{ $name }</b>: открытых { $open }{ $overdue ->
        [0] {""}
       *[other] {" "}(просрочено { $overdue })
    } · в срок { $share } % ({ $ontime } из { $answered }) · оценка { $rating } ({ $rated })
tickets-view-none = Вопросов пока не было.
tickets-view-more = …и ещё { $count } { $count ->
        [one] центр
        [few] центра
       *[other] центров
    }.
tickets-view-open = Ждут ответа ({ $count }) — нажмите номер, чтобы открыть вопрос:

## /templates
tickets-templates-not-allowed = Шаблоны ответов ведут рабочие группы центров (шаблоны центра) и эксперты регионов (шаблоны для всего региона).
tickets-tpl-region = Весь регион: { $region }
tickets-tpl-pick = Чьи шаблоны открыть?
tickets-tpl-title = <b>Шаблоны ответов</b> · { $scope } · { $count ->
        [0] пока нет
       *[other] { $count }
    }
tickets-btn-tpl-add = ➕ Добавить шаблон
tickets-btn-tpl-edit = ✏️ { $n }
tickets-btn-tpl-del = ✖ { $n }
tickets-tpl-prompt = Пришлите текст шаблона одним сообщением (до { $limit } { $limit ->
        [one] символа
       *[other] символов
    }).
tickets-tpl-current = Сейчас:
tickets-tpl-saved = Шаблон сохранён.
tickets-tpl-removed = Шаблон удалён.

## Еженедельная сводка комментариев
tickets-comments-title =
    💬 <b>Комментарии посетителей</b> · { $centre } · неделя { $week }: { $count }
    Без имён и без связи с ответами — в алфавитном порядке.
tickets-comments-short = • «{ $text }»{ $count ->
        [1] {""}
       *[other] {" "}× { $count }
    }
tickets-comments-footer = Ответить публично можно через /news («Вы сказали — мы сделали»).

## Ошибки
tickets-error-empty = Вопрос пустой: напишите его текстом (стикер не подойдёт) или приложите фото или документ.
tickets-error-too_long = Вопрос слишком длинный: { $length } { $length ->
        [one] символ
        [few] символа
       *[other] символов
    } при максимуме { $limit }. Сократите его и отправьте ещё раз — ваш текст остался в сообщении выше.
tickets-error-answer_empty = Ответ — это текст одним сообщением. Напишите его.
tickets-error-answer_too_long = Ответ слишком длинный: { $length } { $length ->
        [one] символ
        [few] символа
       *[other] символов
    } при максимуме { $limit }. Сократите его и отправьте ещё раз.
tickets-error-no_centre = Сначала выберите центр занятости: отправьте /start. Кнопка «❓ Задать вопрос специалисту» есть на каждом шаге опроса.
tickets-error-no_consent = Чтобы задать вопрос, сначала дайте согласие на обработку данных: отправьте /start.
tickets-error-own_centre = Вы в рабочей группе этого центра, поэтому не можете задать вопрос ему самому.
tickets-error-throttled = У вас уже { $limit } { $limit ->
        [one] открытый вопрос
        [few] открытых вопроса
       *[other] открытых вопросов
    }. Дождитесь ответа на них, и можно будет задать новый.
tickets-error-forbidden = Этот вопрос — не для вас: его видит рабочая группа другого центра.
tickets-error-taken = Этот вопрос уже взял другой сотрудник.
tickets-error-answered = На этот вопрос уже ответили.
tickets-error-closed = Этот вопрос уже закрыт.
tickets-error-stale = Эта кнопка уже не действует.
tickets-error-not_asker = Эта кнопка относится к чужому вопросу.
tickets-error-not_answered = На этот вопрос ещё не ответили.
tickets-error-follow_up_used = Уточнить вопрос можно один раз. Если нужно ещё — задайте новый вопрос.
tickets-error-rated = Вы уже оценили этот ответ. Спасибо!
tickets-error-passed = Этот вопрос уже передан эксперту региона.
tickets-error-templates_full = Шаблонов уже { $limit } — это максимум. Удалите ненужный.
tickets-error-template_gone = Этого шаблона больше нет.
