"""The practice base ("customer experience builder", seed 001; issue 12): the Telegram side."""
