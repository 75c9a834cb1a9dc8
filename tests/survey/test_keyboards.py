"""The question's keyboard: built without packing every button, the same data as packing."""

from __future__ import annotations

import pytest

from bot.i18n import Translations
from handlers.survey import keyboards
from handlers.survey.callbacks import AnswerCb, BackCb
from handlers.tickets.callbacks import TkAskCb
from services.survey import HARD_TO_SAY

T = Translations().get("ru")


@pytest.mark.parametrize(("index", "current", "answered"), [(0, None, False), (7, 3, True)])
def test_every_button_carries_what_packing_its_callback_data_gives(
    index: int, current: int | None, answered: bool
) -> None:
    markup = keyboards.question(T, 2**31 - 1, index, current, answered)
    rows = markup.inline_keyboard
    expected = [
        [AnswerCb(q=2**31 - 1, n=index, v=v).pack() for v in range(1, 6)],
        [AnswerCb(q=2**31 - 1, n=index, v=HARD_TO_SAY).pack()],
        *([[BackCb(q=2**31 - 1, n=index - 1).pack()]] if index > 0 else []),
        [TkAskCb(c="").pack()],
    ]
    assert [[b.callback_data for b in row] for row in rows] == expected
    for row in rows[:2]:
        for button in row:
            assert button.callback_data is not None
            assert AnswerCb.unpack(button.callback_data).q == 2**31 - 1
    labels = [b.text for b in rows[0]]
    assert labels == [("· 3 ·" if v == current else str(v)) for v in range(1, 6)]
    # What goes to Telegram: only the two fields that were set, as for a validated button.
    assert markup.model_dump(exclude_none=True)["inline_keyboard"][0][0] == {
        "text": labels[0],
        "callback_data": expected[0][0],
    }


def test_an_id_out_of_bounds_is_still_refused() -> None:
    with pytest.raises(ValueError):
        keyboards.question(T, 2**31, 0, None, False)
