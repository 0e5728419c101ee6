"""E-mail: composing messages (every one with an unsubscribe and a preferences link) and
handing them to the SMTP server of the settings."""

from __future__ import annotations

import binascii
import os
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, format_datetime, make_msgid

from salesblog.audience import tokens
from salesblog.audience.store import now
from salesblog.config import SiteConfig
from salesblog.site.urls import SiteUrls

SMTP_TIMEOUT = 30


@dataclass
class Mail:
    """A composed e-mail: its recipient, subject and the RFC 5322 bytes SMTP carries."""

    to: str
    subject: str
    data: bytes


def absolute(config: SiteConfig, path: str) -> str:
    return SiteUrls(config).absolute(path)


def personal_links(config: SiteConfig, secret: str, email: str) -> dict[str, str]:
    """The unsubscribe and preferences links of an address (keyed by the address itself, so
    that they work whether or not it is subscribed, and say nothing about it)."""
    address = email.casefold()
    return {
        "unsubscribe_url": absolute(config, "unsubscribe/" + tokens.make(secret, "unsubscribe", address)),
        "preferences_url": absolute(config, "subscribe/preferences/"
                                    + tokens.make(secret, "preferences", address)),
    }


def _header(name: str, value: str) -> bytes:
    """One header line; a line break in a value cannot start a header of its own."""
    value = " ".join(value.split())
    if not value.isascii():
        value = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    return f"{name}: {value}\r\n".encode("ascii")


def _part(kind: str, text: str) -> bytes:
    body = "\r\n".join(text.splitlines()) + "\r\n"
    return (f"Content-Type: text/{kind}; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + \
        binascii.b2a_qp(body.encode("utf-8"), istext=True)


def compose(config: SiteConfig, secret: str, to: str, subject: str, text: str,
            html: str | None = None, name: str = "", links: dict[str, str] | None = None) -> Mail:
    """A message to `to` with List-Unsubscribe (RFC 8058 one-click) and a preferences link.
    Written out directly (text in quoted-printable UTF-8): the e-mail package takes ten times
    as long, which a digest to thousands of readers feels."""
    links = links or personal_links(config, secret, to)
    footer = (f"\n\n--\nE-mail preferences: {links['preferences_url']}\n"
              f"Unsubscribe: {links['unsubscribe_url']}\n")
    recipient = formataddr((name, to), "utf-8") if name else to
    head = b"".join([
        _header("From", formataddr((config.title, config.mail.from_address), "utf-8")),
        _header("To", recipient),
        _header("Subject", subject),
        _header("Date", format_datetime(now())),
        _header("Message-ID", make_msgid(domain=config.mail.from_address.rpartition("@")[2])),
        _header("List-Unsubscribe", f"<{links['unsubscribe_url']}>"),
        _header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        b"MIME-Version: 1.0\r\n",
    ])
    if html is None:
        return Mail(recipient, subject, head + _part("plain", text + footer))
    boundary = f"==sb-{secrets.token_hex(12)}"  # "==" never occurs in quoted-printable text
    body = (f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\n").encode() + _part("plain", text + footer) + \
        f"\r\n--{boundary}\r\n".encode() + _part("html", html) + f"\r\n--{boundary}--\r\n".encode()
    return Mail(recipient, subject, head + body)


class SmtpTransport:
    """One SMTP connection, opened on the first message and reused for the next ones."""

    def __init__(self, config: SiteConfig):
        self.settings = config.mail
        self.connection: smtplib.SMTP | None = None

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        if self.connection is None:
            self.connection = self._open()
        try:
            self.connection.sendmail(sender, [recipient], data)
        except (smtplib.SMTPException, OSError):
            self.close()  # the next message starts on a fresh connection
            raise

    def _open(self) -> smtplib.SMTP:
        mail = self.settings
        if mail.tls == "ssl":
            connection = smtplib.SMTP_SSL(mail.host, mail.port, timeout=SMTP_TIMEOUT,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT)
        try:
            if mail.tls == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if mail.user:
                connection.login(mail.user, os.environ.get(mail.password_env, ""))
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None
