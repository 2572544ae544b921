"""The therapist's web dashboard (issue 13): a third front end beside Telegram (bot/transport) and the terminal
(bot/console). aiohttp serves server-rendered, autoescaped pages under /dashboard/ from the bot's own process;
the pages read through the same storage unit of work and the same therapist functions as the bot, and every
read of a client's data is audited as it is there."""
