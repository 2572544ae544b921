"""The terminal front end: `cbt-bot try FLOW` runs a flow with the real engine, in a shell."""
