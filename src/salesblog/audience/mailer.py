"""E-mail: composing messages (every one with an unsubscribe and a preferences link) and
handing them to the SMTP server of the settings."""

from __future__ import annotations

import email.policy
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid

from salesblog.audience import tokens
from salesblog.audience.store import now
from salesblog.config import SiteConfig
from salesblog.site.urls import SiteUrls

SMTP_TIMEOUT = 30
# CRLF line ends, as SMTP wants them; long lines allowed up to SMTP's own limit, so that a
# List-Unsubscribe URL stays one plain word instead of being encoded to fit 78 columns.
POLICY = email.policy.SMTP.clone(max_line_length=998)


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


def compose(config: SiteConfig, secret: str, to: str, subject: str, text: str,
            html: str | None = None, name: str = "") -> EmailMessage:
    """A message to `to` with List-Unsubscribe (RFC 8058 one-click) and a preferences link."""
    links = personal_links(config, secret, to)
    message = EmailMessage(policy=POLICY)
    message["From"] = formataddr((config.title, config.mail.from_address))
    message["To"] = formataddr((name, to)) if name else to
    message["Subject"] = subject
    message["Date"] = format_datetime(now())
    message["Message-ID"] = make_msgid(domain=config.mail.from_address.rpartition("@")[2])
    message["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    footer = (f"\n\n--\nE-mail preferences: {links['preferences_url']}\n"
              f"Unsubscribe: {links['unsubscribe_url']}\n")
    message.set_content(text + footer)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


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
        except smtplib.SMTPException:
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
