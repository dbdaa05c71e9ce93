"""Just enough of a browser for the admin, over one keep-alive connection: cookies,
the fields a form would submit, signing in (bench/concurrency.py)."""

import http.client
import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from . import scratch

# Every editor account of a benchmark registry has this password.
PASSWORD = "concurrent editors"


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])
        name = attrs.get("name", "")
        if not self.inside or not name or "__prefix__" in name or "disabled" in attrs:
            return
        if tag == "input" and attrs.get("type") != "submit":
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append([name, attrs.get("value") or ""])
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea = [name, ""]
            self.fields.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Django writes a newline after <textarea>, which browsers drop.
            self.textarea[1] = self.textarea[1].removeprefix("\r\n").removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data


def form_errors(page):
    """The text of a page's form error lists, to say why a save was refused."""
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", match).split())
                      for match in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S))


class Browser:
    """One keep-alive connection with cookies: just enough of a browser for the admin."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection(scratch.HOST, port, timeout=60)
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode([tuple(field) for field in fields]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, response.getheader("Location", ""), content

    def form(self, path, form_id):
        status, _, page = self.request("GET", path)
        reader = FormReader(form_id)
        reader.feed(page)
        return status, reader.fields

    def sign_in(self, username):
        _, fields = self.form("/admin/login/", "login-form")
        fields = dict(fields) | {"username": username, "password": PASSWORD, "next": "/admin/"}
        status, location, _ = self.request("POST", "/admin/login/", list(fields.items()))
        if (status, location) != (302, "/admin/"):
            raise RuntimeError(f"{username} could not sign in ({status})")
