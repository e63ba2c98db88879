"""Notes: a dated thread of short notes on a checklist item or a partner (who wrote
what, when). A note is added, never edited over: nothing one person wrote is lost when
another saves."""
