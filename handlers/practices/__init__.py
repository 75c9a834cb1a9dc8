"""The practice base «Конструктор клиентского опыта» (issue 12): the Telegram side."""
