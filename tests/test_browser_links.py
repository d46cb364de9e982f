"""A crafted link in a real Chromium: no outside request, no link or image from the address.

``/?step=![x](http://evil.example/p.png)`` used to make the browser fetch an
outside image, and ``/Jacobian?output=[…](http://evil.example/)`` to render a
clickable link. The notes must quote such values as plain text.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from browser_support import assert_no_exception, assert_no_problems, open_app

pytestmark = pytest.mark.browser

HOST = "evil.example"
IMAGE = f"![x](http://{HOST}/p.png)"
LINK = f"[sign in](http://{HOST}/login)"
HTML = f"<img src=http://{HOST}/h.png>"


def hostile(page) -> tuple[int, int]:
    """Links and images in the page that point at the outside host."""
    links = page.locator(f'a[href*="{HOST}"]').count()
    images = page.locator(f'img[src*="{HOST}"]').count()
    return links, images


@pytest.mark.parametrize(
    ("path", "params", "echoed"),
    [
        ("", {"step": IMAGE, "lang": LINK, "present": HTML}, [IMAGE, LINK, HTML]),
        ("Jacobian", {"output": IMAGE, "wrt": LINK, "lang": HTML}, [IMAGE, LINK, HTML]),
        ("Chain_rule", {"x": IMAGE, "y": LINK, "z": HTML}, [IMAGE, LINK, HTML]),
        ("Lessons", {"lesson": IMAGE, "lstep": LINK, "lang": HTML}, [IMAGE, LINK, HTML]),
    ],
    ids=["main", "jacobian", "chain-rule", "lessons"],
)
def test_a_crafted_link_puts_nothing_on_the_page(
    page, page_problems, app_url, path, params, echoed
):
    open_app(page, f"{app_url}/{path}?" + urlencode(params, quote_via=quote, safe=""))
    page.wait_for_timeout(500)  # give an injected image time to be requested

    assert_no_exception(page)
    assert hostile(page) == (0, 0)
    notes = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    for value in echoed:
        assert value in notes, (value, notes)  # quoted, as typed
    assert_no_problems(page_problems)  # no request to an outside host among them
