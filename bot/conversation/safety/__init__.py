"""The crisis path: what starts it, the check-in question for possible risk, the SOS path and its words."""
