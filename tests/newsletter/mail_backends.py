"""A mail server that refuses some addresses (Django's locmem backend otherwise): a test double
of the SMTP server, not of our code."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("refuse") for address in message.to):
                raise SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)
