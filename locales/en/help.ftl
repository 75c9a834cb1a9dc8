### /help for roles, and unknown commands. parse_mode HTML.

help-roles-title = <b>Your commands</b>
help-unknown-command = There is no command { $command }. Here is what you can use:
