"""CBT practice bot: flows, engine and front ends."""
