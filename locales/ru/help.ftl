### /help для ролей и неизвестные команды. parse_mode HTML.

help-roles-title = <b>Ваши команды</b>
help-unknown-command = Команды { $command } нет. Вот что можно:
