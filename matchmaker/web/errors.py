"""Error pages for people: the same errors the API answers in JSON, drawn as a Dutch page for any address outside
``/api/`` (the app's one error mapping, :mod:`matchmaker.errors`, hands them here)."""
from __future__ import annotations

from flask import Flask, render_template

from matchmaker.i18n import N_, gettext as _

#: status → (title, what to do), English msgids
PAGES = {
    400: (N_("This form has expired"), N_("Go back, reload the page and try again.")),
    403: (N_("You may not see this page"), N_("Your account has no access to this page. Go back to your start page.")),
    404: (N_("Page not found"), N_("Check the address, or go back to your start page.")),
    405: (N_("Page not found"), N_("Check the address, or go back to your start page.")),
    413: (N_("What you sent is too large"), N_("Send less at once and try again.")),
    422: (N_("Something in the form is not right"), N_("Go back, check the form and try again.")),
    429: (N_("Too many attempts"), N_("Wait a quarter of an hour and try again.")),
    500: (N_("Something went wrong on our side"), N_("Try again later. The error has been recorded.")),
    503: (N_("The service is busy"), N_("Try again in a minute.")),
}


def error_page(status: int):
    title, advice = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    return render_template("web/error.html", title=_(title), advice=_(advice), status=status), status


def register_error_pages(app: Flask) -> None:
    app.extensions["matchmaker.error_page"] = error_page
