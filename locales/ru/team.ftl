### Команда: приглашения и роли (администраторы, эксперты). Отправляется с parse_mode HTML;
### всё, что ввёл человек, экранируется в коде.

## Приглашения (роли)
invite-granted-staff = Готово: вы в рабочей группе центра «{ $scope }». Команда /checklist покажет требования и поможет отправить подтверждения.
invite-granted-expert = Готово: вы эксперт региона «{ $scope }». Команда /review покажет подтверждения на проверку.
invite-granted-expert-all = Готово: вы эксперт по всем регионам. Команда /review покажет подтверждения на проверку.
invite-granted-admin = Готово: вы администратор бота.
invite-error-unknown = Ссылка-приглашение не найдена. Проверьте, что скопировали её целиком, или попросите новую.
invite-error-used = Это приглашение уже использовано. Попросите у администратора новое.
invite-error-expired = Срок действия приглашения истёк. Попросите у администратора новое.
invite-error-revoked = Это приглашение отозвано. Обратитесь к администратору.

## Приглашения и роли (администраторы, эксперты)
adm-not-admin = Эта команда доступна только администраторам бота.
adm-invite-role = Кого пригласить?
adm-btn-staff = 👥 Сотрудника рабочей группы центра
adm-btn-expert = 🔎 Эксперта
adm-btn-cancel = Отмена
adm-btn-all-regions = 🌐 Все регионы
adm-pick-region-staff = В каком регионе центр?
adm-pick-region-expert = Какой регион будет проверять эксперт?
adm-pick-centre = Центр — { $region }:
adm-invite-cancelled = Хорошо, приглашение не создано.
adm-invite-ready =
    <b>Приглашение готово</b>
    Роль: { $role }
    Действует { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}, до { $date } ({ $zone }), и только один раз.

    Перешлите ссылку человеку, для которого она создана:
    { $link }

    Передумали или отправили не тому — отзовите: /invites
adm-role-staff = рабочая группа центра «{ $scope }»
adm-role-expert = эксперт региона «{ $scope }»
adm-role-expert-all = эксперт всех регионов
adm-role-admin = администратор
adm-roles-not-allowed = Список ролей доступен администраторам и экспертам.
adm-roles-empty = Ролей пока нет. Пригласить: /invite
adm-roles-title = <b>Роли</b> (всего { $count }):
adm-roles-line = { $n }. { $role } — <a href="tg://user?id={ $user_id }">{ $user }</a>, с { $date }
person-unnamed = пользователь { $id }
adm-roles-hint = Чтобы отозвать роль, нажмите ✖ с её номером.
adm-btn-revoke-n = ✖ { $n }
adm-revoke-confirm = Отозвать роль «{ $role }» ({ $user })?
adm-btn-revoke-yes = Да, отозвать
adm-btn-revoke-no = Нет
adm-revoked = Роль отозвана.
adm-error-forbidden = У вас нет прав на это действие.
adm-error-gone = Этой роли уже нет.
adm-error-scope = Центр или регион не найден.
adm-btn-invites = 📋 Неиспользованные приглашения
adm-invites-empty = Неиспользованных приглашений нет. Создать: /invite
adm-invites-title = <b>Неиспользованные приглашения</b>: { $count ->
    [one] { $count } ссылка
    [few] { $count } ссылки
   *[many] { $count } ссылок
}
adm-invites-line = { $n }. { $role } — создал <a href="tg://user?id={ $user }">{ $user }</a>, действует до { $date } (UTC)
adm-invites-hint = Чтобы отозвать приглашение, нажмите ✖ с его номером: ссылка сразу перестанет работать.
adm-invite-revoked = Приглашение отозвано: по ссылке роль больше не выдаётся.
adm-invite-gone-used = Это приглашение уже использовано: отозвать его нельзя. Роль можно отозвать в /roles.
adm-invite-gone-revoked = Это приглашение уже отозвано.
adm-invite-gone-expired = Срок действия этого приглашения уже истёк.
adm-invite-gone-unknown = Этого приглашения больше нет.
