### /audit — журнал действий администраторов и экспертов. parse_mode HTML.

cmd-audit = Журнал действий администраторов и экспертов
audit-not-admin = Журнал действий доступен только администраторам.
audit-title = 🗂 <b>Журнал действий</b> — { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[other] { $count } записей
}, новые сверху
audit-filter-kind = Действие: { $kind }
audit-filter-person = Кто: { $person }
audit-line = <b>{ $at }</b> · { $actor }
    { $kind } · { $object }
    { $detail }
audit-empty = Записей нет.
audit-actor-cli = командная строка
audit-btn-kind = 🔎 Действие
audit-btn-person = 👤 Кто
audit-btn-clear = ✖ Сбросить фильтры
audit-btn-export = 📥 Excel
audit-any-kind = Любое действие
audit-anyone = Все
audit-pick-kind = Какие действия показать?
audit-pick-person = Чьи действия показать?
audit-kind-invite_created = Приглашение создано
audit-kind-invite_used = Приглашение использовано
audit-kind-invite_revoked = Приглашение отозвано
audit-kind-role_granted = Роль выдана
audit-kind-role_revoked = Роль отозвана
audit-kind-objective_changed = Объективные показатели изменены
audit-kind-evidence_accepted = Подтверждение принято
audit-kind-evidence_rejected = Подтверждение отклонено
audit-kind-export_made = Выгрузка
