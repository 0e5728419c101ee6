"""The blog's audience: offers and leads, e-mail subscribers and digests, editorial e-mails,
all sent through one outbox table."""
