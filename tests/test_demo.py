"""``x400fast demo`` end to end with a small N: every message accepted,
fetched over P7 and delivered over P3, and the printed counts say so."""
from __future__ import annotations

import io
import re

import pytest

from x400fast.__main__ import main
from x400fast.demo import Progress, body_text, run_demo


def _counts(out: str) -> dict:
    found = {}
    for key in ("accepted", "rejected", "in_doubt", "not_sent", "listed", "fetched",
                "deleted", "delivered", "duplicates"):
        m = re.search(r"(\d+) %s\b" % key, out)
        assert m, "no %s count in:\n%s" % (key, out)
        found[key] = int(m.group(1))
    found["summarize"] = int(re.search(r"summarize (\d+)", out).group(1))
    return found


def test_demo_command_counts_every_message(capsys):
    rc = main(["demo", "-n", "25", "--window", "8", "--batch", "10", "--quiet"])
    out = capsys.readouterr()
    assert rc == 0, out.out
    c = _counts(out.out)
    assert c == {"accepted": 25, "rejected": 0, "in_doubt": 0, "not_sent": 0,
                 "summarize": 25, "listed": 25, "fetched": 25, "deleted": 25,
                 "delivered": 25, "duplicates": 0}
    assert "result: OK, nothing lost" in out.out
    assert re.search(r"submission .* [0-9]+ msg/s", out.out)
    assert out.err == ""            # --quiet: no bar


def test_demo_spread_over_associations():
    res = run_demo(12, window=4, associations=3, batch=5)
    assert res.ok, res.report()
    assert res.submission == {"accepted": 12, "rejected": 0, "in_doubt": 0, "not_sent": 0}
    assert (res.fetched, res.deleted, res.delivered) == (12, 12, 12)


def test_bad_arguments_are_a_usage_error(capsys):
    assert main(["demo", "-n", "0", "--quiet"]) == 2


def test_progress_bar_only_when_enabled():
    s = io.StringIO()
    Progress(s, False).update("x", 1, 2, 0.0, force=True)
    assert s.getvalue() == ""
    p = Progress(s, True)
    p.update("x", 1, 2, 0.0, force=True)
    assert "1/2" in s.getvalue() and s.getvalue().startswith("\r")


@pytest.mark.parametrize("size", [1, 64, 1024, 5000])
def test_body_text_has_the_asked_size(size):
    assert len(body_text(size, 7)) == size
