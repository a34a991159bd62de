"""The scorecard as a complete MIME message that `sendmail -t` sends as it is.

multipart/alternative with a text/plain part (the text format, 80 columns, no escape codes)
and a text/html part (the html format), both UTF-8 in quoted-printable so the message is
7-bit clean for any mail server, with no line over 76 characters. Headers: From, To,
Subject (naming the agencies and the period), Date, Message-ID, MIME-Version. Lines end
in "\\n", the local convention that `sendmail` expects on its standard input.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import default
from email.utils import formatdate, make_msgid, parseaddr

from mrp_tui.output.errors import AddressError

#: RFC 2045 §6.7: quoted-printable lines are at most 76 characters. The body encoder takes
#: its line length from the policy, whose default (78) is RFC 5322's header limit and gives
#: encoded lines of 77; 76 serves both (headers fold shorter, which is allowed).
POLICY = default.clone(max_line_length=76)


def _domain(sender: str | None) -> str:
    """The Message-ID's domain: the sender's (no DNS lookup, unlike make_msgid's default)."""
    address = parseaddr(sender or "")[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    return domain if domain and all(c.isalnum() or c in ".-" for c in domain) else "mrp-tui"


def _set_address(message: EmailMessage, header: str, value: str) -> None:
    try:
        message[header] = value
        addresses = message[header].addresses
    except (ValueError, TypeError, IndexError) as err:
        raise AddressError(f"--{header.lower()} {value!r}: not an email address ({err})") from err
    if not addresses or any(not a.addr_spec or "@" not in a.addr_spec for a in addresses):
        raise AddressError(f"--{header.lower()} {value!r}: not an email address")


def build_message(text: str, html: str, subject: str, to: Sequence[str] = (),
                  sender: str | None = None) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    if sender:
        _set_address(message, "From", sender)
    if to:
        _set_address(message, "To", ", ".join(to))
    message["Subject"] = " ".join(subject.split())  # one line, whatever it holds
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for part in message.iter_parts():
        del part["MIME-Version"]  # belongs on the message only
    return message


def render_email(text: str, html: str, subject: str, to: Sequence[str] = (),
                 sender: str | None = None) -> str:
    return build_message(text, html, subject, to, sender).as_string()
