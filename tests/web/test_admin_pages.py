"""The admin's pages through the test client: the start page leads to every region's coordinator view."""
from __future__ import annotations

import re

from matchmaker.services.places import REGIONS


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_admin_start_page_links_to_every_region(signed_in):
    client = signed_in("admin")
    page = text(client.get("/start"))
    linked = {name: href for href, name in re.findall(r'<a class="utrecht-link" href="(/regio/[^"]+)">([^<]+)</a>', page)}
    for code, name in REGIONS.items():
        assert linked[name] == f"/regio/{code}"
    region = client.get(linked["Twente"])
    assert region.status_code == 200 and "Twente" in text(region)
