"""Operating the bot: health and readiness probes, Prometheus metrics, request ids for the logs.

The engine and the conversation know nothing of this. The transport, the sender, the dispatchers and the
store call a few named hooks on an `Observer` (observer.py); with metrics off it is the do-nothing base
class, and the metrics module is never imported."""
