"""The conversation with one person: plain incoming events in, plain replies out, every step committed
with its update id. Knows storage and the engine; knows nothing of Telegram."""
