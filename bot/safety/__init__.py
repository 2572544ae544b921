"""Crisis language and the SOS path."""
