"""E-mail: the outbox (every message written in the transaction that causes it), the
SMTP sender, the message templates and each person's preferences per kind."""
