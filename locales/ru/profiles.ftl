# /profiles: профили клиентских групп региона (seed 002)
cmd-profiles = Профили клиентских групп региона

profiles-not-allowed = Профили клиентских групп ведут рабочие группы центров и эксперты регионов. Если вы сотрудник центра, попросите администратора прислать приглашение.
profiles-pick-region = Профили какого региона показать?
profiles-list-title = 👥 <b>Профили клиентских групп — { $region }</b>
    Составлено { $count } из { $target } (нужно не меньше { $target }, и каждый обновлять не реже раза в год).
profiles-item = { $n }. <b>{ $name }</b> ({ $kind }) — { $age }
profiles-list-empty = Пока ни одного профиля. «Среднего клиента» не бывает: опишите группы, с которыми работают центры региона.
profiles-list-hint = Открыть профиль — кнопка с его номером; новый — «➕ Новый профиль».
profiles-age = { $months ->
    [0] обновлён в этом месяце
   *[other] обновлён { $months } { $months ->
        [one] месяц
        [few] месяца
       *[many] месяцев
    } назад
}
profiles-needs-refresh = ⚠️ пора обновить
profiles-kind-seekers = соискатели
profiles-kind-employers = работодатели
profiles-button-new = ➕ Новый профиль
profiles-button-edit = ✏️ Изменить
profiles-button-list = 📋 Все профили региона
profiles-button-resume = ▶️ Продолжить черновик
profiles-button-discard = 🗑 Удалить черновик
profiles-button-skip = ⏭ Пропустить
profiles-button-keep = ⏭ Оставить как есть
profiles-button-save = 💾 Сохранить профиль
profiles-button-cancel = ✖️ Отмена
profiles-pick-kind = Кого описывает профиль?
profiles-ask-name = Как называется группа ({ $kind })? Например: «Предпенсионеры», «Молодые родители», «Руководители малого бизнеса». До { $limit } { $limit ->
    [one] символа
   *[other] символов
}.
profiles-ask-field = Шаг { $step } из { $total } · { $section }
    <b>{ $label }</b>
profiles-hint-text = Одним сообщением, до { $limit } { $limit ->
    [one] символа
   *[other] символов
}. Можно пропустить.
profiles-hint-lines = Списком: каждый пункт с новой строки, до { $items } { $items ->
    [one] пункта
   *[other] пунктов
} по { $limit } { $limit ->
    [one] символу
   *[other] символов
}. Можно пропустить.
profiles-hint-choice = Выберите вариант кнопкой или пропустите.
profiles-current = Сейчас: { $value }
profiles-not-text = Здесь нужен текст: пришлите ответ сообщением или нажмите кнопку под вопросом.
profiles-draft-waiting = 📝 У вас есть несохранённый черновик профиля «{ $name }». Продолжить его?
profiles-draft-discarded = Черновик удалён.
profiles-cancelled = Отменено, профиль не сохранён. Начать заново: /profiles.
profiles-saved = ✅ Профиль сохранён.
profiles-updated = ✅ Профиль обновлён, его возраст отсчитывается заново.
profiles-card-caption = <b>{ $name }</b> ({ $kind }), { $region }
    { $age }
profiles-practices = 📚 { $count ->
    [one] { $count } практика в базе связана с этим профилем
    [few] { $count } практики в базе связаны с этим профилем
   *[many] { $count } практик в базе связаны с этим профилем
}
profiles-button-practices = 📚 Практики с этим профилем ({ $count })

profiles-error-forbidden = Это доступно только рабочей группе и экспертам региона этого профиля.
profiles-error-gone = Этого профиля больше нет.
profiles-error-empty = Пустой ответ. Напишите текст или нажмите «Пропустить».
profiles-error-too_long = ✂️ Слишком длинно: { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
} при пределе { $limit }. Сократите и пришлите ещё раз — всё, что вы ввели раньше, сохранено.
profiles-error-too_many = Слишком много пунктов: { $count } при пределе { $limit }. Объедините или сократите список и пришлите ещё раз.
profiles-error-kind = Неизвестный вид профиля.
profiles-error-choice = Здесь выбор из вариантов: нажмите одну из кнопок под вопросом.
profiles-error-stale = Эта кнопка уже не действует.

# /my_index для экспертов и напоминания рабочим группам
profiles-summary = 👥 Профили клиентских групп: { $count } из { $target }.
profiles-summary-overdue = ⚠️ Пора обновить ({ $count }): { $names }.
profiles-summary-hint = Профили клиентских групп региона: /profiles
